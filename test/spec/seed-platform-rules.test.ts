/** Rules seeds 001 and 002 brought: vpa-hpa-conflict, region-runs-only, seed-contradiction. */
import { commerce, CRITICAL_SERVICES } from '../../platforms/commerce';
import { isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { renderObjects, shopPlatform } from '../support/fixtures';

describe('vpa-hpa-conflict', () => {
  const withVpa = (verticalScaling: any, autoscaling?: any) => shopPlatform({}, {
    verticalScaling,
    ...(autoscaling ? { autoscaling } : {}),
  });

  it.each(['Auto', 'Recreate', 'InPlaceOrRecreate', 'Initial'])('refuses updateMode %s on the CPU the HPA scales on', (updateMode) => {
    const errors = validatePlatform(withVpa({ updateMode })).filter(isError);
    expect(errors).toEqual([{
      path: 'shop.namespaces.store.services.web.verticalScaling.updateMode',
      rule: 'vpa-hpa-conflict',
      message: `updateMode '${updateMode}' changes the cpu requests the HPA's utilization target is a percentage of: the two controllers fight over the same resource; use 'Off' (recommendations only) or leave cpu out of controlledResources`,
    }]);
  });

  it('admits Off on every resource, and Auto on memory only when the HPA scales on CPU only', () => {
    expect(validatePlatform(withVpa({ updateMode: 'Off' })).filter(isError)).toEqual([]);
    expect(validatePlatform(withVpa({ updateMode: 'Auto', controlledResources: ['memory'] })).filter(isError)).toEqual([]);
    const both = { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70, memoryUtilization: 80, behavior: 'fast-up-gentle-down' };
    expect(validatePlatform(withVpa({ updateMode: 'Auto', controlledResources: ['memory'] }, both)).filter(isError).map((e) => e.rule)).toEqual(['vpa-hpa-conflict']);
  });

  it('renders the VPA beside the HPA with the resource policy of the spec', () => {
    const objects = renderObjects(withVpa({ updateMode: 'Off', controlledResources: ['memory'], maxAllowed: { memory: '4Gi' } }));
    const vpa = objects.find((o) => o.file === 'shop/east/10-store.yaml' && o.object.kind === 'VerticalPodAutoscaler')!.object;
    expect(vpa.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('5');
    expect(vpa.spec).toEqual({
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      updatePolicy: { updateMode: 'Off' },
      resourcePolicy: { containerPolicies: [{ containerName: 'web', controlledResources: ['memory'], maxAllowed: { memory: '4Gi' } }] },
    });
    // The VPA's CRD and controller come as an add-on Application.
    expect(objects.some((o) => o.object.kind === 'Application' && o.object.spec?.source?.chart === 'vertical-pod-autoscaler'
      && o.object.spec.source.targetRevision === '0.11.0')).toBe(true);
  });
});

describe('region-runs-only', () => {
  it('refuses a service that is not declared', () => {
    const spec = shopPlatform({ regions: { east: { zones: ['a'], runsOnly: { api: 'the API' } }, west: { zones: ['b'] } } });
    expect(validatePlatform(spec).filter(isError)).toEqual([{
      path: 'shop.regions.east.runsOnly.api', rule: 'region-runs-only', message: "no namespace declares a service 'api'; declared: web",
    }]);
  });

  it('refuses a region that runs a caller without the service it calls', () => {
    const { 'fraud-detection': _dropped, ...rest } = CRITICAL_SERVICES;
    const spec = { ...commerce, regions: { ...commerce.regions, apac: { ...commerce.regions.apac, runsOnly: rest } } };
    expect(validatePlatform(spec).filter(isError)).toEqual([{
      path: 'commerce.regions.apac.runsOnly', rule: 'region-runs-only',
      message: 'payment runs in apac and calls fraud-detection, which does not: add fraud-detection to runsOnly or drop the call',
    }]);
  });
});

describe('seed-contradiction', () => {
  it('says nothing when the render holds the quoted number', () => {
    const spec = { ...commerce, seedClaims: [{ says: 'US-East: 18 nodes (6 shards × 3 replicas)', redis: 'cache', region: 'us-east', shards: 6, because: 'n/a' }] };
    expect(validatePlatform(spec).filter((i) => i.rule === 'seed-contradiction')).toEqual([]);
  });

  it('quotes the seed when the render departs from it', () => {
    const spec = { ...commerce, seedClaims: [{ says: 'EU-Central: 12 nodes (4 shards × 3 replicas)', redis: 'cache', region: 'eu-central', shards: 5, because: 'test' }] };
    expect(validatePlatform(spec).filter((i) => i.rule === 'seed-contradiction')).toEqual([{
      path: 'commerce.seedClaims.0', rule: 'seed-contradiction', severity: 'warning',
      message: 'the seed says "EU-Central: 12 nodes (4 shards × 3 replicas)", but the platform renders 4 shards × 3 nodes = 12 nodes (eu-central): test',
    }]);
  });
});
