/**
 * A small mesh platform for tests: shop, regions east and west.
 *
 *   edge (Kong) → store/web → store/cart → payments/checkout → stripe (outside the cluster)
 *                                                            → ledger (in cluster, namespace data)
 *
 * Each test changes one service or mesh field through the patches.
 */
import { EdgeSpec, MeshPlatformSpec, ServiceMeshSpec } from '../../src/spec/mesh/types';
import { PlatformSpec, ServiceSpec } from '../../src/spec/types';
import { shopPlatform, webService } from './fixtures';

export function edgeSpec(patch: Partial<EdgeSpec> = {}): EdgeSpec {
  return {
    hosts: ['shop.example.com', 'www.shop.example.com'],
    issuer: {
      name: 'letsencrypt',
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'ops@example.com',
        privateKeySecretName: 'letsencrypt-account',
        solver: { dns01Route53: { region: 'us-east-1', hostedZoneID: 'Z0123456789ABC' } },
      },
    },
    loadBalancer: { scheme: 'internet-facing', sourceRanges: ['203.0.113.0/24'] },
    apiServer: { cidrs: ['10.0.0.0/16'] },
    rateLimits: { 'per-ip': { second: 50, minute: 1000, limitBy: 'ip' } },
    auth: { 'api-keys': { type: 'key-auth' } },
    // One Kong pod, so the per-pod rate limit is the whole limit; test/risks covers the multiplied case.
    kong: { replicas: 1 },
    ...patch,
  };
}

export function meshSpec(patch: Partial<MeshPlatformSpec> = {}): MeshPlatformSpec {
  return {
    monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } },
    tracing: { samplingPercentage: 10, collector: { namespace: 'tracing', podLabels: { app: 'jaeger' }, ports: [9411] } },
    circuitBreakers: {
      standard: {
        timeout: '2s',
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '500ms' }, http: { http2MaxRequests: 200, idleTimeout: '30s' } },
        outlierDetection: { consecutive5xxErrors: 7, interval: '10s', baseEjectionTime: '1m' },
      },
    },
    defaultCircuitBreaker: 'standard',
    externalServices: {
      stripe: { hosts: ['api.stripe.com'], cidrs: ['198.51.100.0/24'], ports: [{ number: 443, protocol: 'TLS' }] },
      ledger: { namespace: 'data', podLabels: { app: 'ledger' }, ports: [{ number: 5432, protocol: 'TCP' }] },
    },
    edge: edgeSpec(),
    ...patch,
  };
}

export interface MeshShopPatch {
  readonly web?: Partial<ServiceMeshSpec>;
  readonly cart?: Partial<ServiceMeshSpec>;
  readonly checkout?: Partial<ServiceMeshSpec>;
  /** Extra services of namespace store. */
  readonly store?: Readonly<Record<string, ServiceSpec>>;
  readonly mesh?: Partial<MeshPlatformSpec>;
  readonly platform?: Partial<PlatformSpec>;
}

export function meshShop(patch: MeshShopPatch = {}): PlatformSpec {
  return shopPlatform({
    namespaces: {
      store: {
        services: {
          web: webService({ mesh: { calls: ['cart'], expose: { paths: ['/'], rateLimit: 'per-ip', auth: 'api-keys' }, ...patch.web } }),
          cart: webService({
            image: 'registry.internal/shop/cart:2.0.1',
            mesh: {
              circuitBreaker: 'opossum-seed-001',
              loadBalancer: { algorithm: 'CONSISTENT_HASH', hashBy: { cookie: { name: 'cart-session', ttl: '1h' } } },
              calls: ['checkout'],
              ...patch.cart,
            },
          }),
          ...patch.store,
        },
      },
      payments: {
        services: {
          checkout: webService({
            image: 'registry.internal/shop/checkout:3.1.0',
            port: 9090,
            mesh: {
              // Checkout requests carry an idempotency key, so a 503 after the pod saw one is safe to resend.
              retries: { attempts: 2, perTryTimeout: '500ms', retryOn: ['connect-failure', 'refused-stream', '503'], idempotent: true },
              callsExternal: ['stripe', 'ledger'],
              ...patch.checkout,
            },
          }),
        },
      },
    },
    mesh: meshSpec(patch.mesh),
    ...patch.platform,
  });
}

/** A JSON round trip, for specs that break the TypeScript types on purpose (as JSON specs can). */
export function untyped<T>(value: T): any {
  return JSON.parse(JSON.stringify(value));
}
