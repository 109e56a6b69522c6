import type { PlatformSpec } from '../src/spec/types';

type PostgresDatabase = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>['postgres']>[string];

/** Seed 003: "Read Replicas (10 per DB)" in each region. */
export const READ_REPLICAS = 10;
/** Seed 003: "Connection Pool (100 conn)" between the application and the database. */
export const POOL_CONNECTIONS = 100;

/**
 * Seed 003, "Database Scaling": three shards by user_id hash ("Shard 1 (users 0-33M)" …), one per
 * region (each region's "Read Replicas (10 per DB)" box holds one database), each 1 primary + 10
 * read replicas behind PgBouncer. The seed's pool of 100 connections is what each pooler opens to
 * PostgreSQL: 2 PgBouncer pods × default_pool_size 50 = 100 server connections (rw to the primary,
 * ro over the replicas), of max_connections 200 − 3 reserved.
 *
 * Not in the seed, this platform's choices: 4 CPU / 16 GiB and 200 GiB per instance,
 * max_connections 200, 10 connections per pod from every client.
 */
export const scalingArchitecturePostgres: PostgresDatabase = {
  shards: {
    count: 3,
    key: 'hash(user_id) % 3',
    regions: { 'us-east-1': { from: 0, to: 0 }, 'eu-west-1': { from: 1, to: 1 }, 'ap-south-1': { from: 2, to: 2 } },
  },
  readReplicas: READ_REPLICAS,
  resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi' } },
  storage: { size: '200Gi' },
  nodePool: 'general',
  postgresql: {
    parameters: { max_connections: '200', shared_buffers: '4GB', effective_cache_size: '12GB', work_mem: '16MB' },
  },
  poolers: {
    rw: { instances: 2, maxClientConn: 1000, defaultPoolSize: POOL_CONNECTIONS / 2 },
    ro: { instances: 2, maxClientConn: 1000, defaultPoolSize: POOL_CONNECTIONS / 2 },
  },
  // At maxReplicas: rw auth 50 × 10 + order 50 × 10 + products (25 + 17 + 8) × 1 = 1050 of 2000;
  // ro auth 50 × 10 + products 50 × 10 = 1000 of 2000. Product fleets only read: 1 rw connection each.
  clients: {
    'auth': { connectionsPerPod: 10, readConnectionsPerPod: 10 },
    'order': { connectionsPerPod: 10 },
    'product': { connectionsPerPod: 1, readConnectionsPerPod: 10 },
    'product-b': { connectionsPerPod: 1, readConnectionsPerPod: 10 },
    'product-c': { connectionsPerPod: 1, readConnectionsPerPod: 10 },
  },
  allowFrom: [{ namespace: 'app', podLabels: { 'app.kubernetes.io/part-of': 'scaling-architecture' } }],
};
