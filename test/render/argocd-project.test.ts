import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { checkProjectsPermitApplications } from '../../src/render/argocd/applications';
import type { RenderedObject } from '../../src/render/schema-gate';
import { globMatch } from '../../src/render/argocd/glob';
import { Destination, isDestinationPermitted, isGroupKindPermitted, isSourcePermitted } from '../../src/render/argocd/project';

const K8S = 'https://kubernetes.default.svc';

// Cases from Argo CD v3.5's own tests (pkg/apis/application/v1alpha1/types_test.go:
// TestAppProject_IsDestinationPermitted and TestAppProject_IsNegatedDestinationPermitted).
const destinationCases: [Destination[], Destination, boolean][] = [
  [[{ server: K8S, namespace: 'default' }], { server: K8S, namespace: 'default' }, true],
  [[{ server: K8S, namespace: 'default' }], { server: K8S, namespace: 'kube-system' }, false],
  [[{ server: 'https://my-cluster', namespace: 'default' }], { server: K8S, namespace: 'default' }, false],
  [[{ server: K8S, namespace: '*' }], { server: K8S, namespace: 'kube-system' }, true],
  [[{ server: 'https://*.default.svc', namespace: 'default' }], { server: K8S, namespace: 'default' }, true],
  [[{ server: 'https://team1-*', namespace: 'default' }], { server: 'https://test2-dev-cluster', namespace: 'default' }, false],
  [[{ server: K8S, namespace: 'test-*' }], { server: K8S, namespace: 'test-foo' }, true],
  [[{ server: K8S, namespace: 'test-*' }], { server: K8S, namespace: 'test' }, false],
  [[{ server: '*', namespace: '*' }], { server: K8S, namespace: 'test' }, true],
  [[{ server: '', namespace: '*', name: 'test' }], { name: 'test', namespace: 'test' }, true],
  [[{ server: '', namespace: '*', name: 'test2' }], { name: 'test', namespace: 'test' }, false],
  // negation
  [[{ server: `!${K8S}`, namespace: 'default' }], { server: K8S, namespace: 'default' }, false],
  [[{ server: K8S, namespace: '!default' }], { server: K8S, namespace: 'kube-system' }, true],
  [[{ server: '!https://my-cluster', namespace: 'default' }], { server: K8S, namespace: 'default' }, true],
  [[{ server: `!${K8S}`, namespace: '*' }], { server: K8S, namespace: 'kube-system' }, false],
  [[{ server: '!https://*.default.svc', namespace: 'default' }], { server: K8S, namespace: 'default' }, false],
  [[{ server: '!https://team1-*', namespace: 'default' }], { server: 'https://test2-dev-cluster', namespace: 'default' }, true],
  [[{ server: K8S, namespace: '!test-*' }], { server: K8S, namespace: 'test-foo' }, false],
  [[{ server: K8S, namespace: '!test-*' }], { server: K8S, namespace: 'test' }, true],
  [[{ server: '', namespace: '*', name: '!test' }], { name: 'test', namespace: 'test' }, false],
  [[{ server: '', namespace: '*', name: '!test2' }], { name: 'test', namespace: 'test' }, true],
  [[{ server: '*', namespace: 'kube-system' }, { server: '*', namespace: '!kube-system' }], { server: K8S, namespace: 'kube-system' }, false],
  [[{ server: '*', namespace: '*' }, { server: '*', namespace: '!kube-system' }], { server: K8S, namespace: 'kube-system' }, false],
  [[{ server: K8S, namespace: '*' }, { server: `!${K8S}`, namespace: '*' }], { server: K8S, namespace: 'kube-system' }, false],
  [[{ server: '*', namespace: '*' }, { server: `!${K8S}`, namespace: 'kube-system' }], { server: K8S, namespace: 'kube-system' }, false],
  [[{ server: '*', namespace: '*' }, { server: `!${K8S}`, namespace: 'kube-system' }, { server: '*', namespace: '!kube-system' }], { server: K8S, namespace: 'default' }, false],
  [[{ server: '*', namespace: '*' }, { server: `!${K8S}`, namespace: 'kube-system' }, { server: '*', namespace: '!kube-system' }], { server: 'https://test-dev-cluster', namespace: 'kube-system' }, false],
  [[{ server: '', namespace: '*', name: 'test' }, { server: '', namespace: '*', name: '!test' }], { name: 'test', namespace: 'test' }, false],
  // argo-cd#11510: an Application without a namespace is not admitted by a project listing namespaces.
  [[{ name: 'us-east', namespace: 'web' }], { name: 'us-east' }, false],
];

describe('Argo CD AppProject destination matching', () => {
  test.each(destinationCases)('%j admits %j: %s', (destinations, dst, permitted) => {
    expect(isDestinationPermitted({ destinations }, dst)).toBe(permitted);
  });
});

// From TestAppProject_IsSourcePermitted / IsNegatedSourcePermitted: `*` stops at `/`, `**` does not.
const sourceCases: [string[], string, boolean][] = [
  [['https://github.com/argoproj/test.git'], 'https://github.com/argoproj/test.git', true],
  [['https://github.com/argoproj/test.git'], 'https://github.com/argoproj/test', true],
  [['https://github.com/argoproj/*'], 'https://github.com/argoproj/argoproj.git', true],
  [['https://github.com/*/*'], 'https://github.com/test1/test2.git', true],
  [['https://gitlab.com/group/*/*'], 'https://gitlab.com/group/sub-group/repo/owner', false],
  [['!https://gitlab.com/group/*/*/*'], 'https://gitlab.com/group/sub-group/repo/owner', false],
  [['!https://gitlab.com/group/**'], 'https://gitlab.com/group/sub-group/repo/owner', false],
  [['*'], 'https://github.com/argoproj/test.git', true],
  [['https://github.com/argoproj/test1.git', '*'], 'https://github.com/argoproj/test2.git', true],
  [['!https://github.com/argoproj/*.git', '*'], 'https://github.com/argoproj1/test2.git', true],
  [['git@github.com:argoproj/test.git'], 'git@GITHUB.com:argoproj/test', true],
];

