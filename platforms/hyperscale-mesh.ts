import { BUILTIN_CIRCUIT_BREAKERS } from '../src/spec/mesh/circuit-breakers';
import type { MeshPlatformSpec, ServiceMeshSpec } from '../src/spec/mesh/types';

/**
 * Seed 000's service mesh (circuit breaking, retries, mTLS, distributed tracing with Jaeger) and
 * edge (NGINX + cert-manager → Kong with rate limiting and auth → mesh), with seed 001's breaker
 * and seed 002's NLB.
 *
 * Connection-pool limits are per calling pod (each Kong or caller sidecar) towards the whole API
 * fleet. They bound what one caller piles onto a slow API: beyond ~2000 requests in flight it
 * fails fast with 503 instead of queueing until the 3 s timeout.
 */
export const hyperscaleMesh: MeshPlatformSpec = {
  circuitBreakers: {
    'hyperscale-api': {
      // Seed 001's opossum breaker in Istio terms (3 s timeout, eject at 5 consecutive 5xx, 30 s).
      ...BUILTIN_CIRCUIT_BREAKERS['opossum-seed-001'],
      connectionPool: {
        // uvicorn is HTTP/1.1: one request per connection at a time, so connections ≈ concurrency.
        tcp: { maxConnections: 2000, connectTimeout: '1s' },
        http: {
          http1MaxPendingRequests: 500,
          http2MaxRequests: 2000,
          // Recycle connections so pods added by the HPA get their share of long-lived callers.
          maxRequestsPerConnection: 1000,
          // Retry budget: at most 10 % of the in-flight limit are retries, so an outage cannot triple the load.
          maxRetries: 200,
          // Below uvicorn's 5 s keep-alive: Envoy closes idle connections before the server does,
          // instead of sending a request on a connection the server is closing (503 UC).
          idleTimeout: '4s',
        },
      },
    },
  },
  defaultCircuitBreaker: 'hyperscale-api',
  monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15020, 15090] },
  tracing: {
    provider: 'jaeger',
    // 1 % of 1M req/s is still 10,000 traces a second across the regions.
    samplingPercentage: 1,
    collector: { namespace: 'observability', podLabels: { 'app.kubernetes.io/name': 'jaeger' }, ports: [9411] },
  },
  // The seed's data tier runs in the clusters beside the platform, managed by operators.
  externalServices: {
    pgbouncer: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'pgbouncer' }, ports: [{ number: 5432, protocol: 'TCP' }] },
    redis: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'redis' }, ports: [{ number: 6379, protocol: 'TCP' }] },
    // The Celery broker the API enqueues tasks on (the same pods as platforms/hyperscale-async.ts).
    rabbitmq: { namespace: 'messaging', podLabels: { 'app.kubernetes.io/name': 'rabbitmq' }, ports: [{ number: 5672, protocol: 'TCP' }] },
  },
  edge: {
    namespace: 'edge',
    // Seed 000's load test targets https://api.atw.com/v1/trips/.
    hosts: ['api.atw.com'],
    issuer: {
      name: 'letsencrypt-prod',
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@atw.com',
        privateKeySecretName: 'letsencrypt-prod-account-key',
        // Three regions answer for api.atw.com behind geo-routing: only DNS-01 validates reliably.
        solver: { dns01Route53: { region: 'us-east-1' } },
      },
    },
    tlsSecretName: 'api-atw-com-tls',
    // Seed 002: horizontal scaling behind a Network Load Balancer.
    loadBalancer: { scheme: 'internet-facing' },
    // The regions' VPCs, where the EKS API endpoints' network interfaces live.
    apiServer: { cidrs: ['10.0.0.0/8'], ports: [443] },
    rateLimits: {
      'per-consumer': { second: 100, minute: 3000, limitBy: 'consumer' },
    },
    auth: {
      jwt: { type: 'jwt', claimsToVerify: ['exp'], maximumExpiration: 3600 },
    },
  },
};

/** The Django API in the mesh: seed-001 breaker, retries inside the 3 s budget, published at /v1/. */
export const apiMesh: ServiceMeshSpec = {
  circuitBreaker: 'hyperscale-api',
  // Seed 003's "least connections": Envoy's LEAST_REQUEST picks the less busy of two random pods.
  loadBalancer: { algorithm: 'LEAST_REQUEST' },
  // 1 try + 2 retries of at most 1 s each fit the breaker's 3 s timeout. The API takes writes
  // (POST /v1/ answers 202 after queueing a row), so only failures where the request never
  // reached a pod are retried; a gateway error or timeout may follow a write that happened.
  retries: { attempts: 2, perTryTimeout: '1s', retryOn: ['connect-failure', 'refused-stream', 'reset-before-request'] },
  callsExternal: ['pgbouncer', 'redis', 'rabbitmq'],
  expose: { paths: ['/v1/'], rateLimit: 'per-consumer', auth: 'jwt' },
};
