/** plan --format markdown: the review of two renders, as a pull-request comment reads it. */
import { renderPlatforms, toYamlDocuments } from '../../src/compile';
import { compareTrees } from '../../src/cli/plan';
import { capacityOf } from '../../src/review/capacity';
import { KubeObject, diffValues } from '../../src/review/diff';
import { buildReview } from '../../src/review/review';
import { COMMENT_MARKER, renderMarkdown } from '../../src/review/markdown';
import { shopPlatform, webService } from '../support/fixtures';
import { PlatformSpec } from '../../src/spec/types';

function reviewTrees(before: Map<string, string>, after: Map<string, string>) {
  const input = compareTrees(before, after);
  return buildReview(input.changes, input.lookup, input.objectsOf);
}
const review = (before: PlatformSpec, after: PlatformSpec) => reviewTrees(renderPlatforms([before]), renderPlatforms([after]));
const tree = (objects: object[]) => new Map([['p/east/10-app.yaml', toYamlDocuments(objects)]]);

describe('lists diffed by merge key', () => {
  it('pairs containers, env and ports by name, not index: an inserted item is one addition', () => {
    const before = { containers: [{ name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] };
    const after = { containers: [{ name: 'sidecar', image: 's:1' }, { name: 'app', image: 'a:2', env: [{ name: 'Z', value: '0' }, { name: 'A', value: '1' }, { name: 'B', value: '3' }] }] };
    expect(diffValues(before, after)).toEqual([
      { path: 'containers[name=sidecar]', before: undefined, after: { name: 'sidecar', image: 's:1' } },
      { path: 'containers[name=app].env[name=Z]', before: undefined, after: { name: 'Z', value: '0' } },
      { path: 'containers[name=app].env[name=B].value', before: '2', after: '3' },
      { path: 'containers[name=app].image', before: 'a:1', after: 'a:2' },
    ]);
  });

  it('pairs unnamed container ports by containerPort, Service ports by port, volume mounts by mountPath', () => {
    expect(diffValues({ ports: [{ containerPort: 80 }, { containerPort: 90, protocol: 'TCP' }] }, { ports: [{ containerPort: 90, protocol: 'UDP' }] })).toEqual([
      { path: 'ports[containerPort=90].protocol', before: 'TCP', after: 'UDP' },
      { path: 'ports[containerPort=80]', before: { containerPort: 80 }, after: undefined },
    ]);
    expect(diffValues({ ports: [{ port: 80, targetPort: 8080 }] }, { ports: [{ port: 443, targetPort: 8443 }, { port: 80, targetPort: 8081 }] })).toEqual([
      { path: 'ports[port=443]', before: undefined, after: { port: 443, targetPort: 8443 } },
      { path: 'ports[port=80].targetPort', before: 8080, after: 8081 },
    ]);
    expect(diffValues({ volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }] }, { volumeMounts: [{ mountPath: '/cache', name: 'tmp' }, { mountPath: '/tmp', name: 'tmp' }] })).toEqual([
      { path: 'volumeMounts[mountPath=/cache]', before: undefined, after: { mountPath: '/cache', name: 'tmp' } },
    ]);
  });

  it('falls back to indexes when the key repeats or is missing', () => {
    expect(diffValues({ args: ['a', 'b'] }, { args: ['b'] })).toEqual([
      { path: 'args[0]', before: 'a', after: 'b' },
      { path: 'args[1]', before: 'b', after: undefined },
    ]);
    expect(diffValues({ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, { env: [{ name: 'A', value: '1' }] })).toEqual([
      { path: 'env[1]', before: { name: 'A', value: '2' }, after: undefined },
    ]);
  });
});

describe('capacity', () => {
  it('counts pods and requests at the floor and ceiling from HPAs, ScaledObjects and fixed replicas', () => {
    const deployment = (name: string, replicas: number | undefined, cpu: string, memory: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ns' },
      spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers: [{ name, resources: { requests: { cpu, memory } } }, { name: 'side', resources: { requests: { cpu: '100m' } } }] } } },
    });
    const objects = [
      deployment('api', undefined, '1', '2Gi'),
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api-hpa', namespace: 'ns' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, minReplicas: 4, maxReplicas: 10 } },
      deployment('worker', undefined, '500m', '1Gi'),
      { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'worker', namespace: 'ns' }, spec: { scaleTargetRef: { name: 'worker' }, maxReplicaCount: 30 } },
      deployment('beat', 2, '250m', '256Mi'),
    ] as KubeObject[];
    // api 4–10 × 1.1 cores, 2 GiB; worker 0–30 × 0.6 cores, 1 GiB; beat 2 × 0.35 cores, 0.25 GiB.
    const capacity = capacityOf(objects);
    expect(capacity.podsAtFloor).toBe(6);
    expect(capacity.podsAtCeiling).toBe(42);
    expect(capacity.coresAtFloor).toBeCloseTo(4 * 1.1 + 2 * 0.35, 9);
    expect(capacity.coresAtCeiling).toBeCloseTo(10 * 1.1 + 30 * 0.6 + 2 * 0.35, 9);
    expect(capacity.memoryAtFloor).toBe((4 * 2 + 2 * 0.25) * 2 ** 30);
    expect(capacity.memoryAtCeiling).toBe((10 * 2 + 30 + 2 * 0.25) * 2 ** 30);
  });
});

