import type { PlatformSpec, ServiceSpec } from '../src/spec/types';
import { commerceMesh, serviceMesh } from './commerce-mesh';

/** Nodes carry this label (and the pool's taint) so pods can select and tolerate their pool. */
const POOL_KEY = 'platform-compiler.dev/node-pool';

/**
 * Seed 001 "Service Scaling", per region: min–max pods of every service (HPA + VPA).
 * Postgres (Citus) is not declared yet: its kind is being built separately, and the integrator
 * wires it in here.
 */
export const COMMERCE_SCALING: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  'user': { min: 8, max: 20 },
  'product': { min: 16, max: 40 },
  'order': { min: 16, max: 40 },
  'inventory': { min: 12, max: 30 },
  'payment': { min: 8, max: 20 },
  'shipping': { min: 8, max: 20 },
  'notification': { min: 8, max: 20 },
  'analytics': { min: 12, max: 30 },
  'fraud-detection': { min: 6, max: 15 },
  'recommendation': { min: 8, max: 20 },
};

/**
 * Seed 001: "Asia-Pacific: Critical services only". Critical = a customer cannot sign in, find a
 * product or complete a paid order without it; everything else either follows from events
 * (shipping, notification, analytics consume order and payment events asynchronously) or
 * degrades to a default (recommendations). The set is closed under calls (rule region-runs-only).
 */
export const CRITICAL_SERVICES: Readonly<Record<string, string>> = {
  'user': 'sign-in and sessions: every other request is authenticated against it',
  'product': 'catalog and search: nothing can be bought without it',
  'inventory': 'stock reservation: an order is accepted only against reserved stock',
  'order': 'checkout itself (seed target: order placement < 500 ms)',
  'payment': 'charges the order; an unpaid order is not an order',
  'fraud-detection': 'screens every charge before payment captures it; without it payments would stop or go unscreened',
};

/** Who calls whom synchronously (each edge is an Istio-authorized, circuit-broken call). */
const CALLS: Readonly<Record<string, readonly string[]>> = {
  'product': ['inventory'],
  'order': ['user', 'product', 'inventory', 'payment'],
  'payment': ['fraud-detection'],
  'recommendation': ['product'],
  'notification': ['user'],
  'shipping': ['order'],
};

/** External dependencies per service: the regional Redis cache and MongoDB (Kafka: every service, see service()). */
const EXTERNAL: Readonly<Record<string, readonly string[]>> = {
  'user': ['redis'],
  'product': ['redis'],
  'inventory': ['redis'],
  'order': ['redis', 'mongodb'],
  'recommendation': ['redis'],
  'analytics': ['mongodb'],
};

/** Public paths at the edge (Kong). */
const PATHS: Readonly<Record<string, string>> = {
  'user': '/v1/users/',
  'product': '/v1/products/',
  'order': '/v1/orders/',
  'shipping': '/v1/shipments/',
  'recommendation': '/v1/recommendations/',
};

/**
 * One service. Pods of 1 CPU / 2 GiB (Guaranteed QoS): the ten ceilings add up to 255 pods, 255 CPU
 * and 510 GiB per region, which with Kong's 4 × 8 CPU / 16 GB is the seed's "~300 CPU" and
 * "~2,400GB RAM" ÷ 4 regions (600 GB).
 */
