import { BUILTIN_CIRCUIT_BREAKERS } from '../src/spec/mesh/circuit-breakers';
import { PlatformSpec } from '../src/spec/types';
import { API_POOL_PER_POD, spikeReadyPostgres } from './spike-ready-postgres';

const POOL_KEY = 'platform-compiler.dev/node-pool';

/** API and consumer pods: 1 CPU / 2 GiB, Guaranteed QoS (the seed gives no pod size; see the node note). */
const POD = { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } };

/**
 * Seed 004 (scaling strategies, "HyperScale Platform"): one region, three AZs, built to absorb a
 * 10× spike. Numbers from the seed: HPA 3–20 pods on CPU > 70 %, memory > 80 %, requests/second
 * > 1000 per pod; scale up 50 % or 5 pods per 30 s, down 25 % or 2 pods per 5 min; Cluster
 * Autoscaler 2–20 nodes per AZ × 3 AZs (6–60); Kafka 12 partitions, consumers 5–15; Redis
 * Cluster 3 shards × 2 replicas; Postgres 1 primary + 2 read replicas, max_connections 1000 =
 * a pool of 50 per pod × 20 pods; the spike: 1,000 → 10,000 req/s.
 *
 * Single region: the seed's multi-region (us-east-1, us-west-2, eu-west-1) is "Future Scaling".
 */