describe('review', () => {
  it('folds a version-label change into one noise line and keeps the rest in the details', () => {
    const result = review(shopPlatform(), shopPlatform({}, { image: 'registry.internal/shop/web:1.5.0' }));
    expect(result.noise).toEqual([{ label: 'app.kubernetes.io/version', before: '1.4.2', after: '1.5.0', objects: 12, labelOnly: 10 }]);
    expect(result.details.map((d) => `${d.change.cluster} ${d.change.kind}`)).toEqual(['shop/east Deployment', 'shop/west Deployment']);
    // The template's version label rolls pods, but beside the new image it is not repeated.
    expect(result.details[0].fields.map((f) => f.path)).toEqual(['spec.template.spec.containers[name=web].image']);
    expect(result.clusters.map((c) => [c.cluster, c.changed, c.labelOnly])).toEqual([['east', 1, 5], ['west', 1, 5]]);
  });

  it('keeps a version label that only the pod template changes in the details: it rolls the pods', () => {
    const deployment = (version: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'store', labels: { 'app.kubernetes.io/version': version } },
      spec: { template: { metadata: { labels: { 'app.kubernetes.io/version': version } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
    });
    const result = reviewTrees(tree([deployment('1')]), tree([deployment('2')]));
    expect(result.noise).toEqual([{ label: 'app.kubernetes.io/version', before: '1', after: '2', objects: 1, labelOnly: 0 }]);
    expect(result.details[0].fields).toEqual([
      { path: 'metadata.labels.app.kubernetes.io/version', before: '1', after: '2' },
      { path: 'spec.template.metadata.labels.app.kubernetes.io/version', before: '1', after: '2' },
    ]);
    expect(result.details[0].notes).toEqual([{ level: 'info', text: 'rolling update of every pod (maxSurge 25%)' }]);
  });

  it('pairs a renamed service and flags what the rename prunes, dangers first', () => {
    const result = review(shopPlatform(), shopPlatform({ namespaces: { store: { services: { storefront: webService() } } } }));
    expect(result.renames.map((r) => `${r.cluster} ${r.kind} ${r.from}→${r.to} ${r.fields.length}`)).toEqual([
      'shop/east Deployment web→storefront 0', 'shop/east HorizontalPodAutoscaler web→storefront 0', 'shop/east PodDisruptionBudget web→storefront 0',
      'shop/east ServiceAccount web→storefront 0', 'shop/east ServiceMonitor web→storefront 0', 'shop/east Service web→storefront 0',
      'shop/west Deployment web→storefront 0', 'shop/west HorizontalPodAutoscaler web→storefront 0', 'shop/west PodDisruptionBudget web→storefront 0',
      'shop/west ServiceAccount web→storefront 0', 'shop/west ServiceMonitor web→storefront 0', 'shop/west Service web→storefront 0',
    ]);
    // The dashboards name the service, so they change in place; nothing else does.
    expect(result.details.map((d) => `${d.change.cluster} ${d.change.kind} ${d.change.name}`)).toEqual(['shop/east ConfigMap shop-dashboard', 'shop/west ConfigMap shop-dashboard']);
    expect([result.dangers, result.cautions]).toEqual([4, 8]);
    expect(result.flags.map((f) => `${f.level} ${f.cluster} ${f.subject}`).slice(0, 5)).toEqual([
      'danger shop/east Deployment store/web → store/storefront', 'danger shop/east Service store/web → store/storefront',
      'danger shop/west Deployment store/web → store/storefront', 'danger shop/west Service store/web → store/storefront',
      'caution shop/east HorizontalPodAutoscaler store/web → store/storefront',
    ]);
    expect(result.clusters.map((c) => [c.added, c.removed, c.renamed])).toEqual([[0, 0, 6], [0, 0, 6]]);
  });

  it('does not pair a removed and an added object that differ in more than a tenth of their fields', () => {
    const config = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data });
    const nine = Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, 'v']));
    // 10 leaves (apiVersion, kind, namespace, 7 keys...): one differing leaf is within the tolerance, two are not.
    const near = reviewTrees(tree([config('old', nine)]), tree([config('new', { ...nine, k0: 'w' })]));
    expect(near.renames.map((r) => [r.from, r.to, r.fields])).toEqual([['old', 'new', [{ path: 'data.k0', before: 'v', after: 'w' }]]]);
    const far = reviewTrees(tree([config('old', nine)]), tree([config('new', { ...nine, k0: 'w', k1: 'w' })]));
    expect(far.renames).toEqual([]);
    expect(far.flags).toEqual([{ level: 'caution', cluster: 'p/east', subject: 'ConfigMap ns/old', text: 'Argo CD prunes ConfigMap old' }]);
  });
});

