import type { PlatformSpec } from '../src/spec/types';

/** Nodes carry this label (and the pool's taint) so pods can select and tolerate their pool. */
const POOL_KEY = 'platform-compiler.dev/node-pool';

/** Seed 002: "Engineering for 1 Million Requests Per Second". */
export const TARGET_RPS = 1_000_000;
/**
 * A compiled API (the seed's "C++/Rust (Drogon/Axum)") on 4 dedicated cores: 10,000 req/s per pod
 * at the 70 % CPU target is our sizing, so 100 pods carry the target and 150 leave a third spare.
 */
export const RPS_PER_POD = 10_000;
/** Seed 002: "Batch Inserts (e.g., 5,000 rows at once)". */
export const BATCH_ROWS = 5000;
/** The write-back list. The hash tag keeps it (and the writer's processing list) in one slot. */
export const WRITE_BACK_LIST = '{write-back}:rows';

/**
 * Kernel tuning, split by where Kubernetes lets it happen.
 *
 * Pod sysctls (securityContext.sysctls) admit only the safe set, which is all Pod Security
 * restricted allows: net.ipv4.ip_local_port_range has been in it from the start (pod sysctls,
 * stable since Kubernetes 1.21), net.ipv4.tcp_fin_timeout since 1.29. net.core.somaxconn is
 * namespaced but NOT safe: a pod may set it only when the node's kubelet allow-lists it
 * (--allowed-unsafe-sysctls) and its namespace is privileged, and setting it on the node does not
 * reach the pods' own network namespaces. It is therefore left at the kernel's per-namespace
 * default (4096 since Linux 5.4), which the API's listen backlog is sized to; the validator
 * refuses it in a pod (rule pod-sysctl-safe).
 *
 * Node-level parameters (the packet flood the seed's "Interrupt Moderation" is about) are not
 * namespaced: the pool's node bootstrap sets them (rendered as a ConfigMap for review, see
 * src/constructs/node-tuning.ts). NIC interrupt coalescing itself (ethtool -C) and zero-copy are
 * driver settings outside sysctl: the node image's job, noted here and not rendered.
 */
const POD_SYSCTLS = {
  // Outbound connections (Redis Cluster pools to every node) need ephemeral ports: the widest range.
  'net.ipv4.ip_local_port_range': '1024 65535',
  // Sockets closed by the API leave FIN_WAIT_2 sooner, so ports recycle at 10,000 req/s per pod.
  'net.ipv4.tcp_fin_timeout': '15',
};

const NODE_SYSCTLS = {
  'net.core.netdev_max_backlog': '250000',
  'net.core.netdev_budget': '600',
  'net.core.rmem_max': '16777216',
  'net.core.wmem_max': '16777216',
};

/**
 * Seed 002: 1M req/s on one region's cluster — a Redis Cluster over 16,384 hash slots, async
 * write-back (API → Redis list → 202 → batch insert of 5,000 rows) and an NLB edge.
 */
