/**
 * Queue workers and event consumers of one namespace (`NamespaceSpec.async`), and event-driven
 * scaling of HTTP services (`ServiceSpec.eventScaling`). Every worker is scaled by a KEDA
 * ScaledObject on its backlog; nothing here is scaled by a plain HPA.
 */
import { z } from 'zod';
import { behaviorRefSchema, disruptionSchema, resourcesSchema } from './common';
import { int32, mapOf, named, port, stringMap } from './primitives';

export const priorityTierSchema = named('PriorityTier', z.enum(['high', 'normal', 'low']).describe('Scheduling tier of a worker, rendered as one cluster-wide PriorityClass per tier. `high` preempts lower-priority pods when its node pool is full; `normal` and `low` never preempt, they only order the scheduler\'s queue.'));

export const brokerKindSchema = z.enum(['rabbitmq', 'redis', 'kafka']);

export const secretKeyRefSchema = named('SecretKeyRef', z.strictObject({
  secret: z.string().describe('Name of the Secret (created outside the compiler, never read).'),
  key: z.string().describe('Key within the Secret.'),
}));

export const envSchema = named('Env', stringMap().describe('Plain configuration. Secrets are referenced by name through `secretEnv`, never inlined.'));
export const secretEnvSchema = named('SecretEnv', mapOf(secretKeyRefSchema)
  .describe("Environment variables read from Secrets: `VAR: { secret: 'name', key: 'key' }`."));

export const brokerSchema = named('Broker', z.strictObject({
  kind: brokerKindSchema,
  service: z.string().describe("Name of the broker's Service (for Kafka: the bootstrap Service)."),
  namespace: z.string().optional().describe('Namespace of that Service. @default the namespace of the workloads'),
  port: port().optional().describe('Port of the broker pods, used in worker NetworkPolicies (which match pod ports, so the Service must not remap it). @default 5672 (rabbitmq), 6379 (redis), 9092 (kafka)'),
  podLabels: stringMap().optional()
    .describe("Labels of the broker pods, to narrow worker egress. @default every pod of the broker's namespace"),
  secret: z.string().optional()
    .describe('Secret holding the connection. Required for rabbitmq and redis; optional for kafka (SASL).'),
  urlKey: z.string().optional().describe("Key of the full broker URL with credentials (`amqp://user:pass@host:5672/vhost`, `redis://:pass@host:6379/0`): workers read it as CELERY_BROKER_URL, and KEDA's rabbitmq scaler as `host` (AMQP). @default 'url'"),
  managementUrlKey: z.string().optional().describe('RabbitMQ only: key of a management API URL (`http://user:pass@host:15672/vhost`). When set, KEDA reads queue length over HTTP, which counts unacknowledged (in-flight) messages too; over AMQP only ready messages count. @default none (AMQP)'),
  passwordKey: z.string().optional().describe("Redis and Kafka SASL: key of the password. @default 'password'"),
  usernameKey: z.string().optional().describe("Kafka SASL: key of the user name. @default 'username'"),
  sasl: z.enum(['plaintext', 'scram_sha256', 'scram_sha512']).optional()
    .describe('Kafka: SASL mechanism; requires `secret`. @default none'),
  databaseIndex: int32().optional().describe('Redis: database index of the queues. @default 0'),
  priorityLevels: z.array(int32()).optional().describe("Redis: the app's `broker_transport_options.priority_steps`. Celery's Redis transport keeps each priority level in its own list (`<queue><separator><level>`, level 0 is the bare queue name), so KEDA watches one list per level and scales on their sum. @default none (one list)"),
  prioritySeparator: z.string().optional()
    .describe("Redis: the app's `broker_transport_options.sep`. @default '\\x06\\x16' (kombu's default)"),
  cluster: z.boolean().optional().describe("Redis: the Service fronts a Redis Cluster (a `data.redis` cluster). KEDA then reads lists with its redis-cluster scaler, which follows MOVED redirects to the node owning the list's slot; the plain redis scaler would ask whichever node the Service picked. @default false"),
}).describe('A message broker the workloads reach through a Kubernetes Service. Credentials are referenced by Secret name and key only: the Secret is created outside the compiler and never read.'));

export const egressTargetSchema = named('EgressTarget', z.strictObject({
  service: z.string(),
  namespace: z.string().optional().describe('@default the namespace of the workloads'),
  port: port().describe('Pod port (NetworkPolicies match pod ports, not Service ports).'),
  podLabels: stringMap().optional().describe('@default every pod of that namespace'),
}).describe('Another Service a worker must reach (a database, an API): one NetworkPolicy egress rule.'));

