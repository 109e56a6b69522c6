/**
 * The platform spec: one source of truth for every region's cluster.
 *
 * platform → regions (one cluster each) → namespaces → services. Services are declared once per
 * namespace; a region changes them only through an explicit override
 * (`regions.<region>.services.<service>`), so every difference between clusters is written down.
 */
import { z } from 'zod';
import { behaviorRefSchema, behaviorSchema, disruptionSchema, resourceQuantitiesSchema, probesSchema, resourcesSchema } from './common';
import { alertingSchema } from './alerting';
import { meshPlatformSchema, serviceMeshSchema } from './mesh';
import { finite, int32, intOrString, mapOf, named, port, stringMap } from './primitives';
import { kafkaClusterOverrideSchema, kafkaClusterSchema } from './data-kafka';
import { rabbitmqClusterOverrideSchema, rabbitmqClusterSchema } from './data-rabbitmq';
import { capacityPlanSchema } from './capacity';
import { asyncWorkloadsSchema, envSchema, secretEnvSchema, serviceEventScalingSchema } from './workers';
import { postgresClusterOverrideSchema, postgresClusterSchema } from './data-postgres';
import { nodeTuningSchema, podSysctlsSchema, runsOnlySchema, seedClaimsSchema, verticalScalingSchema } from './tuning';

export const operatingPointSchema = named('OperatingPoint', z.strictObject({
  says: z.string().describe("The source document's own words for this operating point; the warning quotes them."),
  requestsPerSecond: finite().describe('Load on one region\'s instance of the service, req/s.'),
  replicas: int32().describe('Pods the source says serve that load.'),
  cpuUtilization: finite().optional().describe('Average CPU utilization the source says those pods run at, %.'),
}).describe('A claim of the source document: this load runs on this many pods (at this CPU). The validator checks it against the HPA targets and warns where they disagree (rule operating-point).'));

export const autoscalingSchema = named('Autoscaling', z.strictObject({
  minReplicas: int32(),
  maxReplicas: int32(),
  cpuUtilization: int32().optional().describe('Target average CPU utilization, % of the CPU request.'),
  memoryUtilization: int32().optional().describe('Target average memory utilization, % of the memory request.'),
  requestsPerSecondPerPod: finite().optional().describe('Target requests per second per pod, served to the HPA as a Pods metric (named by `requestsPerSecondMetric`) by a custom-metrics adapter.'),
  peakRequestsPerSecond: finite().optional().describe("Peak requests per second one region's instance of the service must serve. With `requestsPerSecondPerPod` it proves `maxReplicas` can carry the peak."),
  behavior: behaviorRefSchema.describe('A named profile from `behaviorProfiles` or the built-in ones, or an inline behavior.'),
  operatingPoints: z.array(operatingPointSchema).optional()
    .describe("The source document's own load/pods/CPU claims, checked against the targets (warnings only)."),
}));

export const shutdownSchema = named('Shutdown', z.strictObject({
  preStopSleepSeconds: int32().describe('Seconds the container sleeps in preStop before SIGTERM, so endpoints and load balancers stop sending new connections before the server stops accepting them.'),
  terminationGracePeriodSeconds: int32().describe("Must exceed the preStop sleep plus the server's own drain time."),
}));

export const rolloutSchema = named('Rollout', z.strictObject({
  maxSurge: intOrString().optional().describe("@default '25%'"),
  maxUnavailable: intOrString().optional().describe('@default 0 (capacity never drops during a rollout)'),
}));

