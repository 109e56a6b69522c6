/**
 * Mesh and edge validation: one broken spec per rule, each asserting the exact issues (path, rule
 * id, message). Specs that TypeScript would reject are built through JSON, as JSON/YAML specs arrive.
 */
import { SpecIssue } from '../../src/spec/errors';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import { shopPlatform, webService } from '../support/fixtures';
import { edgeSpec, meshShop, meshSpec, untyped } from '../support/mesh-fixtures';

const withEdge = (patch: Parameters<typeof edgeSpec>[0]) => meshShop({ mesh: { edge: edgeSpec(patch) } });
const jsonWith = (edit: (spec: any) => void): PlatformSpec => {
  const spec = untyped(meshShop());
  edit(spec);
  return spec;
};

const CASES: [string, () => PlatformSpec, SpecIssue[]][] = [
  ['mesh-required: mesh settings without a mesh', () => shopPlatform({}, { mesh: { calls: [] } }), [
    { path: 'shop.namespaces.store.services.web.mesh', rule: 'mesh-required', message: "service 'web' has mesh settings but the platform has no 'mesh' section, so nothing of them would be rendered" },
  ]],
  ['schema-required: no monitoring', () => jsonWith((s) => { delete s.mesh.monitoring; }), [
    { path: 'shop.mesh.monitoring', rule: 'schema-required', message: 'required field is missing (an object)' },
  ]],
  ['schema-unknown-key: typo in a service mesh section', () => jsonWith((s) => { s.namespaces.store.services.cart.mesh.retry = {}; }), [
    { path: 'shop.namespaces.store.services.cart.mesh.retry', rule: 'schema-unknown-key', message: "unknown key 'retry' (did you mean 'retries'?); allowed: circuitBreaker, loadBalancer, timeout, retries, trafficSplit, calls, callsExternal, expose" },
  ]],
  ['schema-unknown-key: typo in outlierDetection', () => jsonWith((s) => { s.mesh.circuitBreakers.standard.outlierDetection.consecutiveErrors = 3; }), [
    { path: 'shop.mesh.circuitBreakers.standard.outlierDetection.consecutiveErrors', rule: 'schema-unknown-key', message: "unknown key 'consecutiveErrors' (did you mean 'consecutive5xxErrors'?); allowed: consecutive5xxErrors, consecutiveGatewayErrors, interval, baseEjectionTime, maxEjectionPercent, minHealthPercent" },
  ]],
  ['unknown-circuit-breaker', () => meshShop({ cart: { circuitBreaker: 'opossum' } }), [
    { path: 'shop.namespaces.store.services.cart.mesh.circuitBreaker', rule: 'unknown-circuit-breaker', message: 'circuit breaker profile "opossum" is not defined; known profiles: opossum-seed-001, standard' },
  ]],
  ['unknown-circuit-breaker: platform default', () => meshShop({ mesh: { defaultCircuitBreaker: 'strict' } }), [
    { path: 'shop.mesh.defaultCircuitBreaker', rule: 'unknown-circuit-breaker', message: 'circuit breaker profile "strict" is not defined; known profiles: opossum-seed-001, standard' },
  ]],
  ['circuit-breaker: shadows a built-in', () => meshShop({ mesh: { circuitBreakers: { ...meshSpec().circuitBreakers, 'opossum-seed-001': { outlierDetection: { interval: '1s', baseEjectionTime: '1s' } } } } }), [
    { path: 'shop.mesh.circuitBreakers.opossum-seed-001', rule: 'circuit-breaker', message: "profile 'opossum-seed-001' would shadow the built-in profile of the same name; choose another name" },
  ]],
  ['circuit-breaker: never trips', () => meshShop({ mesh: { circuitBreakers: { standard: { outlierDetection: { consecutive5xxErrors: 0, interval: '1s', baseEjectionTime: '1s' } } } } }), [
    { path: 'shop.mesh.circuitBreakers.standard.outlierDetection', rule: 'circuit-breaker', message: 'this breaker never trips: consecutive5xxErrors is 0 and consecutiveGatewayErrors is not set above 0' },
  ]],
  ['mesh-duration', () => meshShop({ cart: { timeout: '3 seconds' } }), [
    { path: 'shop.namespaces.store.services.cart.mesh.timeout', rule: 'mesh-duration', message: '"3 seconds" is not a duration of at least 1ms: a whole number with one unit of ms, s, m or h (e.g. \'250ms\', \'3s\')' },
  ]],
  ['mesh-number', () => meshShop({ mesh: { circuitBreakers: { standard: { outlierDetection: { interval: '1s', baseEjectionTime: '1s', maxEjectionPercent: 150 } } } } }), [
    { path: 'shop.mesh.circuitBreakers.standard.outlierDetection.maxEjectionPercent', rule: 'mesh-number', message: '150 must be a whole number from 0 to 100' },
  ]],
  ['schema-enum: load-balancing algorithm', () => jsonWith((s) => { s.namespaces.store.services.web.mesh.loadBalancer = { algorithm: 'LEAST_CONN' }; }), [
    { path: 'shop.namespaces.store.services.web.mesh.loadBalancer.algorithm', rule: 'schema-enum', message: '"LEAST_CONN" is not one of ROUND_ROBIN, LEAST_REQUEST, CONSISTENT_HASH' },
  ]],
  ['schema-enum: external protocol', () => jsonWith((s) => { s.mesh.externalServices.stripe.ports[0].protocol = 'tcp'; }), [
    { path: 'shop.mesh.externalServices.stripe.ports[0].protocol', rule: 'schema-enum', message: `"tcp" is not one of TCP, TLS, HTTP, HTTPS, GRPC (did you mean 'TCP'?)` },
  ]],
  ['load-balancer: no hash key', () => meshShop({ cart: { loadBalancer: { algorithm: 'CONSISTENT_HASH' } } }), [
    { path: 'shop.namespaces.store.services.cart.mesh.loadBalancer.hashBy', rule: 'load-balancer', message: 'CONSISTENT_HASH needs exactly one hashBy key (header, cookie or sourceIp: true); found none' },
  ]],
  ['load-balancer: hash key without hashing', () => meshShop({ cart: { loadBalancer: { algorithm: 'ROUND_ROBIN', hashBy: { header: 'x-user' } } } }), [
    { path: 'shop.namespaces.store.services.cart.mesh.loadBalancer.hashBy', rule: 'load-balancer', message: 'hashBy only applies to CONSISTENT_HASH (algorithm is ROUND_ROBIN)' },
  ]],
  ['source-ip-hash-behind-gateway', () => meshShop({ web: { loadBalancer: { algorithm: 'CONSISTENT_HASH', hashBy: { sourceIp: true } } } }), [
    { path: 'shop.namespaces.store.services.web.mesh.loadBalancer.hashBy.sourceIp', rule: 'source-ip-hash-behind-gateway', message: "'web' is exposed through the edge, so every request arrives from a Kong pod: hashing on the source IP pins all clients of one Kong pod to one pod of this service. Hash on a header or cookie instead" },
  ]],
  ['hash-with-canary (warning)', () => meshShop({ cart: { trafficSplit: { stable: { weight: 90 }, canary: { version: '2.1.0', weight: 10 } } } }), [
    { path: 'shop.namespaces.store.services.cart.mesh.loadBalancer', rule: 'hash-with-canary', message: 'consistent hashing (session affinity) together with a weighted trafficSplit: the split picks a destination per request before the hash applies, so sessions move between the split targets. Drop the affinity while the canary runs', severity: 'warning' },
  ]],
  ['retry-budget', () => meshShop({ checkout: { retries: { attempts: 3, perTryTimeout: '1s', retryOn: ['connect-failure'] } } }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.retries', rule: 'retry-budget', message: "retries overrun the timeout: attempts × perTryTimeout plus the first try = (3 + 1) × 1s = 4s > timeout 2s (from circuit breaker 'standard'), so the timeout would cut the last retries short; lower attempts or perTryTimeout, or raise the timeout" },
  ]],
  ['retry-on', () => meshShop({ checkout: { retries: { attempts: 1, perTryTimeout: '1s', retryOn: ['5xx', 'timeout'], idempotent: true } } }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.retries.retryOn.1', rule: 'retry-on', message: '"timeout" is not a retry condition; use 5xx, gateway-error, reset, reset-before-request, connect-failure, envoy-ratelimited, retriable-4xx, refused-stream, retriable-status-codes, retriable-headers, http3-post-connect-failure, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable or an HTTP status code' },
  ]],
  ['traffic-split: weights not summing to 100', () => meshShop({ checkout: { trafficSplit: { stable: { weight: 90 }, canary: { version: '3.2.0', weight: 20 } } } }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.trafficSplit', rule: 'traffic-split', message: 'weights sum to 110, not 100 (canary: 20, stable: 90)' },
  ]],
  ['traffic-split: no target selects the rendered version', () => meshShop({ checkout: { trafficSplit: { a: { version: '3.0.0', weight: 50 }, b: { version: '3.2.0', weight: 50 } } } }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.trafficSplit', rule: 'traffic-split', message: "in region 'east' 'checkout' runs version 3.1.0, which no split target selects: the pods this compiler renders would get no traffic" },
    { path: 'shop.namespaces.payments.services.checkout.mesh.trafficSplit', rule: 'traffic-split', message: "in region 'west' 'checkout' runs version 3.1.0, which no split target selects: the pods this compiler renders would get no traffic" },
  ]],
  ['traffic-split: a region override leaves the stable version unselected', () => meshShop({
    checkout: { trafficSplit: { stable: { version: '3.1.0', weight: 90 }, canary: { version: '3.2.0', weight: 10 } } },
    platform: { regions: { east: { zones: ['a'] }, west: { zones: ['b'], services: { checkout: { image: 'registry.internal/shop/checkout:3.1.1' } } } } },
  }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.trafficSplit', rule: 'traffic-split', message: "in region 'west' 'checkout' runs version 3.1.1, which no split target selects: the pods this compiler renders would get no traffic" },
  ]],
  ['traffic-split: chained splits', () => meshShop({
    cart: { loadBalancer: undefined, trafficSplit: { current: { weight: 50 }, next: { service: 'cart-next', weight: 50 } } },
    store: { 'cart-next': webService({ image: 'registry.internal/shop/cart:3.0.0', mesh: { trafficSplit: { a: { weight: 100 } } } }) },
  }), [
    { path: 'shop.namespaces.store.services.cart.mesh.trafficSplit.next.service', rule: 'traffic-split', message: "'cart-next' has a trafficSplit of its own, which Istio does not apply to traffic routed here from 'cart' (routes do not chain)" },
  ]],
  ['host-resolves', () => meshShop({ cart: { loadBalancer: undefined, trafficSplit: { current: { weight: 50 }, next: { service: 'cart-v3', weight: 50 } } } }), [
    { path: 'shop.namespaces.store.services.cart.mesh.trafficSplit.next.service', rule: 'host-resolves', message: "VirtualService 'cart' would route 50 % to service 'cart-v3', whose host resolves to no rendered Service; declared services: cart, checkout, web" },
  ]],
  ['unknown-dependency: service', () => meshShop({ web: { calls: ['cart', 'basket'] } }), [
    { path: 'shop.namespaces.store.services.web.mesh.calls.1', rule: 'unknown-dependency', message: "'web' calls 'basket', which no namespace declares; declared services: cart, checkout, web" },
  ]],
  ['unknown-dependency: external', () => meshShop({ checkout: { callsExternal: ['stripe', 'paypal'] } }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.callsExternal.1', rule: 'unknown-dependency', message: "'checkout' calls external service 'paypal', which mesh.externalServices does not declare; declared: ledger, stripe" },
  ]],
  ['external-service: hosts and namespace', () => meshShop({ mesh: { externalServices: { ...meshSpec().externalServices, stripe: { hosts: ['api.stripe.com'], cidrs: ['198.51.100.0/24'], namespace: 'data', ports: [{ number: 443, protocol: 'TLS' }] } } } }), [
    { path: 'shop.mesh.externalServices.stripe', rule: 'external-service', message: 'declare either hosts and cidrs (outside the cluster) or namespace and podLabels (inside it), not both' },
  ]],
  ['external-service: outside the cluster without cidrs', () => meshShop({ mesh: { externalServices: { ...meshSpec().externalServices, stripe: { hosts: ['api.stripe.com'], ports: [{ number: 443, protocol: 'TLS' }] } } } }), [
    { path: 'shop.mesh.externalServices.stripe.cidrs', rule: 'cidr', message: 'needs at least one CIDR, e.g. 10.0.0.0/16' },
  ]],
  ['cidr', () => meshShop({ mesh: { externalServices: { ...meshSpec().externalServices, stripe: { hosts: ['api.stripe.com'], cidrs: ['198.51.100.7/24'], ports: [{ number: 443, protocol: 'TLS' }] } } } }), [
    { path: 'shop.mesh.externalServices.stripe.cidrs.0', rule: 'cidr', message: '198.51.100.7/24 has host bits set; write the network address of the /24' },
  ]],
  ['sampling-percentage', () => meshShop({ mesh: { tracing: { samplingPercentage: 150, collector: { namespace: 'tracing', ports: [9411] } } } }), [
    { path: 'shop.mesh.tracing.samplingPercentage', rule: 'sampling-percentage', message: 'samplingPercentage 150 is outside 0–100 (the percentage of requests traced; 0.1 traces one in a thousand)' },
  ]],
  ['edge-missing', () => meshShop({ mesh: { edge: undefined } }), [
    { path: 'shop.namespaces.store.services.web.mesh.expose', rule: 'edge-missing', message: "'web' is exposed, but mesh.edge declares no edge (hosts, issuer, load balancer) to expose it through" },
  ]],
  ['edge-namespace', () => withEdge({ namespace: 'store' }), [
    { path: 'shop.mesh.edge.namespace', rule: 'edge-namespace', message: "the edge namespace 'store' is also a platform namespace; the edge needs one of its own (its NetworkPolicies admit internet traffic)" },
  ]],
  ['edge-hosts', () => withEdge({ hosts: ['shop.example.com', 'shop'] }), [
    { path: 'shop.mesh.edge.hosts.1', rule: 'edge-hosts', message: '"shop" is not a fully qualified DNS name such as api.example.com' },
  ]],
  ['issuer: neither acme nor ca', () => withEdge({ issuer: { name: 'le' } }), [
    { path: 'shop.mesh.edge.issuer', rule: 'issuer', message: "give exactly one of acme (e.g. Let's Encrypt) or ca (a CA key pair in a Secret)" },
  ]],
  ['issuer: HTTP-01 across regions', () => withEdge({ issuer: { name: 'le', acme: { server: 'https://acme.example/dir', email: 'a@b.io', privateKeySecretName: 'le-key', solver: { http01: {} } } } }), [
    { path: 'shop.mesh.edge.issuer.acme.solver', rule: 'issuer', message: "HTTP-01 with 2 regions behind the same host names: the ACME server may send the challenge to another region's cluster, so issuance fails at random. Use dns01Route53" },
  ]],
  ['edge-controller: same ingress class', () => withEdge({ kong: { ingressClassName: 'nginx', replicas: 1 } }), [
    { path: 'shop.mesh.edge.kong.ingressClassName', rule: 'edge-controller', message: "NGINX and Kong both use ingress class 'nginx'; each would serve the other's Ingresses" },
  ]],
  ['rate-limit: decreasing windows', () => withEdge({ rateLimits: { 'per-ip': { second: 50, minute: 10, limitBy: 'ip' } } }), [
    { path: 'shop.mesh.edge.rateLimits.per-ip.minute', rule: 'rate-limit', message: 'minute limit 10 is lower than the second limit 50' },
  ]],
  ['rate-limit: per consumer without auth', () => meshShop({
    web: { expose: { paths: ['/'], rateLimit: 'per-user' } },
    mesh: { edge: edgeSpec({ rateLimits: { 'per-user': { minute: 600, limitBy: 'consumer' } } }) },
  }), [
    { path: 'shop.namespaces.store.services.web.mesh.expose.rateLimit', rule: 'rate-limit', message: "rate limit 'per-user' counts per consumer, but the route has no auth policy to identify one; Kong would fall back to counting per client IP" },
  ]],
  ['auth-policy', () => withEdge({ auth: { 'api-keys': { type: 'jwt', maximumExpiration: 600, claimsToVerify: ['nbf'] } } }), [
    { path: 'shop.mesh.edge.auth.api-keys.maximumExpiration', rule: 'auth-policy', message: "maximumExpiration needs 'exp' in claimsToVerify (Kong checks it against the exp claim)" },
  ]],
  ['edge-path: duplicate', () => meshShop({ cart: { expose: { paths: ['/cart/', '/'] } } }), [
    { path: 'shop.namespaces.store.services.web.mesh.expose.paths.0', rule: 'edge-path', message: "path '/' is already routed to 'cart'; Kong routes on the path alone" },
  ]],
  ['unknown-edge-policy', () => meshShop({ web: { expose: { paths: ['/'], rateLimit: 'per-ip', auth: 'oauth' } } }), [
    { path: 'shop.namespaces.store.services.web.mesh.expose.auth', rule: 'unknown-edge-policy', message: 'auth policy "oauth" is not declared in mesh.edge.auth; declared: api-keys' },
  ]],
  ['schema-type: calls is not a list', () => jsonWith((s) => { s.namespaces.store.services.web.mesh.calls = 'cart'; }), [
    { path: 'shop.namespaces.store.services.web.mesh.calls', rule: 'schema-type', message: 'must be a list, not a string ("cart")' },
  ]],
  ['dns-1123-name: split target name', () => meshShop({ checkout: { trafficSplit: { Stable: { weight: 100 } } } }), [
    { path: 'shop.namespaces.payments.services.checkout.mesh.trafficSplit.Stable', rule: 'dns-1123-name', message: "split target name 'Stable' is not a DNS-1123 label (it names a DestinationRule subset)" },
  ]],
  ['mesh-labels', () => meshShop({ mesh: { monitoring: { namespace: 'monitoring', podLabels: { app: 'prometheus server' } } } }), [
    { path: 'shop.mesh.monitoring.podLabels.app', rule: 'mesh-labels', message: '"prometheus server" is not a valid label value' },
  ]],
];

