import type { BehaviorSpec, DisruptionSpec, ResourcesSpec } from '../types';

/**
 * Queue workers and event consumers of one namespace (`NamespaceSpec.async`), and event-driven
 * scaling of HTTP services (`ServiceSpec.eventScaling`). Every worker is scaled by a KEDA
 * ScaledObject on its backlog; nothing here is scaled by a plain HPA.
 */

/**
 * Scheduling tier of a worker, rendered as one cluster-wide PriorityClass per tier.
 * `high` preempts lower-priority pods when its node pool is full; `normal` and `low` never
 * preempt, they only order the scheduler's queue.
 */
export type PriorityTier = 'high' | 'normal' | 'low';

export type BrokerKind = 'rabbitmq' | 'redis' | 'kafka';

/**
 * A message broker the workloads reach through a Kubernetes Service. Credentials are referenced
 * by Secret name and key only: the Secret is created outside the compiler and never read.
 */
export interface BrokerSpec {
  readonly kind: BrokerKind;
  /** Name of the broker's Service (for Kafka: the bootstrap Service). */
  readonly service: string;
  /** Namespace of that Service. @default the namespace of the workloads */
  readonly namespace?: string;
  /**
   * Port of the broker pods, used in worker NetworkPolicies (which match pod ports, so the
   * Service must not remap it). @default 5672 (rabbitmq), 6379 (redis), 9092 (kafka)
   */
  readonly port?: number;
  /** Labels of the broker pods, to narrow worker egress. @default every pod of the broker's namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Secret holding the connection. Required for rabbitmq and redis; optional for kafka (SASL). */
  readonly secret?: string;
  /**
   * Key of the full broker URL with credentials (`amqp://user:pass@host:5672/vhost`,
   * `redis://:pass@host:6379/0`): workers read it as CELERY_BROKER_URL, and KEDA's rabbitmq
   * scaler as `host` (AMQP). @default 'url'
   */
  readonly urlKey?: string;
  /**
   * RabbitMQ only: key of a management API URL (`http://user:pass@host:15672/vhost`). When set,
   * KEDA reads queue length over HTTP, which counts unacknowledged (in-flight) messages too;
   * over AMQP only ready messages count. @default none (AMQP)
   */
  readonly managementUrlKey?: string;
  /** Redis and Kafka SASL: key of the password. @default 'password' */
  readonly passwordKey?: string;
  /** Kafka SASL: key of the user name. @default 'username' */
  readonly usernameKey?: string;
  /** Kafka: SASL mechanism; requires `secret`. @default none */
  readonly sasl?: 'plaintext' | 'scram_sha256' | 'scram_sha512';
  /** Redis: database index of the queues. @default 0 */
  readonly databaseIndex?: number;
  /**
   * Redis: the app's `broker_transport_options.priority_steps`. Celery's Redis transport keeps
   * each priority level in its own list (`<queue><separator><level>`, level 0 is the bare queue
   * name), so KEDA watches one list per level and scales on their sum. @default none (one list)
   */
  readonly priorityLevels?: readonly number[];
  /** Redis: the app's `broker_transport_options.sep`. @default '\x06\x16' (kombu's default) */
  readonly prioritySeparator?: string;
}