export const serviceSchema = named('Service', z.strictObject({
  image: z.string().describe('`repo:tag` or `repo@sha256:<digest>`; never `latest`, never untagged.'),
  version: z.string().optional()
    .describe('app.kubernetes.io/version. Derived from the tag when omitted; required with a bare digest.'),
  component: z.string().optional().describe("app.kubernetes.io/component. @default 'api'"),
  command: z.array(z.string()).optional().describe("The container's entrypoint, as a list of arguments."),
  args: z.array(z.string()).optional(),
  env: envSchema.optional(),
  secretEnv: secretEnvSchema.optional(),
  port: port().describe('Container (and Service) port.'),
  resources: resourcesSchema,
  probes: probesSchema,
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools`.'),
  replicas: int32().optional()
    .describe('Fixed replica count, for workloads that are not autoscaled. Exclusive with `autoscaling`.'),
  autoscaling: autoscalingSchema.optional(),
  disruption: disruptionSchema.optional(),
  shutdown: shutdownSchema,
  rollout: rolloutSchema.optional(),
  mesh: serviceMeshSchema.optional(),
  eventScaling: serviceEventScalingSchema.optional()
    .describe('Event-driven scaling by KEDA (cron windows, queue depth) instead of a plain HPA.'),
  verticalScaling: verticalScalingSchema.optional(),
  sysctls: podSysctlsSchema.optional(),
}));

export const serviceOverrideSchema = named('ServiceOverride', z.strictObject({
  image: z.string().optional(),
  version: z.string().optional(),
  replicas: int32().optional(),
  autoscaling: autoscalingSchema.partial().optional(),
  resources: resourcesSchema.optional(),
  env: envSchema.optional(),
  disruption: disruptionSchema.optional(),
  eventScaling: serviceEventScalingSchema.partial().optional()
    .describe("Per-region KEDA scaling fields, merged over the service's (e.g. the region's own `timezone` for business hours)."),
}).describe('What a region may change about a service; everything else is platform-wide.'));

const redisSizingFields = {
  shards: int32().min(3).describe('Primaries; at least 3 (failover needs a majority of primaries).'),
  replicasPerShard: int32().min(0).describe('Replicas of each primary; the StatefulSet runs shards × (1 + replicasPerShard) pods.'),
  resources: z.strictObject({
    requests: z.strictObject({ cpu: z.string(), memory: z.string() }),
    limits: resourceQuantitiesSchema,
  }).describe('Per Redis node. The memory request must equal the limit; maxmemory is derived from the limit with headroom for replication buffers.'),
};

export const redisClusterSchema = named('RedisCluster', z.strictObject({
  image: z.string().describe("A pinned Debian-based Redis image (the bootstrap needs bash and getent). @default 'redis:7.2.5-bookworm'").optional(),
  ...redisSizingFields,
  maxmemoryPolicy: z.enum(['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']),
  persistence: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('none') }),
    z.strictObject({ mode: z.literal('rdb'), savePoints: z.array(z.strictObject({ seconds: int32().min(1), changes: int32().min(1) })).min(1) }),
    z.strictObject({ mode: z.literal('aof'), fsync: z.enum(['always', 'everysec', 'no']) }),
  ]).describe('How a node keeps its dataset across restarts: none (a cache), RDB snapshots or an append-only file.'),
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools` (the memory-optimized pool).'),
  dataVolume: z.strictObject({ size: z.string(), storageClassName: z.string().optional() }).optional()
    .describe("Per node: nodes.conf and any RDB/AOF. @default { size: '20Gi' }"),
  passwordSecret: z.strictObject({ name: z.string(), key: z.string() }).optional()
    .describe('requirepass/masterauth from this Secret key; referenced by name, never read.'),
  maxclients: int32().min(1).optional().describe('Client connections per node. @default 10000'),
  clients: mapOf(z.strictObject({
    connectionsPerPod: int32().min(1).describe('Connections one pod keeps to each node (its pool size, summed over its processes).'),
  })).optional().describe('Workloads (by object name) that use this cluster, for the connection budget: Σ maxReplicas × connectionsPerPod ≤ maxclients.'),
  allowFrom: z.array(z.strictObject({ namespace: z.string(), podLabels: stringMap().optional() }))
    .describe('Pods allowed to connect on the client port (NetworkPolicy ingress): a namespace, optionally narrowed by pod labels.'),
}).describe('A Redis Cluster: a StatefulSet of shards × (1 + replicasPerShard) nodes, formed by an idempotent bootstrap Job.'));

export const redisClusterOverrideSchema = named('RedisClusterOverride', z.strictObject({
  shards: redisSizingFields.shards.optional(),
  replicasPerShard: redisSizingFields.replicasPerShard.optional(),
  resources: redisSizingFields.resources.optional(),
}).describe('What a region may change about a Redis Cluster (its size).'));

export const dataTierSchema = named('DataTier', z.strictObject({
  redis: mapOf(redisClusterSchema).optional().describe('Redis Clusters by name; the name is the StatefulSet and client Service name.'),
  postgres: mapOf(postgresClusterSchema).optional().describe('Sharded PostgreSQL databases by name; shard N is the CNPG Cluster `<name>-<NN>`.'),
  kafka: mapOf(kafkaClusterSchema).optional().describe('Kafka clusters on Strimzi by name; the name is the Kafka resource (bootstrap Service `<name>-kafka-bootstrap`).'),
  rabbitmq: mapOf(rabbitmqClusterSchema).optional().describe('RabbitMQ clusters by name; the name is the RabbitmqCluster and its client Service.'),
}));

export const namespaceSchema = named('Namespace', z.strictObject({
  labels: stringMap().optional().describe('Extra labels on the Namespace object.'),
  services: mapOf(serviceSchema),
  async: asyncWorkloadsSchema.optional(),
  data: dataTierSchema.optional().describe('Stateful data-tier workloads of this namespace.'),
}));

