import { ASYNC_DEFAULTS, BROKER_PORTS as MODEL_BROKER_PORTS } from '../../model/defaults';
import { BEAT_NAME, queueObjectName } from '../../model/identity';
import { sortedKeys } from '../resolve';
import { ownEntry } from '../own-entry';
import { PlatformSpec } from '../types';
import {
  AsyncWorkloadBase, AsyncWorkloadsSpec, BatchWriterSpec, BrokerKind, BrokerSpec, KafkaConsumerSpec, WorkerQueueSpec,
} from './types';


/** Environment variables the compiler renders itself (the contract with the images); a spec may not set them. */
export const RENDERED_ENV = {
  celery: ['CELERY_BROKER_URL', 'WORKER_HEARTBEAT_FILE'],
  batchWriter: ['BATCH_LIST', 'BATCH_SIZE', 'REDIS_ADDRESS', 'REDIS_URL', 'WORKER_HEARTBEAT_FILE'],
  kafkaConsumer: [
    'KAFKA_AUTO_OFFSET_RESET', 'KAFKA_BOOTSTRAP_SERVERS', 'KAFKA_CONSUMER_GROUP', 'KAFKA_PASSWORD', 'KAFKA_SASL_MECHANISM',
    'KAFKA_TOPIC', 'KAFKA_USERNAME', 'WORKER_HEARTBEAT_FILE',
  ],
} as const;

export const BROKER_PORTS: Readonly<Record<BrokerKind, number>> = MODEL_BROKER_PORTS;

/** Which spec section each workload kind lives in, and the section of its region override. */
export const SECTIONS = { queue: 'queues', batchWriter: 'batchWriters', kafkaConsumer: 'kafkaConsumers' } as const;
export type AsyncKind = keyof typeof SECTIONS;

export interface ResolvedAsyncWorkload<S extends AsyncWorkloadBase> {
  readonly kind: AsyncKind;
  /** The spec key: a Celery queue name, or a batch writer / consumer name. */
  readonly key: string;
  /** Kubernetes object name (DNS-1123), e.g. `worker-high-priority`. */
  readonly name: string;
  readonly namespace: string;
  readonly region: string;
  /** The spec as this region runs it: minWorkers/maxWorkers overrides applied. */
  readonly spec: S;
  /** The spec path that decides `field` here: the region override when it sets the field. */
  pathOf(field: string): string;
}

export interface ResolvedAsync {
  readonly queues: readonly ResolvedAsyncWorkload<WorkerQueueSpec>[];
  readonly batchWriters: readonly ResolvedAsyncWorkload<BatchWriterSpec>[];
  readonly kafkaConsumers: readonly ResolvedAsyncWorkload<KafkaConsumerSpec>[];
}

export function asyncPath(platform: PlatformSpec, namespace: string): string {
  return `${platform.name}.namespaces.${namespace}.async`;
}

export { BEAT_NAME, queueObjectName };

function objectName(kind: AsyncKind, key: string): string {
  return kind === 'queue' ? queueObjectName(key) : key;
}

function resolveSection<S extends AsyncWorkloadBase>(
  platform: PlatformSpec, namespace: string, region: string, kind: AsyncKind, section: Readonly<Record<string, S>> | undefined,
): ResolvedAsyncWorkload<S>[] {
  const async = platform.namespaces[namespace].async!;
  const base = asyncPath(platform, namespace);
  return sortedKeys(section).map((key) => {
    const override = ownEntry(ownEntry(async.regions, region)?.[SECTIONS[kind]], key);
    return {
      kind,
      key,
      name: objectName(kind, key),
      namespace,
      region,
      spec: override ? { ...section![key], ...override } : section![key],
      pathOf: (field) => override && field in override
        ? `${base}.regions.${region}.${SECTIONS[kind]}.${key}.${field}`
        : `${base}.${SECTIONS[kind]}.${key}.${field}`,
    };
  });
}

/** Every queue worker, batch writer and consumer of a namespace as one region runs them, by name. */
export function resolveAsync(platform: PlatformSpec, namespace: string, region: string): ResolvedAsync {
  const async: AsyncWorkloadsSpec | undefined = platform.namespaces[namespace]?.async;
  if (!async) return { queues: [], batchWriters: [], kafkaConsumers: [] };
  return {
    queues: resolveSection(platform, namespace, region, 'queue', async.queues),
    batchWriters: resolveSection(platform, namespace, region, 'batchWriter', async.batchWriters),
    kafkaConsumers: resolveSection(platform, namespace, region, 'kafkaConsumer', async.kafkaConsumers),
  };
}

export function brokerPort(broker: BrokerSpec): number {
  return broker.port ?? BROKER_PORTS[broker.kind];
}

export function brokerNamespace(broker: BrokerSpec, workloadNamespace: string): string {
  return broker.namespace ?? workloadNamespace;
}

/** In-cluster DNS name and port of the broker, e.g. `redis.data.svc.cluster.local:6379`. */
export function brokerAddress(broker: BrokerSpec, workloadNamespace: string): string {
  return `${broker.service}.${brokerNamespace(broker, workloadNamespace)}.svc.cluster.local:${brokerPort(broker)}`;
}

/** The Redis lists Celery keeps for one queue: the bare name, then one per priority level above 0. */
export function redisQueueLists(broker: BrokerSpec, queue: string): string[] {
  const levels = broker.priorityLevels ?? [0];
  const sep = broker.prioritySeparator ?? ASYNC_DEFAULTS.prioritySeparator;
  return [...new Set(levels)].sort((a, b) => a - b).map((level) => (level === 0 ? queue : `${queue}${sep}${level}`));
}

export function gracePeriodSeconds(spec: AsyncWorkloadBase): number {
  return spec.terminationGracePeriodSeconds ?? spec.maxTaskDurationSeconds + ASYNC_DEFAULTS.shutdownMarginSeconds;
}