export const workerLivenessSchema = named('WorkerLiveness', z.strictObject({
  method: z.enum(['heartbeat-file', 'inspect-ping']).optional(),
  heartbeatFile: z.string().optional().describe("@default '/tmp/worker-heartbeat' (the writable /tmp volume)"),
  maxHeartbeatAgeSeconds: int32().optional().describe('@default 60'),
  periodSeconds: int32().optional().describe('@default 30 (heartbeat-file), 300 (inspect-ping)'),
}).describe('How the kubelet checks a worker is alive, without loading the broker: `heartbeat-file` (default; an exec probe restarts the pod when the file the worker touches is older than `maxHeartbeatAgeSeconds`) or `inspect-ping` (Celery queues only; a broadcast through the broker, so the period must be at least 60 s).'));

/** Fields every queue-scaled workload shares: scheduling, scaling bounds and shutdown. */
export const asyncWorkloadBaseShape = {
  tier: priorityTierSchema,
  minWorkers: int32().describe('Replica floor, per region unless overridden in `regions`. 0 lets KEDA scale to zero.'),
  maxWorkers: int32().describe('Replica ceiling, per region unless overridden in `regions`.'),
  maxTaskDurationSeconds: int32().describe("Longest one unit of work (a task, a batch, a poll loop) may take; Celery workers enforce it with `--time-limit`. The pod's terminationGracePeriodSeconds is at least this, so SIGTERM lets running work finish (warm shutdown) before the kubelet kills the pod."),
  terminationGracePeriodSeconds: int32().optional().describe('@default maxTaskDurationSeconds + 30'),
  pollingIntervalSeconds: int32().optional().describe('How often KEDA reads the backlog. @default 30'),
  cooldownSeconds: int32().optional().describe('Idle time before KEDA scales to minWorkers 0 (only matters then). @default 300'),
  behavior: behaviorRefSchema.describe('HPA behavior under the ScaledObject: a profile name or an inline behavior.'),
  fallbackReplicas: int32().optional().describe('Replicas KEDA holds (or more, if more run) once it has failed to read the backlog 3 times in a row; within minWorkers..maxWorkers in every region. @default half of maxWorkers, rounded up, at least minWorkers'),
  resources: resourcesSchema,
  nodePool: z.string().optional()
    .describe('A key of `PlatformSpec.nodePools`. Celery queues default to `celery.nodePool`.'),
  disruption: disruptionSchema.optional().describe("@default maxUnavailable '10%'"),
  liveness: workerLivenessSchema.optional().describe('@default heartbeat-file'),
  egressTo: z.array(egressTargetSchema).optional()
    .describe('Services besides the broker the worker must reach (NetworkPolicy egress).'),
};
export const asyncWorkloadBaseSchema = z.strictObject(asyncWorkloadBaseShape);

const commandSchema = z.array(z.string());