export const hld1mRps: PlatformSpec = {
  name: 'hld-1m-rps',
  description: '1M req/s: Redis Cluster, async write-back in 5000-row batches, NLB edge, kernel tuning (seed 002)',
  nodePools: {
    'compute-optimized': {
      nodeLabels: { [POOL_KEY]: 'compute-optimized' },
      taint: { key: POOL_KEY, value: 'compute-optimized', effect: 'NoSchedule' },
      tuning: {
        sysctls: NODE_SYSCTLS,
        reasons: {
          'net.core.netdev_max_backlog': 'packets queued per CPU between the NIC interrupt and the stack: a 1M req/s flood overflows the 1000 default',
          'net.core.netdev_budget': 'packets one softirq poll may take: fewer context switches per packet under load',
          'net.core.rmem_max': 'ceiling for socket receive buffers the pods may ask for (tcp_rmem is per pod)',
          'net.core.wmem_max': 'ceiling for socket send buffers the pods may ask for (tcp_wmem is per pod)',
        },
      },
    },
    'memory-optimized': {
      nodeLabels: { [POOL_KEY]: 'memory-optimized' },
      taint: { key: POOL_KEY, value: 'memory-optimized', effect: 'NoSchedule' },
    },
    'general-purpose': { nodeLabels: { [POOL_KEY]: 'general-purpose' } },
  },
  regions: {
    'us-east': { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
  },
  namespaces: {
    api: {
      services: {
        api: {
          image: 'registry.internal/hld/write-api:2026.11.0',
          component: 'api',
          port: 8080,
          env: {
            WRITE_BACK_LIST: WRITE_BACK_LIST,
            // The seed's flow: push the row, answer 202 Accepted; the database is written later.
            WRITE_BACK_RESPONSE_STATUS: '202',
            REDIS_CLUSTER_ADDRESS: 'redis.data.svc.cluster.local:6379',
          },
          secretEnv: { REDIS_PASSWORD: { secret: 'redis-auth', key: 'password' } },
          resources: { requests: { cpu: '4', memory: '4Gi' }, limits: { cpu: '4', memory: '4Gi' } },
          probes: {
            startup: { path: '/healthz/live', periodSeconds: 2, failureThreshold: 30 },
            readiness: { path: '/healthz/ready', periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2 },
            liveness: { path: '/healthz/live', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
          },
          nodePool: 'compute-optimized',
          autoscaling: {
            minReplicas: TARGET_RPS / RPS_PER_POD,
            maxReplicas: 150,
            cpuUtilization: 70,
            requestsPerSecondPerPod: RPS_PER_POD,
            peakRequestsPerSecond: TARGET_RPS,
            // "Sudden spikes to 1M RPS": double within 15 s, settle over 5 minutes.
            behavior: 'burst-then-settle',
          },
          sysctls: POD_SYSCTLS,
          disruption: { maxUnavailable: '10%' },
          shutdown: { preStopSleepSeconds: 10, terminationGracePeriodSeconds: 30 },
          rollout: { maxSurge: '25%', maxUnavailable: 0 },
          mesh: {
            loadBalancer: { algorithm: 'LEAST_REQUEST' },
            callsExternal: ['redis'],
            expose: { paths: ['/v1/'] },
          },
        },
      },
      async: {
        brokers: {
          'write-back': {
            kind: 'redis',
            service: 'redis',
            namespace: 'data',
            podLabels: { 'app.kubernetes.io/name': 'redis' },
            cluster: true,
            secret: 'redis-auth',
            urlKey: 'url',
            passwordKey: 'password',
          },
        },
        batchWriters: {
          'batch-writer': {
            image: 'registry.internal/hld/batch-writer:2026.11.0',
            broker: 'write-back',
            list: WRITE_BACK_LIST,
            batchSize: BATCH_ROWS,
            tier: 'normal',
            minWorkers: 3,
            maxWorkers: 30,
            // One 5,000-row insert plus its LMOVE bookkeeping, with room for a slow primary.
            maxTaskDurationSeconds: 60,
            behavior: 'burst-then-settle',
            resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
            nodePool: 'general-purpose',
            secretEnv: { DATABASE_URL: { secret: 'write-database', key: 'url' } },
            egressTo: [{ service: 'pgbouncer', namespace: 'data', port: 6432, podLabels: { 'app.kubernetes.io/name': 'pgbouncer' } }],
          },
        },
      },
    },
    data: {
      services: {},
      data: {
        redis: {
          redis: {
            // Seed 002: "Data is distributed across 16,384 Hash Slots" — the bootstrap spreads all
            // 16,384 over the primaries. One single-threaded primary serves ~100k ops/s, so 12 of
            // them carry 1M req/s with room; 1 replica each survives a node loss.
            shards: 12,
            replicasPerShard: 1,
            // Holds the write-back queue: keys without a TTL must never be evicted.
            maxmemoryPolicy: 'noeviction',
            // Rows wait here until inserted: an AOF fsynced every second loses at most a second of them.
            persistence: { mode: 'aof', fsync: 'everysec' },
            resources: { requests: { cpu: '2', memory: '16Gi' }, limits: { cpu: '2', memory: '16Gi' } },
            nodePool: 'memory-optimized',
            dataVolume: { size: '50Gi' },
            passwordSecret: { name: 'redis-auth', key: 'password' },
            allowFrom: [{ namespace: 'api', podLabels: { 'app.kubernetes.io/part-of': 'hld-1m-rps' } }],
            clients: {
              'api': { connectionsPerPod: 8 },
              'batch-writer': { connectionsPerPod: 2 },
            },
          },
        },
      },
    },
  },
  mesh: {
    monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15020, 15090] },
    externalServices: {
      redis: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'redis' }, ports: [{ number: 6379, protocol: 'TCP' }] },
    },
    edge: {
      namespace: 'edge',
      hosts: ['api.hld.example.com'],
      issuer: {
        name: 'letsencrypt-prod',
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          email: 'platform@hld.example.com',
          privateKeySecretName: 'letsencrypt-prod-account-key',
          solver: { dns01Route53: { region: 'us-east-1' } },
        },
      },
      tlsSecretName: 'api-hld-tls',
      // Seed 002: "Horizontal Scaling … Requires a Network Load Balancer (NLB)".
      loadBalancer: { scheme: 'internet-facing' },
      apiServer: { cidrs: ['10.0.0.0/8'], ports: [443] },
      // ~20,000 req/s per Kong pod: 50 pods for 1M req/s.
      kong: { replicas: 50 },
    },
  },
  gitops: {
    repoURL: 'https://git.example.com/platform/hld-1m-rps-gitops.git',
    targetRevision: 'main',
    project: 'hld-1m-rps',
  },
};