export const spikeReady: PlatformSpec = {
  name: 'spike-ready',
  description: 'One-region API built for a 10x traffic spike: HPA, Cluster Autoscaler bounds, Kafka buffering (seed 004)',
  nodePools: {
    general: {
      nodeLabels: { [POOL_KEY]: 'general' },
      // Seed: "Min nodes: 2 per AZ (6 total across 3 AZs)", "Max nodes: 20 per AZ (60 total)".
      // The node size is not in the seed: m5.xlarge (4 vCPU, 16 GiB; EKS allocatable 3920m /
      // 14.5 GiB) holds three 1-CPU pods beside the DaemonSets, which is the seed's own spike
      // story: 9 new API pods (3 → 12) are "3 new nodes for pending pods".
      clusterAutoscaler: { minNodesPerZone: 2, maxNodesPerZone: 20, allocatablePerNode: { cpu: '3920m', memory: '14848Mi' } },
    },
  },
  regions: {
    'us-east-1': { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
  },
  namespaces: {
    web: {
      services: {
        api: {
          image: 'registry.internal/spike-ready/api:2026.12.0',
          env: {
            // Seed: "connection_pool_size = 50 per pod", "max_pods = 20", "Total connections = 1000 (within limit)".
            DB_POOL_SIZE: '50',
            // Seed: "90% reads → replicas, 10% writes → primary": the rendered PgBouncer Poolers' Services
            // (data.postgres.postgres, shard 0 of 1), ro to the replicas, rw to the primary.
            DATABASE_READ_HOST: 'postgres-0-pooler-ro.data.svc.cluster.local',
            DATABASE_WRITE_HOST: 'postgres-0-pooler-rw.data.svc.cluster.local',
            KAFKA_TOPIC: 'events',
          },
          secretEnv: { DATABASE_PASSWORD: { secret: 'api-database', key: 'password' } },
          port: 8080,
          resources: POD,
          probes: {
            startup: { path: '/healthz/live', periodSeconds: 2, failureThreshold: 30 },
            // Seed: "Health checks every 10 seconds".
            readiness: { path: '/healthz/ready', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 2 },
            liveness: { path: '/healthz/live', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
          },
          nodePool: 'general',
          autoscaling: {
            minReplicas: 3,
            maxReplicas: 20,
            cpuUtilization: 70,
            memoryUtilization: 80,
            requestsPerSecondPerPod: 1000,
            // Seed: "Spike Load: 10,000 requests/second (10x increase)".
            peakRequestsPerSecond: 10_000,
            behavior: 'fast-up-gentle-down',
            // The seed's own story, checked against the targets above (rule operating-point).
            operatingPoints: [
              { says: 'Normal Load: 1,000 requests/second, 3 pods, 50% CPU', requestsPerSecond: 1000, replicas: 3, cpuUtilization: 50 },
              { says: 'T+90 seconds: CPU stabilizes at 65%, 12 pods handle load', requestsPerSecond: 10_000, replicas: 12, cpuUtilization: 65 },
              { says: 'Peak load: 20 pods @ 1000 req/s each = 20,000 req/s', requestsPerSecond: 20_000, replicas: 20 },
            ],
          },
          // Seed's VPA ("Right-size resource requests/limits") beside the HPA: updateMode Off only
          // recommends, so it never rewrites the CPU and memory requests the HPA's 70 % / 80 % are
          // percentages of. maxAllowed stays within one node of the pool (3920m / 14848Mi allocatable).
          verticalScaling: {
            updateMode: 'Off',
            controlledResources: ['cpu', 'memory'],
            minAllowed: { cpu: '250m', memory: '512Mi' },
            maxAllowed: { cpu: '3', memory: '12Gi' },
          },
          // Seed: "Connection draining for graceful shutdowns".
          shutdown: { preStopSleepSeconds: 10, terminationGracePeriodSeconds: 40 },
          mesh: {
            circuitBreaker: 'spike-ready-api',
            loadBalancer: { algorithm: 'LEAST_REQUEST' },
            callsExternal: ['pgbouncer', 'cache', 'kafka'],
            expose: { paths: ['/v1/'] },
          },
        },
      },
      async: {
        brokers: {
          kafka: { kind: 'kafka', service: 'events-kafka-bootstrap', namespace: 'kafka', podLabels: { 'strimzi.io/cluster': 'events' } },
        },
        kafkaConsumers: {
          'event-consumer': {
            image: 'registry.internal/spike-ready/event-consumer:2026.12.0',
            broker: 'kafka',
            topic: 'events',
            // Seed: "Topic partitions: 12 (allows 12 parallel consumers)".
            partitions: 12,
            consumerGroup: 'event-consumers',
            // Seed: "Throughput: 150K events/second" over 12 consumers is 12,500 each: one second of lag per consumer.
            lagPerWorker: 12_500,
            tier: 'normal',
            // Seed: "Consumer replicas: 5-15 (auto-scaled)". The ceiling is 12, not 15: a group never
            // has more busy consumers than the topic has partitions, so consumers 13–15 would sit idle
            // (rule consumer-partitions, which stays an error). The platform team keeps the topic at the
            // seed's 12 partitions and caps the group there; 15 consumers need the topic repartitioned
            // first (the seed's own "12 → 24 partitions" expansion), which also moves keys between partitions.
            minWorkers: 5,
            maxWorkers: 12,
            maxTaskDurationSeconds: 30,
            behavior: 'fast-up-gentle-down',
            resources: POD,
            nodePool: 'general',
            egressTo: [
              { service: 'pgbouncer', namespace: 'data', port: 5432, podLabels: { 'app.kubernetes.io/name': 'pgbouncer' } },
            ],
          },
        },
      },
    },
    kafka: {
      services: {},
      data: {
        kafka: {
          // The consumers' broker `events-kafka-bootstrap` (namespace kafka) is this cluster's bootstrap Service.
          events: {
            // Seed: "Kafka Expansion — 3 → 6 brokers": 3 today.
            brokers: 3,
            // Not in the seed: 2 CPU / 8 GiB fits an m5.xlarge beside the DaemonSets; 150K events/s over 3 brokers.
            resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
            storage: { size: '500Gi' },
            nodePool: 'general',
            // The API produces, event-consumer consumes; both run in web.
            allowFrom: [{ namespace: 'web', podLabels: { 'app.kubernetes.io/part-of': 'spike-ready' } }],
            topics: {
              // Seed: "Topic partitions: 12 (allows 12 parallel consumers)". RF 3 over the 3 brokers (one per AZ);
              // retention and codec are not in the seed: a week of buffer, lz4 for cheap CPU on the hot path.
              events: { partitions: 12, replicas: 3, retention: '7d', compression: 'lz4' },
            },
          },
        },
      },
    },
    data: {
      services: {},
      data: {
        redis: {
          cache: {
            // Seed: "Redis Cluster (3 shards, 2 replicas each)", cache-aside with TTLs of 5–60 minutes.
            shards: 3,
            replicasPerShard: 2,
            maxmemoryPolicy: 'allkeys-lru',
            persistence: { mode: 'none' },
            resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '1', memory: '4Gi' } },
            nodePool: 'general',
            allowFrom: [{ namespace: 'web', podLabels: { 'app.kubernetes.io/part-of': 'spike-ready' } }],
            // 4 connections per API pod to each node: 20 × 4 = 80, far below the default 10,000.
            clients: { api: { connectionsPerPod: 4 } },
          },
        },
        postgres: { postgres: spikeReadyPostgres },
      },
    },
  },
  mesh: {
    circuitBreakers: {
      // Seed 001's opossum breaker (3 s, 5 consecutive 5xx, 30 s ejection) in Istio terms.
      'spike-ready-api': { ...BUILTIN_CIRCUIT_BREAKERS['opossum-seed-001'] },
    },
    monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15020, 15090] },
    externalServices: {
      // The rendered PgBouncer pods (rw and ro Poolers of data.postgres.postgres), the API's only way to Postgres.
      pgbouncer: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'pgbouncer' }, ports: [{ number: 5432, protocol: 'TCP' }] },
      // `kafka` is the cluster declared in namespace kafka above: the API's egress to its plain listener.
      cache: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'cache' }, ports: [{ number: 6379, protocol: 'TCP' }] },
      kafka: { namespace: 'kafka', podLabels: { 'strimzi.io/cluster': 'events' }, ports: [{ number: 9092, protocol: 'TCP' }] },
    },
    edge: {
      namespace: 'edge',
      hosts: ['api.spike-ready.example.com'],
      issuer: {
        name: 'letsencrypt-prod',
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          email: 'platform@spike-ready.example.com',
          privateKeySecretName: 'letsencrypt-prod-account-key',
          solver: { dns01Route53: { region: 'us-east-1' } },
        },
      },
      tlsSecretName: 'api-spike-ready-tls',
      loadBalancer: { scheme: 'internet-facing' },
      apiServer: { cidrs: ['10.0.0.0/8'], ports: [443] },
    },
  },
  seedClaims: [
    {
      says: 'max_connections = 1000, connection_pool_size = 50 per pod, max_pods = 20, Total connections = 1000 (within limit)',
      postgres: 'postgres',
      connections: API_POOL_PER_POD * 20,
      because: "superuser_reserved_connections (PostgreSQL's default 3) keeps 3 of the 1000 for superusers, so 1000 application connections straight to PostgreSQL would be 3 over; the platform keeps the seed's numbers (max_connections 1000, 50 per pod × 20 pods = 1000) and puts PgBouncer between: the 1000 client connections fill each pooler's 2 × max_client_conn 500 exactly, and the pooler opens 2 × 100 server connections",
    },
  ],
  gitops: {
    repoURL: 'https://git.example.com/platform/spike-ready-gitops.git',
    targetRevision: 'main',
    project: 'spike-ready',
  },
};