export const celerySchema = named('Celery', z.strictObject({
  image: z.string().describe('`repo:tag` or `repo@sha256:<digest>`.'),
  version: z.string().optional().describe('app.kubernetes.io/version. @default the image tag'),
  app: z.string().describe('The Celery app (`celery -A <app>`), e.g. `hyperscale.celery:app`.'),
  broker: z.string().describe('A key of `brokers`, of kind rabbitmq or redis.'),
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools`.'),
  env: envSchema.optional(),
  secretEnv: secretEnvSchema.optional(),
  logLevel: z.string().optional().describe("@default 'INFO'"),
  egressTo: z.array(egressTargetSchema).optional()
    .describe('Services every Celery pod (workers and beat) reaches besides the broker, e.g. the database.'),
}).describe('The Celery application shared by every queue worker and beat of the namespace.'));

export const workerQueueSchema = named('WorkerQueue', z.strictObject({
  ...asyncWorkloadBaseShape,
  concurrency: int32().describe('Worker processes per pod (`--concurrency`).'),
  prefetchMultiplier: int32()
    .describe('Messages each process reserves ahead (`--prefetch-multiplier`); 1 for long or urgent tasks.'),
  maxTasksPerChild: int32().optional()
    .describe('Recycle a pool process after this many tasks (`--max-tasks-per-child`). @default none'),
  messagesPerWorker: int32().optional()
    .describe('Ready messages per worker pod KEDA aims for. @default concurrency × prefetchMultiplier'),
  command: commandSchema.optional()
    .describe('Replaces the whole `celery … worker` command line. @default the rendered Celery worker'),
}).describe('One Celery queue and the Deployment of workers that consume exactly it.'));

export const celeryBeatSchema = named('CeleryBeat', z.strictObject({
  resources: resourcesSchema,
  scheduler: z.string().optional().describe("`--scheduler`, e.g. `django_celery_beat.schedulers:DatabaseScheduler`. @default Celery's file scheduler in /tmp"),
  tier: priorityTierSchema.optional().describe("@default 'high' (missed schedules are not retried)"),
  replicas: z.literal(1).optional().describe('Always exactly 1: two beats would enqueue every periodic task twice.'),
  command: commandSchema.optional().describe('Replaces the whole `celery … beat` command line.'),
}).describe('Celery beat: the one scheduler that enqueues periodic tasks.'));

/** An image and process of its own, for workloads that are not Celery. */
const ownProcessShape = {
  image: z.string(),
  version: z.string().optional(),
  command: commandSchema.optional(),
  args: commandSchema.optional(),
  env: envSchema.optional(),
  secretEnv: secretEnvSchema.optional(),
};

export const batchWriterSchema = named('BatchWriter', z.strictObject({
  ...asyncWorkloadBaseShape,
  ...ownProcessShape,
  broker: z.string().describe('A key of `brokers`, of kind redis.'),
  list: z.string().describe('The Redis list the API pushes to.'),
  batchSize: int32().optional().describe('Rows per insert (env BATCH_SIZE). @default 5000'),
  itemsPerWorker: int32().optional().describe('Pending rows per writer KEDA aims for (listLength). @default batchSize'),
}).describe('Async write-back (seed 002): the API pushes rows to a Redis list and answers 202; this worker pops them in batches and writes each batch with one multi-row insert. Scaled on list length.'));

export const kafkaConsumerSchema = named('KafkaConsumer', z.strictObject({
  ...asyncWorkloadBaseShape,
  ...ownProcessShape,
  broker: z.string().describe('A key of `brokers`, of kind kafka.'),
  topic: z.string(),
  partitions: int32().describe('Partitions of the topic: a group never has more busy consumers than partitions.'),
  consumerGroup: z.string(),
  lagPerWorker: int32().describe('Lag per consumer KEDA aims for (lagThreshold).'),
  offsetResetPolicy: z.enum(['latest', 'earliest']).optional().describe("Where a new group starts. @default 'latest'"),
}).describe('A Kafka consumer group (seed 004), scaled on consumer lag.'));

export const workerScaleOverrideSchema = named('WorkerScaleOverride', z.strictObject({
  minWorkers: int32().optional(),
  maxWorkers: int32().optional(),
}).describe('What a region may change about a worker: only its bounds.'));

export const asyncRegionOverrideSchema = z.strictObject({
  queues: mapOf(workerScaleOverrideSchema).optional(),
  batchWriters: mapOf(workerScaleOverrideSchema).optional(),
  kafkaConsumers: mapOf(workerScaleOverrideSchema).optional(),
});

export const asyncWorkloadsSchema = named('AsyncWorkloads', z.strictObject({
  brokers: mapOf(brokerSchema).describe('Brokers by a local name that workloads refer to.'),
  celery: celerySchema.optional().describe('Required with `queues` or `beat`.'),
  queues: mapOf(workerQueueSchema).optional()
    .describe('Celery queues by queue name (e.g. `high_priority`); one worker Deployment each, named `worker-<queue>`.'),
  beat: celeryBeatSchema.optional(),
  batchWriters: mapOf(batchWriterSchema).optional().describe('By Deployment name.'),
  kafkaConsumers: mapOf(kafkaConsumerSchema).optional().describe('By Deployment name.'),
  regions: mapOf(asyncRegionOverrideSchema).optional().describe('Explicit per-region worker bounds, keyed by region.'),
}).describe('Queue workers, beat, batch writers and stream consumers of this namespace.'));

export const weekdaySchema = z.enum(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

export const cronWindowSchema = named('CronWindow', z.strictObject({
  days: z.union([z.enum(['daily', 'weekdays', 'weekends']), z.array(weekdaySchema)]),
  start: z.string().describe('`HH:MM`, in the scaling timezone.'),
  end: z.string().describe('`HH:MM` after `start`, or `24:00`; a window never crosses midnight (split it instead).'),
  replicas: int32(),
}).describe('A recurring time window, within one day, during which the service keeps `replicas` pods.'));

export const serviceEventScalingSchema = named('ServiceEventScaling', z.strictObject({
  minReplicas: int32().describe('Floor outside every window.'),
  maxReplicas: int32(),
  timezone: z.string().describe('IANA time zone the windows are written in, e.g. `Europe/Berlin`.'),
  windows: mapOf(cronWindowSchema).optional().describe('Named windows (the names become trigger names).'),
  cpuUtilization: int32().optional().describe('Target average CPU utilization, % of the request.'),
  memoryUtilization: int32().optional().describe('Target average memory utilization, % of the request.'),
  behavior: behaviorRefSchema,
  fallbackReplicas: int32().optional().describe('Replicas KEDA holds (or more, if more run) once its cron triggers fail 3 times in a row; within minReplicas..maxReplicas. Not rendered without windows (KEDA has no fallback for CPU and memory triggers). @default half of maxReplicas, rounded up, at least minReplicas'),
  pollingIntervalSeconds: int32().optional().describe('@default 30'),
  cooldownSeconds: int32().optional().describe('@default 300'),
}).describe('KEDA scaling of an HTTP service (seed 003): cron windows raise the floor on a schedule, CPU (and memory) utilization scale above it. The replica count is the highest of all triggers, never below minReplicas. Exclusive with `replicas` and `autoscaling`.'));