describe('Argo CD AppProject source matching', () => {
  test.each(sourceCases)('%j admits %s: %s', (sourceRepos, repo, permitted) => {
    expect(isSourcePermitted({ sourceRepos }, repo)).toBe(permitted);
  });
});

describe('Argo CD AppProject kind matching (TestAppProject_IsGroupKindPermitted)', () => {
  test('a namespace blacklist denies, a whitelist admits only what it lists', () => {
    const p1 = { namespaceResourceWhitelist: [], namespaceResourceBlacklist: [{ group: 'apps', kind: 'Deployment' }] };
    expect(isGroupKindPermitted(p1, { group: 'apps', kind: 'ReplicaSet' }, true)).toBe(false);
    expect(isGroupKindPermitted(p1, { group: 'apps', kind: 'Deployment' }, true)).toBe(false);
    const p2 = { namespaceResourceWhitelist: [{ group: 'apps', kind: 'ReplicaSet' }], namespaceResourceBlacklist: [{ group: 'apps', kind: 'Deployment' }] };
    expect(isGroupKindPermitted(p2, { group: 'apps', kind: 'ReplicaSet' }, true)).toBe(true);
    expect(isGroupKindPermitted(p2, { group: 'apps', kind: 'Action' }, true)).toBe(false);
  });
  test('cluster-scoped kinds need the whitelist; the blacklist wins', () => {
    expect(isGroupKindPermitted({ clusterResourceBlacklist: [{ group: '', kind: 'Namespace' }] }, { group: '', kind: 'Namespace' }, false)).toBe(false);
    const p4 = { clusterResourceWhitelist: [{ group: '*', kind: '*' }], clusterResourceBlacklist: [{ group: '*', kind: '*' }] };
    expect(isGroupKindPermitted(p4, { group: '', kind: 'Namespace' }, false)).toBe(false);
    expect(isGroupKindPermitted(p4, { group: 'apps', kind: 'Action' }, true)).toBe(true);
    expect(isGroupKindPermitted({ clusterResourceWhitelist: [], namespaceResourceWhitelist: [{ group: '*', kind: '*' }] }, { group: '', kind: 'Namespace' }, false)).toBe(false);
    expect(isGroupKindPermitted({}, { group: '', kind: 'Namespace' }, false)).toBe(false);
    expect(isGroupKindPermitted({}, { group: 'apps', kind: 'Action' }, true)).toBe(true);
  });
});

describe('glob', () => {
  test('alternatives, classes and escapes', () => {
    expect(globMatch('{us,eu}-*', 'eu-west')).toBe(true);
    expect(globMatch('[a-c]pac', 'apac')).toBe(true);
    expect(globMatch('[!a]pac', 'apac')).toBe(false);
    expect(globMatch('a\\*', 'a*')).toBe(true);
    expect(globMatch('a\\*', 'ab')).toBe(false);
    expect(globMatch('[unclosed', '[unclosed')).toBe(false);
  });
});

function treeOf(dir: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.yaml')) for (const object of yaml.loadAll(fs.readFileSync(path.join(dir, child), 'utf8'))) if (object) out.push({ file: child, object });
    }
  };
  walk('');
  return out;
}

describe('the rendered tree', () => {
  const dist = path.join(__dirname, '../../dist');

  test('every generated Application and every object it syncs is permitted by its project', () => {
    expect(checkProjectsPermitApplications(treeOf(dist))).toEqual([]);
  });

  test('an Application template without destination.namespace is reported (argo-cd#11510)', () => {
    const tree = treeOf(dist).map((o) => {
      const object = o.object as any;
      if (object.kind !== 'ApplicationSet') return o;
      const copy = JSON.parse(JSON.stringify(object));
      delete copy.spec.template.spec.destination.namespace;
      return { ...o, object: copy };
    });
    const findings = checkProjectsPermitApplications(tree).filter((f) => f.path === 'spec.destination');
    expect(findings.map((f) => f.object)).toEqual([
      'Application argocd/hyperscale-apac', 'Application argocd/hyperscale-eu-west', 'Application argocd/hyperscale-us-east',
      'Application argocd/scaling-architecture-ap-south-1', 'Application argocd/scaling-architecture-eu-west-1', 'Application argocd/scaling-architecture-us-east-1',
      'Application argocd/spike-ready-us-east-1',
    ]);
    expect(findings[0].message).toBe("destination apac namespace '' is not permitted by project 'hyperscale'");
  });

  test('a cluster-scoped kind missing from the whitelist is reported on the object', () => {
    const tree = treeOf(dist).map((o) => {
      const object = o.object as any;
      if (object.kind !== 'AppProject') return o;
      const copy = JSON.parse(JSON.stringify(object));
      copy.spec.clusterResourceWhitelist = copy.spec.clusterResourceWhitelist.filter((k: any) => k.kind !== 'PriorityClass');
      return { ...o, object: copy };
    });
    const findings = checkProjectsPermitApplications(tree).filter((f) => f.path === 'kind');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.object.startsWith('PriorityClass '))).toBe(true);
    expect(findings[0].fix).toBe('add the kind to clusterResourceWhitelist');
  });
});