describe('mesh validation', () => {
  it('accepts the mesh fixture, and a platform without a mesh', () => {
    expect(validatePlatform(meshShop())).toEqual([]);
    expect(validatePlatform(shopPlatform())).toEqual([]);
  });

  it.each(CASES)('%s', (_name, make, expected) => {
    expect(validatePlatform(make())).toEqual(expected);
  });

  it('covers every mesh rule id', () => {
    const rules = new Set(CASES.flatMap(([, , issues]) => issues.map((i) => i.rule)));
    expect([...rules].sort()).toEqual([
      'auth-policy', 'cidr', 'circuit-breaker', 'dns-1123-name', 'edge-controller', 'edge-hosts', 'edge-missing', 'edge-namespace', 'edge-path',
      'external-service', 'hash-with-canary', 'host-resolves', 'issuer', 'load-balancer', 'mesh-duration', 'mesh-labels',
      'mesh-number', 'mesh-required', 'rate-limit', 'retry-budget', 'retry-on', 'sampling-percentage',
      'schema-enum', 'schema-required', 'schema-type', 'schema-unknown-key', 'source-ip-hash-behind-gateway',
      'traffic-split', 'unknown-circuit-breaker', 'unknown-dependency', 'unknown-edge-policy',
    ]);
  });
});

describe('mesh validation of malformed JSON specs', () => {
  /** Every path below `mesh` (platform and services) of the fixture, as JSON would spell it. */
  function meshPaths(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const next = [...path, key];
        if (next.includes('mesh')) out.push(next);
        meshPaths(child, next, out);
      }
    }
    return out;
  }
  const base = untyped(meshShop());
  const paths = meshPaths(base);

  it.each([null, 'x', 7])('reports a wrong type, and never throws, when any mesh field is %j', (bad) => {
    expect(paths.length).toBeGreaterThan(100);
    for (const path of paths) {
      const spec = untyped(base);
      let node = spec;
      for (const key of path.slice(0, -1)) node = node[key];
      const original = node[path[path.length - 1]];
      node[path[path.length - 1]] = bad;
      let issues: SpecIssue[] = [];
      expect(() => { issues = validatePlatform(spec); }).not.toThrow();
      // A value of the wrong type is always reported; a well-typed one may be valid (e.g. 'x' as a cookie name).
      if (bad === null || typeof bad !== typeof original) {
        expect({ path: path.join('.'), issues: issues.length > 0 }).toEqual({ path: path.join('.'), issues: true });
      }
    }
  });
});