function service(name: string): ServiceSpec {
  const { min, max } = COMMERCE_SCALING[name];
  return {
    image: `registry.internal/commerce/${name}-service:2026.11.0`,
    component: 'api',
    port: 8080,
    env: { SERVICE_NAME: name },
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    probes: {
      startup: { path: '/healthz/live', periodSeconds: 2, failureThreshold: 30 },
      readiness: { path: '/healthz/ready', periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2 },
      liveness: { path: '/healthz/live', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    },
    nodePool: 'general-purpose',
    // Seed 001's PredictiveHorizontalPodAutoscaler, as a plain HPA: CPU 70 %, its behavior verbatim.
    autoscaling: { minReplicas: min, maxReplicas: max, cpuUtilization: 70, behavior: 'burst-then-settle' },
    // "HPA + VPA": the VPA only recommends (updateMode Off), so it never rewrites the CPU request
    // the HPA's 70 % is a percentage of; the recommendations right-size the requests in review.
    verticalScaling: {
      updateMode: 'Off',
      controlledResources: ['cpu', 'memory'],
      minAllowed: { cpu: '250m', memory: '512Mi' },
      maxAllowed: { cpu: '4', memory: '8Gi' },
    },
    disruption: { maxUnavailable: '10%' },
    shutdown: { preStopSleepSeconds: 10, terminationGracePeriodSeconds: 40 },
    rollout: { maxSurge: '25%', maxUnavailable: 0 },
    // Every service is a Kafka client: it emits its own `<name>-events` and audit-events (seed 001).
    mesh: serviceMesh(CALLS[name] ?? [], [...(EXTERNAL[name] ?? []), 'kafka'], PATHS[name]),
  };
}

/** Seed 001's nine topics: "Partitions per Topic: 100", "Replication Factor: 3", "Retention: 30 days". */
export const COMMERCE_TOPICS = [
  'order-events', 'payment-events', 'inventory-events', 'notification-events', 'analytics-events',
  'fraud-detection-events', 'recommendation-events', 'cache-invalidation-events', 'audit-events',
] as const;

/** "Compression: LZ4 or Zstandard": zstd for the archival streams (better ratio), lz4 for the hot path (cheaper CPU). */
const ZSTD_TOPICS: ReadonlySet<string> = new Set(['analytics-events', 'audit-events']);

/** Seed 001: "Max memory per node: 32GB". maxmemory is 75 % of the limit (a cache: no fork), so 43692Mi. */
const REDIS_NODE = { requests: { cpu: '8', memory: '43692Mi' }, limits: { cpu: '8', memory: '43692Mi' } };

/**
 * Seed 001: global commerce for 1,000,000 daily users in four regions — us-east (primary), us-west
 * and eu-central with everything, apac with the critical services only.
 */
export const commerce: PlatformSpec = {
  name: 'commerce',
  description: 'Global commerce for 1M daily users across us-east, us-west, eu-central and apac (seed 001)',
  nodePools: {
    'general-purpose': {
      nodeLabels: { [POOL_KEY]: 'general-purpose' },
      // Seed 001: "4 regions × ~300 CPU = 1,200 CPU, ~2,400GB RAM".
      capacityPerRegion: { cpu: '300', memory: '600Gi' },
    },
    'memory-optimized': {
      nodeLabels: { [POOL_KEY]: 'memory-optimized' },
      taint: { key: POOL_KEY, value: 'memory-optimized', effect: 'NoSchedule' },
    },
    // Brokers keep their disks and page cache to themselves: no service pod lands beside them.
    'kafka': {
      nodeLabels: { [POOL_KEY]: 'kafka' },
      taint: { key: POOL_KEY, value: 'kafka', effect: 'NoSchedule' },
    },
  },
  regions: {
    // Kafka: "US-East: 15 brokers (Primary cluster)", "US-West: 15 brokers" (the platform-wide 15).
    'us-east': { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    'us-west': { zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] },
    'eu-central': {
      zones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
      // Seed 001: "EU-Central: 12 nodes (4 shards × 3 replicas)"; "EU-Central: 12 brokers".
      data: { redis: { cache: { shards: 4 } }, kafka: { events: { brokers: 12 } } },
    },
    'apac': {
      zones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'],
      runsOnly: CRITICAL_SERVICES,
      // Seed 001: "Asia-Pacific: 6 nodes (2 shards × 3 replicas)". A Redis Cluster fails a primary
      // over only by a majority of primaries, which 2 cannot form after losing one; the 6 nodes
      // run as 3 primaries with 1 replica each (same nodes, same memory). seedClaims warns.
      // "Asia-Pacific: 9 brokers (Optional)": runsOnly leaves services out, not data; the critical six
      // still emit order, payment and fraud events, and the seed's 51 brokers count apac's 9.
      data: { redis: { cache: { shards: 3, replicasPerShard: 1 } }, kafka: { events: { brokers: 9 } } },
    },
  },
  namespaces: {
    shop: {
      services: Object.fromEntries(Object.keys(COMMERCE_SCALING).map((name) => [name, service(name)])),
    },
    kafka: {
      services: {},
      data: {
        kafka: {
          events: {
            brokers: 15,
            // "51 brokers × (8 CPU, 16GB RAM)". The seed gives no disk: 2Ti per broker.
            resources: { requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } },
            storage: { size: '2Ti' },
            nodePool: 'kafka',
            allowFrom: [{ namespace: 'shop', podLabels: { 'app.kubernetes.io/part-of': 'commerce' } }],
            topics: Object.fromEntries(COMMERCE_TOPICS.map((name) => [name, {
              partitions: 100, replicas: 3, retention: '30d', compression: ZSTD_TOPICS.has(name) ? 'zstd' : 'lz4',
            } as const])),
          },
        },
      },
    },
    data: {
      services: {},
      data: {
        redis: {
          cache: {
            // Seed 001: "US-East: 18 nodes (6 shards × 3 replicas)" (1 primary + 2 replicas), same in us-west.
            shards: 6,
            replicasPerShard: 2,
            maxmemoryPolicy: 'allkeys-lru',
            // L2 "hot data" cache, rebuilt from the databases: no persistence, no fork.
            persistence: { mode: 'none' },
            resources: REDIS_NODE,
            nodePool: 'memory-optimized',
            allowFrom: [{ namespace: 'shop', podLabels: { 'app.kubernetes.io/part-of': 'commerce' } }],
            // A cluster client keeps a pool to every node: 4 connections per pod (one per worker thread).
            clients: {
              user: { connectionsPerPod: 4 },
              product: { connectionsPerPod: 4 },
              inventory: { connectionsPerPod: 4 },
              order: { connectionsPerPod: 4 },
              recommendation: { connectionsPerPod: 4 },
            },
          },
        },
      },
    },
  },
  mesh: commerceMesh,
  // Seed 001 "Peak Requests: 25,000-50,000 requests/second (combined regions)": the top of the
  // range over the four regions, 12,500 req/s each.
  loadTest: { requestsPerSecond: 12_500 },
  gitops: {
    repoURL: 'https://git.example.com/platform/commerce-gitops.git',
    targetRevision: 'main',
    project: 'commerce',
  },
  seedClaims: [
    {
      says: 'Asia-Pacific: 6 nodes (2 shards × 3 replicas)',
      redis: 'cache',
      region: 'apac',
      shards: 2,
      because: 'a Redis Cluster needs at least 3 primaries to fail one over (a majority of primaries must agree), so the 6 nodes run as 3 primaries with 1 replica each',
    },
    {
      says: 'Resources: 54 nodes × (8 CPU, 32GB RAM) = 432 CPU, 1,728GB RAM',
      redis: 'cache',
      memoryPerNode: '32Gi',
      because: "'Max memory per node: 32GB' and 'Total cache: 1,728GB' make 32 GB the dataset of each node; Redis needs room beside maxmemory for replication and client buffers, so each node is given 43692Mi (maxmemory 32 GiB at 75 %)",
    },
    {
      says: 'Resources: 4 regions × API Gateway = 4 instances (8 CPU, 16GB each)',
      kongInstances: true,
      instances: 4,
      because: 'one Kong per region would be a single point of failure in front of each region, and the issue reads it as 4 instances per region; each is 8 CPU / 16 GB as the seed says',
    },
  ],
};