describe('renderMarkdown', () => {
  it('lays out marker, headline, table, flags, noise and collapsed details', () => {
    const before = shopPlatform();
    const after = shopPlatform({ regions: { east: { zones: ['a'], services: { web: { autoscaling: { maxReplicas: 8 } } } }, west: { zones: ['b'] } } },
      { image: 'registry.internal/shop/web:1.5.0' });
    const markdown = renderMarkdown(review(before, after));
    const sections = markdown.split('\n\n');
    expect(sections.slice(0, 4)).toEqual([
      `${COMMENT_MARKER}\n### platform-compiler plan`,
      // The lower ceiling changes the HPA, the Deployment's image and the namespace's ResourceQuota.
      '**0 dangers, 1 caution** · 4 changed, 0 added, 0 removed, 0 renamed, 9 with only a version-label change',
      '| platform | cluster | added | changed | removed | renamed | pods at floor | pods at ceiling | Δ cores (floor / ceiling) | Δ memory (floor / ceiling) |\n'
        + '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
        + '| shop | east | 0 | 3 | 0 | 0 | 3 → 3 | 12 → 8 | 0 / −2 | 0 / −2 GiB |\n'
        + '| shop | west | 0 | 1 | 0 | 0 | 3 → 3 | 12 → 12 | 0 / 0 | 0 / 0 GiB |',
      '#### Risk flags',
    ]);
    expect(sections[4]).toBe('- ⚠️ **caution** · `shop/east` · HorizontalPodAutoscaler store/web: ceiling 12 → 8 pods: load beyond the new ceiling queues or fails');
    expect(sections.slice(5, 7)).toEqual(['#### Noise', '- `app.kubernetes.io/version` `1.4.2` → `1.5.0` on 12 objects (9 change nothing else)']);
    expect(sections[7]).toBe('<details><summary>shop/east: 3 objects in detail</summary>');
    expect(sections[8].split('\n')).toEqual([
      '- `~` Deployment `store/web`',
      '  - `spec.template.spec.containers[name=web].image`: `registry.internal/shop/web:1.4.2` → `registry.internal/shop/web:1.5.0`',
      '  - rolling update of 3–8 pods to registry.internal/shop/web:1.5.0 (maxSurge 25%, up to 1 extra pods at a time at minReplicas)',
      '- `~` HorizontalPodAutoscaler `store/web`',
      '  - `spec.maxReplicas`: `12` → `8`',
      '  - ⚠️ caution: ceiling 12 → 8 pods: load beyond the new ceiling queues or fails',
      // The namespace quota follows the ceiling: (8 + 2 surge) × 0.5 CPU + 10 % headroom, rounded up.
      '- `~` ResourceQuota `store/store-quota`',
      '  - `spec.hard.limits.cpu`: `17` → `11`',
      '  - `spec.hard.limits.memory`: `17Gi` → `11Gi`',
      '  - `spec.hard.pods`: `17` → `11`',
      '  - `spec.hard.requests.cpu`: `9` → `6`',
      '  - `spec.hard.requests.memory`: `9Gi` → `6Gi`',
      '  - 5 field(s) change',
    ]);
    expect(sections[9]).toBe('</details>');
  });

  it('says so when nothing changes', () => {
    expect(renderMarkdown(review(shopPlatform(), shopPlatform()))).toBe(`${COMMENT_MARKER}\n### platform-compiler plan\n\nNo changes: the clusters already run what the spec says.\n`);
  });
});
