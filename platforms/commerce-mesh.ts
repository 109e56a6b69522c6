import type { MeshPlatformSpec, ServiceMeshSpec } from '../src/spec/mesh/types';

/**
 * Seed 001's mesh and edge: the opossum circuit breaker on every service call, Kong per region
 * behind the NLB and NGINX, and MongoDB as an external dependency.
 *
 * The breaker is the built-in `opossum-seed-001` profile (src/spec/mesh/circuit-breakers.ts,
 * SEED_001_MAPPING): `timeout: 3000` → VirtualService timeout 3s (exact);
 * `errorThresholdPercentage: 50` → outlierDetection.consecutive5xxErrors 5 (Istio has no
 * percentage: a pod failing half its requests returns 5 errors in a row after ~62 requests, well
 * inside opossum's 10 s window); `resetTimeout: 30000` → baseEjectionTime 30s (an ejected pod
 * returns after 30 s × its ejection count, to full traffic: Envoy has no half-open trial).
 */
export const COMMERCE_BREAKER = 'opossum-seed-001';

/** Seed 001: "MongoDB (Global Sharded Cluster) … 12 shards per region … 3 replicas per shard". */
export const MONGODB_SHARDS = 12;
export const MONGODB_REPLICAS_PER_SHARD = 3;

export const commerceMesh: MeshPlatformSpec = {
  defaultCircuitBreaker: COMMERCE_BREAKER,
  monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15020, 15090] },
  tracing: {
    provider: 'jaeger',
    // Seed 001 peaks at 50,000 req/s across the regions: 1 % is still 500 traces a second.
    samplingPercentage: 1,
    collector: { namespace: 'observability', podLabels: { 'app.kubernetes.io/name': 'jaeger' }, ports: [9411] },
  },
  externalServices: {
    // The regional Redis Cluster of platforms/commerce.ts (namespace data).
    redis: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'cache' }, ports: [{ number: 6379, protocol: 'TCP' }] },
    // The regional Kafka cluster of platforms/commerce.ts (namespace kafka): its plain listener.
    kafka: { namespace: 'kafka', podLabels: { 'strimzi.io/cluster': 'events' }, ports: [{ number: 9092, protocol: 'TCP' }] },
    // MongoDB runs outside the clusters (the seed's alternative is Atlas), over TLS so the sidecar routes
    // it by SNI (plain TCP resolved by DNS would need fixed addresses: istioctl IST0134). Each region reaches its
    // own sharded cluster through mongos routers under one name that each region's private DNS
    // zone resolves to its own routers; the regions' VPCs are inside 10.0.0.0/8.
    mongodb: {
      hosts: ['mongos.mongodb.commerce.internal'],
      cidrs: ['10.0.0.0/8'],
      ports: [{ number: 27017, protocol: 'TLS' }],
      sizing: { shards: MONGODB_SHARDS, replicasPerShard: MONGODB_REPLICAS_PER_SHARD },
      connectionBudget: {
        // 3 mongos routers per region, each holding at most 1000 client connections: the routers,
        // not the 36 shard members, are what the services connect to.
        maxConnections: 3000,
        clients: {
          // order_history (sharded on user_id + created_at): the driver's maxPoolSize per pod.
          order: { connectionsPerPod: 20 },
          // analytics (sharded on date + category + region): fewer, longer queries.
          analytics: { connectionsPerPod: 10 },
        },
      },
    },
  },
  edge: {
    namespace: 'edge',
    hosts: ['api.commerce.example.com'],
    issuer: {
      name: 'letsencrypt-prod',
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'platform@commerce.example.com',
        privateKeySecretName: 'letsencrypt-prod-account-key',
        // GeoDNS sends api.commerce.example.com to the nearest of four regions: only DNS-01 validates reliably.
        solver: { dns01Route53: { region: 'us-east-1' } },
      },
    },
    tlsSecretName: 'api-commerce-tls',
    loadBalancer: { scheme: 'internet-facing' },
    apiServer: { cidrs: ['10.0.0.0/8'], ports: [443] },
    kong: {
      // Seed 001: "API Gateway: Kong … per region", "4 instances (8 CPU, 16GB each)".
      replicas: 4,
      resources: { requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } },
    },
    rateLimits: {
      // Per Kong pod (policy local): a consumer spread over the 4 pods gets up to 4 × these.
      'per-consumer': { second: 50, minute: 1500, limitBy: 'consumer' },
    },
    auth: {
      jwt: { type: 'jwt', claimsToVerify: ['exp'], maximumExpiration: 3600 },
    },
  },
};

/** Mesh policy of one service: the seed-001 breaker, the calls it makes, and where the edge publishes it. */
export function serviceMesh(calls: readonly string[], external: readonly string[], path?: string): ServiceMeshSpec {
  return {
    circuitBreaker: COMMERCE_BREAKER,
    loadBalancer: { algorithm: 'LEAST_REQUEST' },
    ...(calls.length > 0 ? { calls: [...calls] } : {}),
    ...(external.length > 0 ? { callsExternal: [...external] } : {}),
    ...(path ? { expose: { paths: [path], rateLimit: 'per-consumer', auth: 'jwt' } } : {}),
  };
}