/** Another Service a worker must reach (a database, an API): one NetworkPolicy egress rule. */
export interface EgressTarget {
  readonly service: string;
  /** @default the namespace of the workloads */
  readonly namespace?: string;
  /** Pod port (NetworkPolicies match pod ports, not Service ports). */
  readonly port: number;
  /** @default every pod of that namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/**
 * How the kubelet checks a worker is alive, without loading the broker.
 *
 * - `heartbeat-file` (default): the worker touches a file from its main process every few
 *   seconds (a Celery bootstep timer; long tasks run in pool children and do not stop it); an
 *   exec probe restarts the pod when the file is older than `maxHeartbeatAgeSeconds`. No
 *   broker traffic at all. The probe runs `python` in Celery images and `sh` + `stat` in
 *   others; the file's path reaches the process as WORKER_HEARTBEAT_FILE.
 * - `inspect-ping` (Celery queues only): `celery inspect ping` to this worker. Every probe is a
 *   broadcast through the broker that all workers of the app receive, so at hundreds of pods it
 *   must be rare: the period must be at least 60 s.
 */
export interface WorkerLivenessSpec {
  readonly method?: 'heartbeat-file' | 'inspect-ping';
  /** @default '/tmp/worker-heartbeat' (the writable /tmp volume) */
  readonly heartbeatFile?: string;
  /** @default 60 */
  readonly maxHeartbeatAgeSeconds?: number;
  /** @default 30 (heartbeat-file), 300 (inspect-ping) */
  readonly periodSeconds?: number;
}

/** Fields every queue-scaled workload shares: scheduling, scaling bounds and shutdown. */
export interface AsyncWorkloadBase {
  readonly tier: PriorityTier;
  /** Replica floor, per region unless overridden in `regions`. 0 lets KEDA scale to zero. */
  readonly minWorkers: number;
  /** Replica ceiling, per region unless overridden in `regions`. */
  readonly maxWorkers: number;
  /**
   * Longest one unit of work (a task, a batch, a poll loop) may take; Celery workers enforce it
   * with `--time-limit`. The pod's terminationGracePeriodSeconds is at least this, so SIGTERM
   * lets running work finish (warm shutdown) before the kubelet kills the pod.
   */
  readonly maxTaskDurationSeconds: number;
  /** @default maxTaskDurationSeconds + 30 */
  readonly terminationGracePeriodSeconds?: number;
  /** How often KEDA reads the backlog. @default 30 */
  readonly pollingIntervalSeconds?: number;
  /** Idle time before KEDA scales to minWorkers 0 (only matters then). @default 300 */
  readonly cooldownSeconds?: number;
  /** HPA behavior under the ScaledObject: a profile name or an inline behavior. */
  readonly behavior: string | BehaviorSpec;
  readonly resources: ResourcesSpec;
  /** A key of `PlatformSpec.nodePools`. Celery queues default to `celery.nodePool`. */
  readonly nodePool?: string;
  /** @default maxUnavailable '10%' */
  readonly disruption?: DisruptionSpec;
  /** @default heartbeat-file */
  readonly liveness?: WorkerLivenessSpec;
  /** Services besides the broker the worker must reach (NetworkPolicy egress). */
  readonly egressTo?: readonly EgressTarget[];
}

type Env = Readonly<Record<string, string>>;
type SecretEnv = Readonly<Record<string, { readonly secret: string; readonly key: string }>>;

/** The Celery application shared by every queue worker and beat of the namespace. */
export interface CelerySpec {
  /** `repo:tag` or `repo@sha256:<digest>`. */
  readonly image: string;
  /** app.kubernetes.io/version. @default the image tag */
  readonly version?: string;
  /** The Celery app (`celery -A <app>`), e.g. `hyperscale.celery:app`. */
  readonly app: string;
  /** A key of `brokers`, of kind rabbitmq or redis. */
  readonly broker: string;
  /** A key of `PlatformSpec.nodePools`. */
  readonly nodePool: string;
  readonly env?: Env;
  readonly secretEnv?: SecretEnv;
  /** @default 'INFO' */
  readonly logLevel?: string;
  /** Services every Celery pod (workers and beat) reaches besides the broker, e.g. the database. */
  readonly egressTo?: readonly EgressTarget[];
}

/** One Celery queue and the Deployment of workers that consume exactly it. */
export interface WorkerQueueSpec extends AsyncWorkloadBase {
  /** Worker processes per pod (`--concurrency`). */
  readonly concurrency: number;
  /** Messages each process reserves ahead (`--prefetch-multiplier`); 1 for long or urgent tasks. */
  readonly prefetchMultiplier: number;
  /** Recycle a pool process after this many tasks (`--max-tasks-per-child`). @default none */
  readonly maxTasksPerChild?: number;
  /** Ready messages per worker pod KEDA aims for. @default concurrency × prefetchMultiplier */
  readonly messagesPerWorker?: number;
  /** Replaces the whole `celery … worker` command line. @default the rendered Celery worker */
  readonly command?: readonly string[];
}

/** Celery beat: the one scheduler that enqueues periodic tasks. */
export interface CeleryBeatSpec {
  readonly resources: ResourcesSpec;
  /** `--scheduler`, e.g. `django_celery_beat.schedulers:DatabaseScheduler`. @default Celery's file scheduler in /tmp */
  readonly scheduler?: string;
  /** @default 'high' (missed schedules are not retried) */
  readonly tier?: PriorityTier;
  /** Always exactly 1: two beats would enqueue every periodic task twice. */
  readonly replicas?: 1;
  /** Replaces the whole `celery … beat` command line. */
  readonly command?: readonly string[];
}

/** An image and process of its own, for workloads that are not Celery. */
interface OwnProcess {
  readonly image: string;
  readonly version?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Env;
  readonly secretEnv?: SecretEnv;
}

/**
 * Async write-back (seed 002): the API pushes rows to a Redis list and answers 202; this worker
 * pops them in batches and writes each batch with one multi-row insert. Scaled on list length.
 */
export interface BatchWriterSpec extends AsyncWorkloadBase, OwnProcess {
  /** A key of `brokers`, of kind redis. */
  readonly broker: string;
  /** The Redis list the API pushes to. */
  readonly list: string;
  /** Rows per insert (env BATCH_SIZE). @default 5000 */
  readonly batchSize?: number;
  /** Pending rows per writer KEDA aims for (listLength). @default batchSize */
  readonly itemsPerWorker?: number;
}

/** A Kafka consumer group (seed 004), scaled on consumer lag. */
export interface KafkaConsumerSpec extends AsyncWorkloadBase, OwnProcess {
  /** A key of `brokers`, of kind kafka. */
  readonly broker: string;
  readonly topic: string;
  /** Partitions of the topic: a group never has more busy consumers than partitions. */
  readonly partitions: number;
  readonly consumerGroup: string;
  /** Lag per consumer KEDA aims for (lagThreshold). */
  readonly lagPerWorker: number;
  /** Where a new group starts. @default 'latest' */
  readonly offsetResetPolicy?: 'latest' | 'earliest';
}

/** What a region may change about a worker: only its bounds. */
export interface WorkerScaleOverride {
  readonly minWorkers?: number;
  readonly maxWorkers?: number;
}

export interface AsyncRegionOverride {
  readonly queues?: Readonly<Record<string, WorkerScaleOverride>>;
  readonly batchWriters?: Readonly<Record<string, WorkerScaleOverride>>;
  readonly kafkaConsumers?: Readonly<Record<string, WorkerScaleOverride>>;
}

export interface AsyncWorkloadsSpec {
  /** Brokers by a local name that workloads refer to. */
  readonly brokers: Readonly<Record<string, BrokerSpec>>;
  /** Required with `queues` or `beat`. */
  readonly celery?: CelerySpec;
  /** Celery queues by queue name (e.g. `high_priority`); one worker Deployment each, named `worker-<queue>`. */
  readonly queues?: Readonly<Record<string, WorkerQueueSpec>>;
  readonly beat?: CeleryBeatSpec;
  /** By Deployment name. */
  readonly batchWriters?: Readonly<Record<string, BatchWriterSpec>>;
  /** By Deployment name. */
  readonly kafkaConsumers?: Readonly<Record<string, KafkaConsumerSpec>>;
  /** Explicit per-region worker bounds, keyed by region. */
  readonly regions?: Readonly<Record<string, AsyncRegionOverride>>;
}

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

/** A recurring time window, within one day, during which the service keeps `replicas` pods. */
export interface CronWindowSpec {
  readonly days: 'daily' | 'weekdays' | 'weekends' | readonly Weekday[];
  /** `HH:MM`, in the scaling timezone. */
  readonly start: string;
  /** `HH:MM` after `start`, or `24:00`; a window never crosses midnight (split it instead). */
  readonly end: string;
  readonly replicas: number;
}

/**
 * KEDA scaling of an HTTP service (seed 003): cron windows raise the floor on a schedule, CPU
 * (and memory) utilization scale above it. The replica count is the highest of all triggers,
 * never below minReplicas. Exclusive with `replicas` and `autoscaling`.
 */
export interface ServiceEventScalingSpec {
  /** Floor outside every window. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** IANA time zone the windows are written in, e.g. `Europe/Berlin`. */
  readonly timezone: string;
  /** Named windows (the names become trigger names). */
  readonly windows?: Readonly<Record<string, CronWindowSpec>>;
  /** Target average CPU utilization, % of the request. */
  readonly cpuUtilization?: number;
  /** Target average memory utilization, % of the request. */
  readonly memoryUtilization?: number;
  readonly behavior: string | BehaviorSpec;
  /** @default 30 */
  readonly pollingIntervalSeconds?: number;
  /** @default 300 */
  readonly cooldownSeconds?: number;
}
