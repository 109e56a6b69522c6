/** DestinationRules: circuit-breaker profiles (seed 001's opossum breaker), load balancing, subsets, mTLS. */
import { BUILTIN_CIRCUIT_BREAKERS, SEED_001_MAPPING, SEED_001_OPOSSUM, expectedRequestsToEjection } from '../../src/spec/mesh/circuit-breakers';
import { durationMs } from '../../src/spec/mesh/duration';
import { findObject, renderObjects } from '../support/fixtures';
import { meshShop } from '../support/mesh-fixtures';
import { schemaErrors } from '../support/schema';

describe('seed 001 opossum breaker in Istio terms', () => {
  const profile = BUILTIN_CIRCUIT_BREAKERS['opossum-seed-001'];

  it('maps timeout 3000 ms exactly to the route timeout', () => {
    expect(SEED_001_OPOSSUM.timeout).toBe(3000);
    expect(SEED_001_MAPPING.timeout).toMatchObject({ istio: 'VirtualService http[].timeout', value: '3s', exact: true });
    expect(durationMs(profile.timeout)).toBe(SEED_001_OPOSSUM.timeout);
  });

  it('maps resetTimeout 30000 ms to baseEjectionTime 30s, and says it is not a half-open state', () => {
    expect(profile.outlierDetection.baseEjectionTime).toBe('30s');
    expect(durationMs(profile.outlierDetection.baseEjectionTime)).toBe(SEED_001_OPOSSUM.resetTimeout);
    expect(SEED_001_MAPPING.resetTimeout.exact).toBe(false);
    expect(SEED_001_MAPPING.resetTimeout.note).toContain('no half-open single trial request');
  });

  it('cannot map the 50 % error threshold one-to-one: approximates it with 5 consecutive 5xx per pod', () => {
    expect(SEED_001_OPOSSUM.errorThresholdPercentage).toBe(50);
    expect(SEED_001_MAPPING.errorThresholdPercentage).toMatchObject({ istio: 'DestinationRule outlierDetection.consecutive5xxErrors', value: 5, exact: false });
    expect(SEED_001_MAPPING.errorThresholdPercentage.note).toContain('Istio has no percentage threshold');
    expect(profile.outlierDetection.consecutive5xxErrors).toBe(5);
    // No field of the profile carries a percentage of failed requests.
    expect(JSON.stringify(profile)).not.toMatch(/errorThreshold|failurePercentage/i);
  });

  it('ejects a pod failing 50 % of requests within ~62 requests, a healthy one (1 %) practically never', () => {
    expect(Math.round(expectedRequestsToEjection(0.5, 5))).toBe(62);
    // Well inside opossum's 10 s rolling window at the seed's 333 req/s per pod.
    expect(expectedRequestsToEjection(0.5, 5)).toBeLessThan(333 * 10);
    expect(expectedRequestsToEjection(0.01, 5)).toBeGreaterThan(1e9);
  });

  it('fills in what opossum has no option for: gateway errors, sweep interval, ejection cap, no panic mode', () => {
    expect(profile.outlierDetection).toEqual({
      consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: '5s', baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 0,
    });
  });
});

describe('DestinationRule per service', () => {
  const objects = renderObjects(meshShop());
  const cart = findObject(objects, 'shop/east/10-store.yaml', 'DestinationRule', 'cart');
  const web = findObject(objects, 'shop/east/10-store.yaml', 'DestinationRule', 'web');

  it('renders a named profile: outlier detection exactly, ISTIO_MUTUAL, host = the Service FQDN', () => {
    expect(cart.apiVersion).toBe('networking.istio.io/v1');
    expect(cart.metadata).toMatchObject({ name: 'cart', namespace: 'store' });
    expect(cart.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'cart', 'app.kubernetes.io/instance': 'shop-cart', 'app.kubernetes.io/version': '2.0.1' });
    expect(cart.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '5' });
    expect(cart.spec.host).toBe('cart.store.svc.cluster.local');
    expect(cart.spec.trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    expect(cart.spec.trafficPolicy.outlierDetection).toEqual({
      consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: '5s', baseEjectionTime: '30s', maxEjectionPercent: 50, minHealthPercent: 0,
    });
    // The profile has no pool: only the retry budget, Envoy's cluster default of 3 (MESH_DEFAULTS.retryBudget).
    expect(cart.spec.trafficPolicy.connectionPool).toEqual({ http: { maxRetries: 3 } });
  });

  it('uses the platform default profile for services that name none, connection pool included', () => {
    expect(web.spec.trafficPolicy.connectionPool).toEqual({
      tcp: { maxConnections: 100, connectTimeout: '500ms' },
      // maxRetries: the retry budget, 20 % of http2MaxRequests.
      http: { http2MaxRequests: 200, idleTimeout: '30s', maxRetries: 40 },
    });
    expect(web.spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 7, interval: '10s', baseEjectionTime: '1m' });
  });

  it('balances LEAST_REQUEST by default, and renders cookie affinity as consistentHash.httpCookie', () => {
    expect(web.spec.trafficPolicy.loadBalancer).toEqual({ simple: 'LEAST_REQUEST' });
    expect(cart.spec.trafficPolicy.loadBalancer).toEqual({ consistentHash: { httpCookie: { name: 'cart-session', ttl: '1h' } } });
  });

  it.each([
    [{ algorithm: 'ROUND_ROBIN' }, { simple: 'ROUND_ROBIN' }],
    [{ algorithm: 'LEAST_REQUEST' }, { simple: 'LEAST_REQUEST' }],
    [{ algorithm: 'CONSISTENT_HASH', hashBy: { header: 'x-user-id' } }, { consistentHash: { httpHeaderName: 'x-user-id' } }],
    [{ algorithm: 'CONSISTENT_HASH', hashBy: { sourceIp: true } }, { consistentHash: { useSourceIp: true } }],
  ])('renders loadBalancer %j as %j, schema-valid', (loadBalancer, expected) => {
    const dr = findObject(renderObjects(meshShop({ cart: { loadBalancer: loadBalancer as any } })), 'shop/east/10-store.yaml', 'DestinationRule', 'cart');
    expect(dr.spec.trafficPolicy.loadBalancer).toEqual(expected);
    expect(schemaErrors(dr)).toEqual([]);
  });

  it('declares version subsets for a weighted split, the stable one at the version rendered in each region', () => {
    const platform = meshShop({
      checkout: { trafficSplit: { stable: { weight: 90 }, canary: { version: '3.2.0', weight: 10 } } },
      platform: { regions: { east: { zones: ['a'] }, west: { zones: ['b'], services: { checkout: { image: 'registry.internal/shop/checkout:3.1.1' } } } } },
    });
    const split = renderObjects(platform);
    expect(findObject(split, 'shop/east/10-payments.yaml', 'DestinationRule', 'checkout').spec.subsets).toEqual([
      { name: 'canary', labels: { 'app.kubernetes.io/version': '3.2.0' } },
      { name: 'stable', labels: { 'app.kubernetes.io/version': '3.1.0' } },
    ]);
    expect(findObject(split, 'shop/west/10-payments.yaml', 'DestinationRule', 'checkout').spec.subsets[1])
      .toEqual({ name: 'stable', labels: { 'app.kubernetes.io/version': '3.1.1' } });
  });

  it('validates every DestinationRule against the Istio CRD schema', () => {
    const rules = objects.filter((o) => o.object.kind === 'DestinationRule');
    expect(rules.length).toBeGreaterThanOrEqual(8);
    for (const { object } of rules) expect(schemaErrors(object)).toEqual([]);
  });
});
