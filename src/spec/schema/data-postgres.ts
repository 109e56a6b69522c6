/**
 * A sharded PostgreSQL database on CloudNativePG (`data.postgres.<name>`): one CNPG Cluster per
 * shard (1 primary + read replicas), a PgBouncer Pooler `rw` and `ro` per shard, and a shard
 * map for the application. Shards are split between regions by `shards.regions`; each region's
 * cluster runs only its own range.
 *
 * Clients are declared here, on the database, as Redis declares its clients: services and
 * workers carry no database pool field (their DATABASE_URL is a Secret the compiler never reads),
 * so the database is the one place that knows who connects and with how many connections.
 */
import { z } from 'zod';
import { resourceQuantitiesSchema } from './common';
import { int32, mapOf, named, stringMap } from './primitives';

const poolerSchema = named('PostgresPooler', z.strictObject({
  instances: int32().min(1).describe('PgBouncer pods of this pooler (a Deployment).'),
  maxClientConn: int32().min(1).describe('PgBouncer max_client_conn: client connections one PgBouncer pod accepts.'),
  defaultPoolSize: int32().min(1).describe('PgBouncer default_pool_size: server connections one PgBouncer pod opens per user/database pair (the application has one).'),
}).describe('One PgBouncer Pooler of a shard, in transaction mode.'));

const sizingFields = {
  readReplicas: int32().min(0).describe('Read replicas of each shard; the CNPG Cluster runs 1 + readReplicas instances (streaming replication).'),
  resources: z.strictObject({
    requests: z.strictObject({ cpu: z.string(), memory: z.string() }),
    limits: resourceQuantitiesSchema,
  }).describe('Per PostgreSQL instance. A memory limit is required: the memory checks of shared_buffers, effective_cache_size and work_mem read it.'),
  storage: z.strictObject({ size: z.string(), storageClassName: z.string().optional() })
    .describe('The data volume of each instance (CNPG storage.size / storage.storageClass).'),
  poolers: z.strictObject({ rw: poolerSchema, ro: poolerSchema })
    .describe('`rw` routes to the primary (the Cluster\'s -rw Service), `ro` to the replicas (-ro).'),
};

export const postgresClusterSchema = named('PostgresCluster', z.strictObject({
  imageName: z.string().optional().describe("A pinned CloudNativePG PostgreSQL operand image. @default 'ghcr.io/cloudnative-pg/postgresql:17.2'"),
  shards: z.strictObject({
    count: int32().min(1).describe('Shards 0..count-1; each is one CNPG Cluster named `<name>-<shard>`.'),
    key: z.string().min(1).describe("How the application picks a shard, written into the shard map, e.g. 'user_id % 50'."),
    regions: mapOf(z.strictObject({
      from: int32().min(0).describe('First shard of the region.'),
      to: int32().min(0).describe('Last shard of the region (inclusive).'),
    })).describe('Which shards each region runs (inclusive ranges). Together they cover 0..count-1 exactly once.'),
  }),
  ...sizingFields,
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools`.'),
  postgresql: z.strictObject({
    parameters: stringMap().describe('CNPG spec.postgresql.parameters, as PostgreSQL spells them (strings). superuser_reserved_connections (default 3) and reserved_connections (default 0) count as reserved in the connection budget.'),
  }),
  database: z.string().optional().describe("The application database and its owner role, created by initdb. @default 'app'"),
  clients: mapOf(z.strictObject({
    connectionsPerPod: int32().min(1).describe("Connections one pod keeps to each shard's rw pooler (its pool size, summed over its processes)."),
    readConnectionsPerPod: int32().min(0).optional().describe("Connections one pod keeps to each shard's ro pooler. @default 0"),
  })).optional().describe('Workloads (by object name) that use this database, for the connection budget: Σ maxReplicas × connections per pod ≤ max_client_conn × pooler instances.'),
  allowFrom: z.array(z.strictObject({ namespace: z.string(), podLabels: stringMap().optional() }))
    .describe('Pods allowed to reach the poolers (NetworkPolicy ingress): a namespace, optionally narrowed by pod labels.'),
}).describe('A sharded PostgreSQL database on CloudNativePG: a Cluster and an rw and ro PgBouncer Pooler per shard, and a shard-map ConfigMap.'));

export const postgresClusterOverrideSchema = named('PostgresClusterOverride', z.strictObject({
  readReplicas: sizingFields.readReplicas.optional(),
  resources: sizingFields.resources.optional(),
  storage: sizingFields.storage.optional(),
  poolers: sizingFields.poolers.optional(),
}).describe('What a region may change about a sharded PostgreSQL database (its size; the shard ranges live on the database).'));
