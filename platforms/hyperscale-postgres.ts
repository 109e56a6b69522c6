import type { PlatformSpec } from '../src/spec/types';

type PostgresDatabases = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>['postgres']>;

/**
 * Seed 000, "PostgreSQL Configuration" and "Sharding Strategy": 50 shards by user_id % 50, split
 * geographically (US-EAST 0–16, EU-WEST 17–33, APAC 34–49); 64 vCPUs and 256 GB RAM per shard;
 * 20 read replicas per shard behind PgBouncer in transaction mode, 10,000 connections per
 * bouncer, 50+ bouncers; max_connections 10000, shared_buffers 64GB, effective_cache_size 192GB,
 * work_mem 256MB. Per region 17 shards × (2 rw + 2 ro) = 68 PgBouncer pods, and 17 × 21 = 357
 * instances. The seed gives no disk size; 1Ti per instance is this platform's choice.
 */
export const hyperscalePostgres: PostgresDatabases = {
  users: {
    shards: {
      count: 50,
      key: 'user_id % 50',
      regions: { 'us-east': { from: 0, to: 16 }, 'eu-west': { from: 17, to: 33 }, 'apac': { from: 34, to: 49 } },
    },
    readReplicas: 20,
    resources: { requests: { cpu: '64', memory: '256Gi' }, limits: { cpu: '64', memory: '256Gi' } },
    storage: { size: '1Ti' },
    nodePool: 'database',
    postgresql: {
      parameters: { max_connections: '10000', shared_buffers: '64GB', effective_cache_size: '192GB', work_mem: '256MB' },
    },
    // Server connections: 2 × 400 on the primary and 2 × 400 over the replicas, far below
    // max_connections − 3 reserved; client connections: 2 × 10,000 per pooler.
    poolers: {
      rw: { instances: 2, maxClientConn: 10000, defaultPoolSize: 400 },
      ro: { instances: 2, maxClientConn: 10000, defaultPoolSize: 400 },
    },
    // Every pod keeps a pool to every shard's poolers of its region: 2 per API pod (async ORM,
    // 4 uvicorn workers sharing it) each way, 1 per Celery pod. At maxReplicas:
    // 5000 × 2 + (400 + 800 + 200) × 1 = 11,400 of 20,000 per pooler.
    clients: {
      'api': { connectionsPerPod: 2, readConnectionsPerPod: 2 },
      'worker-high-priority': { connectionsPerPod: 1, readConnectionsPerPod: 1 },
      'worker-normal': { connectionsPerPod: 1, readConnectionsPerPod: 1 },
      'worker-low-priority': { connectionsPerPod: 1, readConnectionsPerPod: 1 },
    },
    allowFrom: [{ namespace: 'web', podLabels: { 'app.kubernetes.io/part-of': 'hyperscale' } }],
  },
};