export const taintSchema = z.strictObject({
  key: z.string(),
  value: z.string(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

export const nodePoolSchema = named('NodePool', z.strictObject({
  nodeLabels: stringMap(),
  taint: taintSchema.optional(),
  clusterAutoscaler: z.strictObject({
    minNodesPerZone: int32().min(0),
    maxNodesPerZone: int32().min(1),
    allocatablePerNode: z.strictObject({ cpu: z.string(), memory: z.string() })
      .describe("What one node offers pods (the kubelet's allocatable, after system reservations)."),
  }).optional().describe("Cluster Autoscaler bounds of the pool's node group in every zone of a region. The validator checks that the pool's workloads at maxReplicas fit maxNodesPerZone × zones × allocatablePerNode (rule autoscaler-capacity)."),
  capacityPerRegion: resourceQuantitiesSchema.optional().describe("Allocatable CPU and memory of the pool in each region's cluster. When given, the validator checks that the pool fits every workload at minReplicas (error) and at maxReplicas (warning)."),
  tuning: nodeTuningSchema.optional(),
}).describe('A class of nodes: pods select it by label and tolerate its taint.'));

export const regionSchema = named('Region', z.strictObject({
  zones: z.array(z.string()).describe("Availability zones of the region's cluster; pods spread across them."),
  services: mapOf(serviceOverrideSchema).optional().describe('Explicit per-region changes, keyed by service name.'),
  data: z.strictObject({
    redis: mapOf(redisClusterOverrideSchema).optional(),
    postgres: mapOf(postgresClusterOverrideSchema).optional(),
    kafka: mapOf(kafkaClusterOverrideSchema).optional(),
    rabbitmq: mapOf(rabbitmqClusterOverrideSchema).optional(),
  }).optional().describe('Explicit per-region changes of data-tier workloads: `data.<redis|postgres|kafka|rabbitmq>.<name>` in every namespace that declares it.'),
  runsOnly: runsOnlySchema.optional(),
}));

const GITOPS_MISSING = "Argo CD delivers every cluster from Git: add gitops: { repoURL: 'https://…/your-gitops-repo.git' } (the repository dist/ is committed to)";

export const gitOpsSchema = named('GitOps', z.strictObject({
  repoURL: z.string().min(1, { error: 'the Git repository URL Argo CD clones, e.g. https://git.example.com/platform/gitops.git' })
    .describe('The Git repository Argo CD clones: the one this dist/ folder is committed to, as Argo CD knows it (https or ssh URL). Required.'),
  targetRevision: z.string().optional().describe("@default 'main'"),
  project: z.string().optional().describe('Argo CD AppProject. @default the platform name (never Argo CD\'s built-in `default`)'),
}, { error: (issue) => (issue.input === undefined ? GITOPS_MISSING : undefined) }).describe('Where Argo CD finds the rendered manifests. Required: every cluster is delivered by Argo CD.'));

export const observabilitySchema = named('Observability', z.strictObject({
  slo: z.strictObject({
    availability: z.number().gt(0).lt(100)
      .describe('Availability target in percent of requests answered without a 5xx, e.g. 99.99; the error budget is 100 minus it. @default 99.99'),
  }).optional().describe('Service level objective of every HTTP service; its burn-rate alerts derive from it.'),
  alerting: alertingSchema.optional(),
}).describe('Monitors, alert rules and dashboards; alert thresholds are the compiler defaults (seed 000).'));

export const platformSchema = z.strictObject({
  name: z.string().describe('DNS-1123 label; the first segment of every error path and the dist/ folder name.'),
  description: z.string().optional(),
  partOf: z.string().optional().describe('app.kubernetes.io/part-of. @default name'),
  nodePools: mapOf(nodePoolSchema),
  regions: mapOf(regionSchema),
  namespaces: mapOf(namespaceSchema),
  behaviorProfiles: mapOf(behaviorSchema).optional()
    .describe('Platform-specific behavior profiles, added to the built-in ones.'),
  requestsPerSecondMetric: z.string().optional()
    .describe("Pods metric name for requests per second. @default 'http_requests_per_second'"),
  mesh: meshPlatformSchema.optional(),
  gitops: gitOpsSchema,
  observability: observabilitySchema.optional(),
  seedClaims: seedClaimsSchema.optional().describe("Numbers of the platform's seed document, held against the render (rule seed-contradiction)."),
  capacity: capacityPlanSchema.optional(),
  loadTest: z.strictObject({
    requestsPerSecond: finite().describe("Peak load of each region's test, req/s; the seed-000 stages are scaled to it."),
    path: z.string().optional().describe('Path requested on the first edge host. @default the first exposed path'),
  }).optional().describe('The k6 load test rendered per region into dist/<platform>/loadtest/ (never synced by Argo CD). @default the sum of the exposed services\' peakRequestsPerSecond'),
}).describe("A platform spec of platform-compiler: regions (one cluster each) → namespaces → services. Every difference between clusters is an explicit region override.");
