/** diff and plan: object-level changes between renders, and what each means for the clusters. */
import { diffTrees, diffValues, indexObjects } from '../../src/review/diff';
import { Lookup, explain } from '../../src/review/meaning';
import { renderPlatforms, toYamlDocuments } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';
import { shopPlatform, webService } from '../support/fixtures';

function plan(before: PlatformSpec, after: PlatformSpec) {
  const next = renderPlatforms([after]);
  const index = indexObjects(next);
  const lookup: Lookup = (cluster, kind, namespace, name) =>
    [...index.values()].find((e) => e.cluster === cluster && e.object.kind === kind && e.object.metadata.name === name && e.object.metadata.namespace === namespace)?.object;
  return diffTrees(renderPlatforms([before]), next).map((change) => ({ change, notes: explain(change, lookup) }));
}

describe('diffValues', () => {
  it('lists every differing leaf with its path', () => {
    expect(diffValues({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3], d: true } })).toEqual([
      { path: 'b.c[1]', before: 2, after: 3 },
      { path: 'b.d', before: undefined, after: true },
    ]);
  });
});

describe('plan', () => {
  it('has nothing to say about an unchanged spec', () => {
    expect(plan(shopPlatform(), shopPlatform())).toEqual([]);
  });

  it('explains a lower ceiling in pods and requests per second, as a caution', () => {
    const before = shopPlatform({}, { autoscaling: { ...webService().autoscaling!, requestsPerSecondPerPod: 100 } });
    const after = shopPlatform({ regions: { east: { zones: ['a'], services: { web: { autoscaling: { maxReplicas: 8 } } } }, west: { zones: ['b'] } } },
      { autoscaling: { ...webService().autoscaling!, requestsPerSecondPerPod: 100 } });
    const result = plan(before, after);
    const hpa = result.find((r) => r.change.kind === 'HorizontalPodAutoscaler' && r.change.cluster === 'shop/east')!;
    expect(hpa.change.fields).toEqual([{ path: 'spec.maxReplicas', before: 12, after: 8 }]);
    expect(hpa.notes).toEqual([{ level: 'caution', text: 'ceiling 12 → 8 pods (800 req/s at 100 per pod): load beyond the new ceiling queues or fails' }]);
  });

  it('explains a new image as a rolling update, and label-only changes as harmless', () => {
    const result = plan(shopPlatform(), shopPlatform({}, { image: 'registry.internal/shop/web:1.5.0' }));
    const deployment = result.find((r) => r.change.kind === 'Deployment' && r.change.cluster === 'shop/east')!;
    expect(deployment.notes).toContainEqual({
      level: 'info', text: 'rolling update of 3–12 pods to registry.internal/shop/web:1.5.0 (maxSurge 25%, up to 1 extra pods at a time at minReplicas)',
    });
    const account = result.find((r) => r.change.kind === 'ServiceAccount' && r.change.cluster === 'shop/east')!;
    expect(account.notes).toEqual([{ level: 'info', text: 'metadata only: nothing running changes' }]);
  });

  it('prices a bigger request at the floor and the ceiling', () => {
    const result = plan(shopPlatform(), shopPlatform({}, { resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } } }));
    const deployment = result.find((r) => r.change.kind === 'Deployment' && r.change.cluster === 'shop/east')!;
    expect(deployment.notes).toContainEqual({
      level: 'caution', text: 'cpu request per pod 500m → 1: +1.5 CPU reserved at minReplicas, +6 CPU at maxReplicas',
    });
  });

  it('describes behavior and target changes', () => {
    const result = plan(shopPlatform(), shopPlatform({}, { autoscaling: { ...webService().autoscaling!, cpuUtilization: 50, behavior: 'burst-then-settle' } }));
    const hpa = result.find((r) => r.change.kind === 'HorizontalPodAutoscaler' && r.change.cluster === 'shop/west')!;
    expect(hpa.notes.map((n) => n.text)).toEqual([
      'scale-up 50%/30s or (higher) 5 pods/30s, window 0s → 100%/15s or (higher) 4 pods/15s, window 0s',
      'scale-down 25%/300s or (higher) 2 pods/300s, window 300s → 50%/60s, window 300s',
      'cpu target 70 → 50: at the same load the HPA runs 40% more pods',
    ]);
  });

  it('flags a removed namespace and a changed selector as dangers', () => {
    const deployment = (instance: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'store' },
      spec: { selector: { matchLabels: { 'app.kubernetes.io/instance': instance } }, template: {} },
    });
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' } };
    const before = new Map([['p/east/00-cluster.yaml', toYamlDocuments([namespace])], ['p/east/10-store.yaml', toYamlDocuments([deployment('a')])]]);
    const after = new Map([['p/east/10-store.yaml', toYamlDocuments([deployment('b')])]]);
    const notes = diffTrees(before, after).map((c) => explain(c, () => undefined));
    expect(notes).toEqual([
      [{ level: 'danger', text: 'the selector is immutable: apply will fail; the Deployment must be deleted and recreated, taking its pods with it' }],
      [{ level: 'danger', text: 'prunes namespace old and everything in it' }],
    ]);
  });

  it('explains KEDA ScaledObject bounds like an HPA', () => {
    const { asyncPlatform, celeryAsync, queue } = require('../support/async-fixtures');
    const before = asyncPlatform(celeryAsync());
    const after = asyncPlatform(celeryAsync({ queues: { high_priority: queue({ tier: 'high', prefetchMultiplier: 1, maxTaskDurationSeconds: 30, pollingIntervalSeconds: 5, maxWorkers: 30 }), reports: celeryAsync().queues!.reports } }));
    const scaled = plan(before, after).find((r) => r.change.kind === 'ScaledObject' && r.change.cluster === 'shop/east')!;
    // The KEDA fallback is half the ceiling (KEDA_FALLBACK), so it follows: 10 → 15.
    expect(scaled.change.fields).toEqual([{ path: 'spec.fallback.replicas', before: 10, after: 15 }, { path: 'spec.maxReplicaCount', before: 20, after: 30 }]);
    expect(scaled.notes).toEqual([{ level: 'info', text: 'ceiling 20 → 30 pods' }]);
  });

  it('warns when a budget would block drains', () => {
    const result = plan(shopPlatform(), shopPlatform({}, { disruption: { maxUnavailable: 1 } }));
    const pdb = result.find((r) => r.change.kind === 'PodDisruptionBudget' && r.change.cluster === 'shop/east')!;
    expect(pdb.notes).toEqual([{ level: 'info', text: 'a drain may evict 1 of 3 pods at minReplicas' }]);
  });
});
