import type { PlatformSpec } from '../src/spec/types';

type PostgresDatabase = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>['postgres']>[string];

/** Seed 004's pool: "connection_pool_size = 50 per pod", "max_pods = 20", "Total connections = 1000". */
export const API_POOL_PER_POD = 50;
export const SEED_MAX_CONNECTIONS = 1000;

/**
 * Seed 004, "Read Replicas" and "Connection Pooling": one database (a single shard) of 1 primary +
 * 2 read replicas, max_connections 1000, and the API's pool of 50 per pod × 20 pods = 1000.
 *
 * The 1000 connections land on PgBouncer (2 pods × max_client_conn 500 per pooler = 1000, exactly
 * the seed's total), which multiplexes them in transaction mode onto 2 × 100 server connections.
 * Had the 1000 gone straight to PostgreSQL they would be 3 over: superuser_reserved_connections
 * (default 3) leaves ordinary roles 997 of max_connections 1000 (seedClaims warns in the seed's words).
 *
 * The API's DB_POOL_SIZE applies to each of its two hosts (rw and ro), so both poolers carry 1000.
 * Not in the seed, this platform's choices: 2 CPU / 8 GiB per instance (fits an m5.xlarge of the
 * general pool beside the DaemonSets), 100 GiB of disk, shared_buffers 25 % of memory.
 */
export const spikeReadyPostgres: PostgresDatabase = {
  shards: { count: 1, key: 'single shard', regions: { 'us-east-1': { from: 0, to: 0 } } },
  // Seed: "1 primary + 2 read replicas".
  readReplicas: 2,
  resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
  storage: { size: '100Gi' },
  nodePool: 'general',
  postgresql: {
    parameters: { max_connections: String(SEED_MAX_CONNECTIONS), shared_buffers: '2GB', effective_cache_size: '6GB', work_mem: '4MB' },
  },
  poolers: {
    rw: { instances: 2, maxClientConn: 500, defaultPoolSize: 100 },
    ro: { instances: 2, maxClientConn: 500, defaultPoolSize: 100 },
  },
  // At maxReplicas 20: 20 × 50 = 1000 = max_client_conn 500 × 2 on each pooler (rule postgres-client-budget).
  clients: { api: { connectionsPerPod: API_POOL_PER_POD, readConnectionsPerPod: API_POOL_PER_POD } },
  allowFrom: [{ namespace: 'web', podLabels: { 'app.kubernetes.io/part-of': 'spike-ready' } }],
};
