/**
 * `validate --tree` on the committed render: every platform folder in dist/ is clean, and a
 * hand-edited copy of dist/ with one fault injected per rule yields exactly those findings.
 */
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as os from 'os';
import * as path from 'path';
import { loadRenderedTree, validateRenderedTree } from '../../../src/render/tree/validate-tree';
import { formatTreeFinding } from '../../../src/render/tree/finding';
import { Doc } from '../../support/tree-fixtures';

const DIST = path.resolve(__dirname, '../../../dist');
const platforms = fs.readdirSync(DIST, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();

describe('validate --tree on dist/', () => {
  it('finds nothing in the whole output folder', () => {
    const tree = loadRenderedTree(DIST);
    expect(tree.objects.length).toBeGreaterThan(250);
    expect(validateRenderedTree(tree).map(formatTreeFinding)).toEqual([]);
  });

  it.each(platforms)('finds nothing in platform folder %s, read on its own', (platform) => {
    expect(validateRenderedTree(loadRenderedTree(path.join(DIST, platform))).map(formatTreeFinding)).toEqual([]);
  });
});

describe('reading a tree', () => {
  it('reads every committed file as js-yaml does (core schema)', () => {
    const tree = loadRenderedTree(DIST);
    const byFile = new Map<string, unknown[]>();
    for (const { file, object } of tree.objects) byFile.set(file, [...(byFile.get(file) ?? []), object]);
    expect(byFile.size).toBe(tree.files);
    for (const [file, objects] of byFile) {
      const text = fs.readFileSync(path.join(DIST, ...file.split('/')), 'utf8');
      expect(objects).toStrictEqual(yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA }).filter((o) => o !== null));
    }
  });

  it('reads hand-written YAML as the API server does: a timestamp stays a string, merge keys merge, a duplicate key is an error', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-tree-read-'));
    try {
      const dir = path.join(work, 'p', 'east');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'a.yaml'), '# notes\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    since: 2024-01-01\n');
      fs.writeFileSync(path.join(dir, 'b.yaml'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels: &l\n    x: "1"\ndata:\n  <<: *l\n');
      fs.writeFileSync(path.join(dir, 'c.yaml'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\n');
      const tree = loadRenderedTree(path.join(work, 'p'));
      const object = (name: string) => tree.objects.find((o) => (o.object as { metadata?: { name?: string } }).metadata?.name === name)?.object as Record<string, any>;
      expect(object('a').metadata.annotations.since).toBe('2024-01-01');
      expect(object('b').data).toEqual({ x: '1' });
      expect(tree.unreadable.map((f) => f.message)).toEqual([expect.stringMatching(/^not valid YAML: duplicated mapping key/)]);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('validate --tree on a hand-edited copy of dist/', () => {
  let work: string;
  const edit = (file: string, change: (docs: Doc[]) => void) => {
    const full = path.join(work, file);
    const docs = yaml.loadAll(fs.readFileSync(full, 'utf8')).filter(Boolean) as Doc[];
    change(docs);
    fs.writeFileSync(full, docs.map((d) => `---\n${yaml.dump(d, { noRefs: true, lineWidth: -1 })}`).join(''));
  };
  const find = (docs: Doc[], kind: string, name: string): Doc => {
    const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-dist-edit-'));
    fs.cpSync(path.join(DIST, 'hyperscale'), path.join(work, 'hyperscale'), { recursive: true });
    edit('hyperscale/us-east/10-web.yaml', (docs) => {
      find(docs, 'Deployment', 'api').spec.replicas = 3;
      docs.push(structuredClone(find(docs, 'ConfigMap', 'hyperscale-dashboard')));
    });
    edit('hyperscale/us-east/10-edge.yaml', (docs) => { find(docs, 'Service', 'kong-proxy').spec.selector['app.kubernetes.io/name'] = 'kong-x'; });
    fs.writeFileSync(path.join(work, 'hyperscale/us-east/20-broken.yaml'), 'kind: [Service\n');
    edit('hyperscale/eu-west/10-web.yaml', (docs) => {
      find(docs, 'ScaledObject', 'worker-normal').spec.scaleTargetRef.name = 'worker-norma';
      find(docs, 'DestinationRule', 'api').spec.host = 'apx.web.svc.cluster.local';
      find(docs, 'VirtualService', 'api').spec.http[0].timeout = '0s';
    });
    edit('hyperscale/apac/10-web.yaml', (docs) => {
      const pdb = find(docs, 'PodDisruptionBudget', 'api').spec;
      delete pdb.maxUnavailable;
      pdb.minAvailable = '100%';
    });
    edit('hyperscale/apac/10-data.yaml', (docs) => {
      find(docs, 'ConfigMap', 'redis-config').metadata.namespace = 'cache';
      find(docs, 'PodDisruptionBudget', 'redis').spec.selector.matchLabels['app.kubernetes.io/name'] = 'redis-x';
    });
    edit('hyperscale/applicationset.yaml', (docs) => { find(docs, 'AppProject', 'hyperscale').spec.sourceRepos = ['https://git.example.com/platform/other.git']; });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('reports each injected fault, and nothing else', () => {
    const findings = validateRenderedTree(loadRenderedTree(work)).map(formatTreeFinding);
    expect(findings).toEqual([
      'hyperscale/us-east/20-broken.yaml: line 2: not valid YAML: unexpected end of the stream within a flow collection [rendered-yaml]',
      "hyperscale/eu-west/10-web.yaml: VirtualService web/api: spec.http[0].timeout: must be a valid duration greater than 1ms (x-kubernetes-validations: duration(self) >= duration('1ms')) [upstream-schema]",
      // A project that no longer lists the repository rejects every Application the ApplicationSet generates.
      "hyperscale/applicationset.yaml: Application argocd/hyperscale-apac: spec.source.repoURL: repository https://git.example.com/platform/hyperscale-gitops.git is not in project 'hyperscale' sourceRepos [argocd-project-permits]",
      "hyperscale/apac/10-data.yaml: ConfigMap cache/redis-config: metadata.namespace: namespace 'cache' on apac is not a destination of project 'hyperscale' (synced by hyperscale-apac) [argocd-project-permits]",
      "hyperscale/applicationset.yaml: Application argocd/hyperscale-eu-west: spec.source.repoURL: repository https://git.example.com/platform/hyperscale-gitops.git is not in project 'hyperscale' sourceRepos [argocd-project-permits]",
      "hyperscale/applicationset.yaml: Application argocd/hyperscale-us-east: spec.source.repoURL: repository https://git.example.com/platform/hyperscale-gitops.git is not in project 'hyperscale' sourceRepos [argocd-project-permits]",
      'hyperscale/eu-west/10-web.yaml: ScaledObject web/worker-normal: spec.scaleTargetRef.name: scales apps/Deployment web/worker-norma, which is not in hyperscale/eu-west/ [scale-target-exists]',
      'hyperscale/us-east/10-web.yaml: Deployment web/api: spec.replicas: sets replicas: 3 but HorizontalPodAutoscaler web/api scales it; every sync resets the count to 3 and fights the autoscaler [autoscaled-replicas-unset]',
      'hyperscale/apac/10-data.yaml: PodDisruptionBudget data/redis: spec.selector: selects no pod template in hyperscale/apac/ namespace data [pdb-selects-pods]',
      'hyperscale/apac/10-web.yaml: PodDisruptionBudget web/api: spec.minAvailable: minAvailable "100%" keeps 100 of 100 pod(s) (Deployment web/api at minReplicas 100): 0 disruptions allowed, so a node drain waits forever [pdb-allows-drain]',
      'hyperscale/us-east/10-edge.yaml: Service edge/kong-proxy: spec.selector: selector {"app.kubernetes.io/name":"kong-x"} matches no pod template in hyperscale/us-east/ namespace edge, so the Service has no endpoints [service-selects-pods]',
      "hyperscale/apac/10-data.yaml: ConfigMap cache/redis-config: metadata.namespace: namespace 'cache' is not rendered in hyperscale/apac/ (no Namespace object), so applying the folder to a new cluster fails [namespace-rendered]",
      "hyperscale/eu-west/10-web.yaml: DestinationRule web/api: spec.host: host 'apx.web.svc.cluster.local' is neither a Service nor a ServiceEntry host in hyperscale/eu-west/, so the mesh has no such destination [mesh-host-registered]",
      'hyperscale/us-east/10-web.yaml: ConfigMap web/hyperscale-dashboard: metadata.name: core ConfigMap web/hyperscale-dashboard is also defined in hyperscale/us-east/10-web.yaml; the later one silently replaces the earlier on apply [object-unique]',
    ]);
  });
});
