/**
 * One failing spec per validation rule: each asserts the rule id, the exact path and the message.
 * Every spec starts from the valid `shop` fixture and breaks one thing.
 */
import { SpecIssue } from '../../src/spec/errors';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import { asyncPlatform, celeryAsync } from '../support/async-fixtures';
import { shopPlatform, webService } from '../support/fixtures';

const WEB = 'shop.namespaces.store.services.web';

function only(platform: PlatformSpec): SpecIssue {
  const issues = validatePlatform(platform);
  expect(issues).toHaveLength(1);
  return issues[0];
}

/** A platform patched through JSON, the way a YAML spec with a typo reaches the validator. */
function loose(patch: (p: any) => void, service: Record<string, unknown> = {}): PlatformSpec {
  const p = JSON.parse(JSON.stringify(shopPlatform({}, service as any)));
  patch(p);
  return p;
}

describe('the fixture itself', () => {
  it('is valid', () => expect(validatePlatform(shopPlatform())).toEqual([]));
});

describe('validation rules', () => {
  it('dns-1123-name: namespace names', () => {
    const p = shopPlatform({ namespaces: { Store_1: { services: { web: webService() } } } });
    expect(only(p)).toEqual({
      path: 'shop.namespaces.Store_1',
      rule: 'dns-1123-name',
      message: "namespace name 'Store_1' is not a DNS-1123 label (lowercase a-z, 0-9, '-', at most 63 characters)",
    });
  });

  it('dns-1123-name: service names must start with a letter', () => {
    const p = shopPlatform({ namespaces: { store: { services: { '9web': webService() } } } });
    expect(only(p)).toMatchObject({ path: 'shop.namespaces.store.services.9web', rule: 'dns-1123-name' });
    expect(only(p).message).toContain("service name '9web' is not a DNS-1035 label");
  });

  it('dns-1123-name: region names name cluster folders', () => {
    const p = shopPlatform({ regions: { 'US East': { zones: ['a'] } } });
    expect(only(p)).toMatchObject({ path: 'shop.regions.US East', rule: 'dns-1123-name' });
  });

  it('duplicate-name: a service name is platform-wide', () => {
    const p = shopPlatform({ namespaces: { store: { services: { web: webService() } }, admin: { services: { web: webService() } } } });
    expect(only(p)).toEqual({
      path: 'shop.namespaces.store.services.web',
      rule: 'duplicate-name',
      message: "service 'web' is already declared in namespace 'admin'; service names are platform-wide (region overrides and labels key on them)",
    });
  });

  it('schema-unknown-key: a typo in a JSON/YAML spec is named, with a suggestion', () => {
    const p = loose((x) => { x.namespaces.store.services.web.autoscaling.minReplica = 3; });
    expect(only(p)).toMatchObject({ path: `${WEB}.autoscaling.minReplica`, rule: 'schema-unknown-key' });
    expect(only(p).message).toContain("unknown key 'minReplica' (did you mean 'minReplicas'?)");
  });

  it('unknown-node-pool', () => {
    expect(only(shopPlatform({}, { nodePool: 'gpu' }))).toEqual({
      path: `${WEB}.nodePool`,
      rule: 'unknown-node-pool',
      message: "node pool 'gpu' is not declared; known pools: compute, general",
    });
  });

  it('node-pool-selector: a pool must select nodes', () => {
    const p = shopPlatform({ nodePools: { general: { nodeLabels: {} } } });
    expect(only(p)).toMatchObject({ path: 'shop.nodePools.general.nodeLabels', rule: 'node-pool-selector' });
  });

  it('regions: at least one', () => {
    expect(only(shopPlatform({ regions: {} }))).toMatchObject({ path: 'shop.regions', rule: 'regions' });
  });

  it('zones: none, or listed twice', () => {
    expect(only(shopPlatform({ regions: { east: { zones: [] } } }))).toMatchObject({ path: 'shop.regions.east.zones', rule: 'zones' });
    expect(only(shopPlatform({ regions: { east: { zones: ['a', 'a'] } } }))).toEqual({
      path: 'shop.regions.east.zones', rule: 'zones', message: "zone 'a' is listed twice",
    });
  });

  it('unknown-override: a region overrides a service nobody declares', () => {
    const p = shopPlatform({ regions: { east: { zones: ['a'], services: { wbe: { replicas: 2 } } } } });
    expect(only(p)).toEqual({
      path: 'shop.regions.east.services.wbe',
      rule: 'unknown-override',
      message: "region 'east' overrides service 'wbe', which no namespace declares",
    });
  });

  it('min-max-replicas: reported at the region override that causes it', () => {
    const p = shopPlatform({ regions: { 'eu-west': { zones: ['a'], services: { web: { autoscaling: { minReplicas: 120, maxReplicas: 100 } } } } } });
    expect(only(p)).toEqual({
      path: 'shop.regions.eu-west.services.web.autoscaling',
      rule: 'min-max-replicas',
      message: 'minReplicas (120) > maxReplicas (100)',
    });
  });

  it('min-max-replicas: minReplicas must be at least 1', () => {
    expect(only(shopPlatform({}, { autoscaling: { ...webService().autoscaling!, minReplicas: 0 } })).message)
      .toBe('minReplicas (0) must be an integer ≥ 1');
  });

  it('replicas-mode: a fixed count and an HPA both', () => {
    expect(only(shopPlatform({}, { replicas: 3 }))).toMatchObject({ path: `${WEB}.replicas`, rule: 'replicas-mode' });
    expect(only(shopPlatform({}, { autoscaling: undefined }))).toMatchObject({ path: `${WEB}.autoscaling`, rule: 'replicas-mode' });
  });

  it('autoscaling-target: at least one metric, percentages in range', () => {
    const none = shopPlatform({}, { autoscaling: { minReplicas: 2, maxReplicas: 4, behavior: 'burst-then-settle' } });
    expect(only(none)).toMatchObject({ path: `${WEB}.autoscaling`, rule: 'autoscaling-target' });
    const over = shopPlatform({}, { autoscaling: { ...webService().autoscaling!, cpuUtilization: 170 } });
    expect(only(over)).toEqual({
      path: `${WEB}.autoscaling.cpuUtilization`, rule: 'autoscaling-target',
      message: 'cpuUtilization (170) must be an integer percentage in 1-100 of the request',
    });
  });

  it('capacity: maxReplicas cannot carry the declared peak', () => {
    const p = shopPlatform({}, { autoscaling: { ...webService().autoscaling!, requestsPerSecondPerPod: 300, peakRequestsPerSecond: 4000 } });
    expect(only(p)).toEqual({
      path: `${WEB}.autoscaling`, rule: 'capacity',
      message: 'peak 4000 req/s at 300 req/s per pod needs 14 pods, but maxReplicas is 12',
    });
  });

  describe('behavior', () => {
    const withBehavior = (behavior: unknown) =>
      loose((x) => { x.namespaces.store.services.web.autoscaling.behavior = behavior; });
    const valid = () => JSON.parse(JSON.stringify(require('../../src/spec/behavior-profiles').BUILTIN_BEHAVIOR_PROFILES['burst-then-settle']));

    it('unknown profile name', () => {
      expect(only(withBehavior('fast'))).toEqual({
        path: `${WEB}.autoscaling.behavior`, rule: 'behavior',
        message: "unknown behavior profile 'fast'; known: burst-then-settle, fast-up-gentle-down, hyperscale-api",
      });
    });
    it('unknown selectPolicy (the L1 type is a plain string, so a typo compiles)', () => {
      const b = valid(); b.scaleUp.selectPolicy = 'Maximum';
      expect(only(withBehavior(b))).toEqual({
        path: `${WEB}.autoscaling.behavior.scaleUp.selectPolicy`, rule: 'schema-enum',
        message: `"Maximum" is not one of Max, Min, Disabled (did you mean 'Max'?)`,
      });
    });
    it('unknown policy type', () => {
      const b = valid(); b.scaleDown.policies[0].type = 'Percentage';
      expect(only(withBehavior(b))).toEqual({
        path: `${WEB}.autoscaling.behavior.scaleDown.policies[0].type`, rule: 'schema-enum',
        message: `"Percentage" is not one of Percent, Pods (did you mean 'Percent'?)`,
      });
    });
    it('period beyond the API maximum', () => {
      const b = valid(); b.scaleUp.policies[1].periodSeconds = 3600;
      expect(only(withBehavior(b))).toMatchObject({ path: `${WEB}.autoscaling.behavior.scaleUp.policies[1].periodSeconds`, rule: 'behavior' });
    });
    it('a platform profile may not shadow a built-in one', () => {
      const p = shopPlatform({ behaviorProfiles: { 'hyperscale-api': valid() } });
      expect(only(p)).toMatchObject({ path: 'shop.behaviorProfiles.hyperscale-api', rule: 'behavior' });
    });
    it('custom profiles by name are accepted', () => {
      const p = shopPlatform({ behaviorProfiles: { steady: valid() } }, { autoscaling: { ...webService().autoscaling!, behavior: 'steady' } });
      expect(validatePlatform(p)).toEqual([]);
    });
  });

  it('image-tag: latest, untagged, and a malformed digest', () => {
    expect(only(shopPlatform({}, { image: 'registry.internal/shop/web:latest' }))).toEqual({
      path: `${WEB}.image`, rule: 'image-tag',
      message: "image 'registry.internal/shop/web:latest' uses the 'latest' tag; pin a version tag or a digest so every cluster runs the same build",
    });
    expect(only(shopPlatform({}, { image: 'registry.internal:5000/shop/web' })).message).toContain('has no tag or digest');
    expect(only(shopPlatform({}, { image: 'web@sha256:abc', version: '1' })).message).toContain('is not sha256:<64 hex characters>');
  });

  it('version-label: a digest-only image needs an explicit version', () => {
    const image = `registry.internal/shop/web@sha256:${'a'.repeat(64)}`;
    expect(only(shopPlatform({}, { image }))).toMatchObject({ path: `${WEB}.version`, rule: 'version-label' });
    expect(validatePlatform(shopPlatform({}, { image, version: '1.4.2' }))).toEqual([]);
  });

  it('port-range: out of range, and privileged for a non-root pod', () => {
    expect(only(shopPlatform({}, { port: 70000 }))).toEqual({ path: `${WEB}.port`, rule: 'schema-range', message: '70000 is out of range: must be ≤ 65535' });
    expect(only(shopPlatform({}, { port: 80 })).message).toContain('port 80 is privileged (< 1024)');
  });

  it('requests-exceed-limits', () => {
    const p = shopPlatform({}, { resources: { requests: { cpu: '2', memory: '512Mi' }, limits: { cpu: '1500m', memory: '1Gi' } } });
    expect(only(p)).toEqual({
      path: `${WEB}.resources.requests.cpu`, rule: 'requests-exceed-limits',
      message: 'cpu request (2) > limit (1500m); the API server rejects such a pod',
    });
  });

  it('requests-exceed-limits: ephemeral storage too', () => {
    const p = shopPlatform({}, { resources: { ...webService().resources, ephemeralStorage: { request: '2Gi', limit: '1Gi' } } });
    expect(only(p)).toEqual({ path: `${WEB}.resources.ephemeralStorage`, rule: 'requests-exceed-limits', message: 'ephemeral-storage request (2Gi) > limit (1Gi)' });
  });

  it('memory-limit: required', () => {
    const p = shopPlatform({}, { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1' } } });
    expect(only(p)).toMatchObject({ path: `${WEB}.resources.limits.memory`, rule: 'memory-limit' });
  });

  it('invalid-quantity', () => {
    const p = shopPlatform({}, { resources: { requests: { cpu: '1', memory: '1 GB' }, limits: { memory: '2Gi' } } });
    expect(only(p)).toEqual({ path: `${WEB}.resources.requests.memory`, rule: 'invalid-quantity', message: "'1 GB' is not a positive Kubernetes quantity" });
  });

  it('resource-requests: required for scheduling and utilization targets', () => {
    const p = loose((x) => { delete x.namespaces.store.services.web.resources.requests.cpu; });
    expect(only(p)).toMatchObject({ path: `${WEB}.resources.requests.cpu`, rule: 'schema-required' });
  });

  it('missing-probe', () => {
    const p = loose((x) => { delete x.namespaces.store.services.web.probes.startup; });
    expect(only(p)).toEqual({ path: `${WEB}.probes.startup`, rule: 'schema-required', message: 'required field is missing (an object)' });
  });

  it('probe-timing: liveness must be more lenient than readiness', () => {
    const p = loose((x) => { x.namespaces.store.services.web.probes.liveness = { path: '/healthz', periodSeconds: 2, failureThreshold: 2 }; });
    expect(only(p)).toEqual({
      path: `${WEB}.probes.liveness`, rule: 'probe-timing',
      message: 'liveness gives up after 4 s but readiness after 10 s; an overloaded pod would be restarted before it is taken out of rotation',
    });
  });

  it('graceful-shutdown: the grace period must outlast the preStop sleep', () => {
    const p = shopPlatform({}, { shutdown: { preStopSleepSeconds: 30, terminationGracePeriodSeconds: 30 } });
    expect(only(p)).toEqual({
      path: `${WEB}.shutdown.terminationGracePeriodSeconds`, rule: 'graceful-shutdown',
      message: 'terminationGracePeriodSeconds (30) must exceed preStopSleepSeconds (30), or in-flight requests are killed',
    });
  });

  it('rollout: zero surge and zero unavailable never progress', () => {
    expect(only(shopPlatform({}, { rollout: { maxSurge: 0, maxUnavailable: '0%' } }))).toMatchObject({ path: `${WEB}.rollout`, rule: 'rollout' });
  });

  it('disruption-budget: one field only, well-formed', () => {
    expect(only(shopPlatform({}, { disruption: { maxUnavailable: 1, minAvailable: 2 } }))).toMatchObject({ path: `${WEB}.disruption`, rule: 'disruption-budget' });
    expect(only(shopPlatform({}, { disruption: { maxUnavailable: 'ten percent' } }))).toMatchObject({ path: `${WEB}.disruption.maxUnavailable`, rule: 'disruption-budget' });
  });

  it('pdb-blocks-drain: a budget that allows no eviction at minReplicas', () => {
    expect(only(shopPlatform({}, { disruption: { minAvailable: 3 } }))).toEqual({
      path: `${WEB}.disruption`, rule: 'pdb-blocks-drain',
      message: 'minAvailable 3 allows no eviction at 3 replicas; node drains and cluster upgrades would block',
    });
    expect(only(shopPlatform({}, { disruption: { minAvailable: '100%' } })).rule).toBe('pdb-blocks-drain');
    expect(only(shopPlatform({}, { disruption: { maxUnavailable: 0 } })).rule).toBe('pdb-blocks-drain');
    // 90 % of 3 rounds up to 3: it blocks too, though it reads as lenient.
    expect(only(shopPlatform({}, { disruption: { minAvailable: '90%' } })).rule).toBe('pdb-blocks-drain');
  });

  it('env-name and secret-literal: secrets are referenced by name, never inlined', () => {
    expect(only(shopPlatform({}, { env: { 'BAD-NAME': 'x' } }))).toMatchObject({ path: `${WEB}.env.BAD-NAME`, rule: 'env-name' });
    expect(only(shopPlatform({}, { env: { DB_PASSWORD: 'hunter2' } }))).toEqual({
      path: `${WEB}.env.DB_PASSWORD`, rule: 'secret-literal',
      message: "'DB_PASSWORD' looks like a secret but has a literal value; reference a Secret by name through secretEnv",
    });
  });

  describe('pool-capacity', () => {
    const pools = (cpu: string) => ({
      general: { nodeLabels: { pool: 'general' }, capacityPerRegion: { cpu, memory: '100Gi' } },
    });
    it('is an error when minReplicas alone overflow the pool', () => {
      // 3 replicas × 500m = 1.5 CPU at the floor.
      expect(only(shopPlatform({ nodePools: pools('1') }))).toEqual({
        path: 'shop.nodePools.general.capacityPerRegion.cpu', rule: 'pool-capacity',
        message: "regions east, west: minReplicas alone need 1.5 CPU, more than the pool's 1 CPU",
      });
    });
    it('is a warning when only maxReplicas overflow it', () => {
      // 12 replicas × 500m = 6 CPU at the ceiling.
      expect(only(shopPlatform({ nodePools: pools('4') }))).toEqual({
        path: 'shop.nodePools.general.capacityPerRegion.cpu', rule: 'pool-capacity-at-max', severity: 'warning',
        message: "regions east, west: at maxReplicas the pool's workloads need 6 CPU (web 12 × 500m), but the pool has 4 CPU; replicas beyond that stay Pending until the pool grows",
      });
    });
    it('is silent when the pool holds the ceiling', () => {
      expect(validatePlatform(shopPlatform({ nodePools: pools('6') }))).toEqual([]);
    });
    it('counts queue workers on the pool too', () => {
      // web 12 × 500m + high_priority 20 × 500m + reports 20 × 500m = 26 CPU at the ceiling.
      const p = asyncPlatform(celeryAsync(), { nodePools: pools('20') });
      expect(validatePlatform(p)).toEqual([{
        path: 'shop.nodePools.general.capacityPerRegion.cpu', rule: 'pool-capacity-at-max', severity: 'warning',
        message: "regions east, west: at maxReplicas the pool's workloads need 26 CPU (web 12 × 500m + worker-high-priority 20 × 500m + worker-reports 20 × 500m), but the pool has 20 CPU; replicas beyond that stay Pending until the pool grows",
      }]);
    });
  });

  it('reports every broken rule at once, sorted by path', () => {
    const p = shopPlatform({}, { image: 'web:latest', port: 80, nodePool: 'gpu' });
    expect(validatePlatform(p).map((i) => i.rule)).toEqual(['image-tag', 'unknown-node-pool', 'port-range']);
  });

  it('the same base-spec issue is reported once, not once per region', () => {
    expect(validatePlatform(shopPlatform({}, { port: 0 }))).toHaveLength(1);
  });
});
