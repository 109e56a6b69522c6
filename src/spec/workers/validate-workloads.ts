/** Rules for one queue worker, batch writer or Kafka consumer, as one region runs it. */
import { checkBehavior } from '../rules/scaling';
import { ownEntry } from '../own-entry';
import { checkKnownFields } from '../rules/structure';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { ASYNC_DEFAULTS } from '../../model/defaults';
import { RENDERED_ENV, ResolvedAsyncWorkload, SECTIONS, asyncPath } from './resolve';
import {
  AsyncWorkloadBase, AsyncWorkloadsSpec, BatchWriterSpec, BrokerKind, EgressTarget, KafkaConsumerSpec, WorkerQueueSpec,
} from './types';
import {
  checkDisruptionAt, checkEnvAt, checkImageAt, checkKedaTiming, checkNodePoolAt, checkResourcesAt, isPositiveInt,
} from './validate-common';

export const TIERS: readonly string[] = ['high', 'normal', 'low'];
const BASE_FIELDS = [
  'tier', 'minWorkers', 'maxWorkers', 'maxTaskDurationSeconds', 'terminationGracePeriodSeconds', 'pollingIntervalSeconds',
  'cooldownSeconds', 'behavior', 'fallbackReplicas', 'resources', 'nodePool', 'disruption', 'liveness', 'egressTo',
];
const PROCESS_FIELDS = ['image', 'version', 'command', 'args', 'env', 'secretEnv'];
export const FIELDS = {
  queue: [...BASE_FIELDS, 'concurrency', 'prefetchMultiplier', 'maxTasksPerChild', 'messagesPerWorker', 'command'],
  batchWriter: [...BASE_FIELDS, ...PROCESS_FIELDS, 'broker', 'list', 'batchSize', 'itemsPerWorker'],
  kafkaConsumer: [...BASE_FIELDS, ...PROCESS_FIELDS, 'broker', 'topic', 'partitions', 'consumerGroup', 'lagPerWorker', 'offsetResetPolicy'],
};
const LIVENESS_FIELDS = ['method', 'heartbeatFile', 'maxHeartbeatAgeSeconds', 'periodSeconds'];
const EGRESS_FIELDS = ['service', 'namespace', 'port', 'podLabels'];

/** A workload's `broker` must name a declared broker of a kind it can consume. */
export function checkBrokerRef(
  async: AsyncWorkloadsSpec, ref: string | undefined, kinds: readonly BrokerKind[], path: string, out: IssueCollector,
): void {
  const broker = ref === undefined ? undefined : ownEntry(async.brokers, ref);
  if (!broker) {
    out.report(path, 'unknown-broker',
      `broker '${ref}' is not declared in async.brokers; declared: ${Object.keys(async.brokers ?? {}).sort().join(', ') || '(none)'}`);
  } else if (!kinds.includes(broker.kind)) {
    out.report(path, 'broker-kind', `broker '${ref}' is ${broker.kind}, but this workload consumes from ${kinds.join(' or ')}`);
  }
}

function checkLiveness(w: ResolvedAsyncWorkload<AsyncWorkloadBase>, path: string, out: IssueCollector): void {
  const live = w.spec.liveness;
  if (!live) return;
  checkKnownFields(live, LIVENESS_FIELDS, path, out);
  const method = live.method ?? ASYNC_DEFAULTS.livenessMethod;
  if (method !== 'heartbeat-file' && method !== 'inspect-ping') {
    out.report(`${path}.method`, 'worker-liveness', `liveness method '${method}' is not one of heartbeat-file, inspect-ping`);
    return;
  }
  if (method === 'inspect-ping' && w.kind !== 'queue') {
    out.report(`${path}.method`, 'worker-liveness', 'inspect-ping asks a Celery worker; this workload is not Celery: use heartbeat-file');
  }
  if (live.heartbeatFile !== undefined && !/^\/tmp\/[^/]+/.test(live.heartbeatFile)) {
    out.report(`${path}.heartbeatFile`, 'worker-liveness',
      `heartbeatFile '${live.heartbeatFile}' must be below /tmp/, the only writable path of a read-only root filesystem`);
  }
  for (const key of ['maxHeartbeatAgeSeconds', 'periodSeconds'] as const) {
    if (live[key] !== undefined && !isPositiveInt(live[key])) {
      out.report(`${path}.${key}`, 'worker-liveness', `${key} (${live[key]}) must be an integer ≥ 1`);
    }
  }
  const period = live.periodSeconds ?? ASYNC_DEFAULTS.pingPeriodSeconds;
  if (method === 'inspect-ping' && isPositiveInt(period) && period < ASYNC_DEFAULTS.minPingPeriodSeconds) {
    const n = w.spec.maxWorkers;
    out.report(`${path}.periodSeconds`, 'liveness-broker-load',
      `celery inspect ping every ${period} s is a broadcast through the broker that every worker of the app receives: ` +
      `${n} workers probing make ${n * n} deliveries per period; use the heartbeat-file liveness, or a period of at least ` +
      `${ASYNC_DEFAULTS.minPingPeriodSeconds} s`);
  }
}

export function checkEgressAt(targets: readonly EgressTarget[] | undefined, base: string, out: IssueCollector): void {
  (targets ?? []).forEach((target, i) => {
    const path = `${base}.egressTo[${i}]`;
    checkKnownFields(target, EGRESS_FIELDS, path, out);
    if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
      out.report(`${path}.port`, 'port-range', `port ${target.port} is not an integer in 1-65535`);
    }
  });
}

/**
 * KEDA holds `fallbackReplicas` while its scaler fails; outside the bounds the HPA clamps it (a
 * floor above it, a ceiling below it), so the declared fallback would not be what runs.
 */
export function checkFallbackReplicas(
  fallback: number | undefined, min: number, max: number, bounds: string, path: string, region: string | undefined, out: IssueCollector,
): void {
  if (fallback === undefined || !Number.isInteger(min) || !Number.isInteger(max) || min > max) return;
  if (!Number.isInteger(fallback) || fallback < min || fallback > max) {
    out.report(path, 'keda-fallback-replicas',
      `fallbackReplicas (${fallback}) is outside ${bounds} (${min}–${max})${region ? ` in region ${region}` : ''}: `
      + 'the HPA under the ScaledObject clamps it to those bounds, so the fallback would not hold');
  }
}

/** Scheduling, bounds, shutdown, KEDA timing, behavior, resources, budget and liveness. */
function checkBase(platform: PlatformSpec, w: ResolvedAsyncWorkload<AsyncWorkloadBase>, defaultPool: string | undefined, out: IssueCollector): void {
  const { spec } = w;
  const path = `${asyncPath(platform, w.namespace)}.${SECTIONS[w.kind]}.${w.key}`;
  if (!TIERS.includes(spec.tier)) {
    out.report(`${path}.tier`, 'priority-tier', `tier '${spec.tier}' is not one of ${TIERS.join(', ')}`);
  }
  const { minWorkers: min, maxWorkers: max } = spec;
  if (!Number.isInteger(min) || min < 0) {
    out.report(w.pathOf('minWorkers'), 'min-max-replicas', `minWorkers (${min}) must be an integer ≥ 0`);
  } else if (!Number.isInteger(max) || max < 1 || min > max) {
    out.report(w.pathOf('maxWorkers'), 'min-max-replicas', `maxWorkers (${max}) must be an integer ≥ 1 and ≥ minWorkers (${min})`);
  } else if (min === 0 && spec.tier === 'high') {
    out.report(w.pathOf('minWorkers'), 'high-tier-floor',
      'tier high with minWorkers 0: KEDA would scale the workers to zero, and an urgent task would wait for a pod to be scheduled and boot; keep at least one');
  }
  checkFallbackReplicas(spec.fallbackReplicas, min, max, 'minWorkers..maxWorkers', `${path}.fallbackReplicas`, w.region, out);
  const duration = spec.maxTaskDurationSeconds;
  const grace = spec.terminationGracePeriodSeconds;
  if (!isPositiveInt(duration)) {
    out.report(`${path}.maxTaskDurationSeconds`, 'task-duration', `maxTaskDurationSeconds (${duration}) must be an integer ≥ 1`);
  } else if (grace !== undefined && !(Number.isInteger(grace) && grace >= duration)) {
    out.report(`${path}.terminationGracePeriodSeconds`, 'worker-grace-period',
      `terminationGracePeriodSeconds (${grace}) is shorter than maxTaskDurationSeconds (${duration}): ` +
      'on SIGTERM (rollout, scale-in, drain) the worker finishes its running work (warm shutdown), and the kubelet would SIGKILL it first');
  }
  checkKedaTiming(spec, path, out);
  checkBehavior(platform, spec.behavior, `${path}.behavior`, out);
  checkResourcesAt(spec.resources, `${path}.resources`, out);
  // A queue without a pool of its own inherits celery.nodePool, which is checked there.
  if (w.kind !== 'queue' || spec.nodePool !== undefined) checkNodePoolAt(platform, spec.nodePool ?? defaultPool, `${path}.nodePool`, out);
  if (Number.isInteger(min)) checkDisruptionAt(spec.disruption, Math.max(min, 1), `${path}.disruption`, out);
  checkLiveness(w, `${path}.liveness`, out);
  checkEgressAt(w.spec.egressTo, path, out);
}

function checkCommand(command: unknown, path: string, out: IssueCollector): void {
  if (command !== undefined && (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== 'string'))) {
    out.report(path, 'worker-command', 'command must be a non-empty list of strings (exec form, so the process is PID 1 and receives SIGTERM)');
  }
}

export function checkQueue(platform: PlatformSpec, async: AsyncWorkloadsSpec, w: ResolvedAsyncWorkload<WorkerQueueSpec>, out: IssueCollector): void {
  const path = `${asyncPath(platform, w.namespace)}.queues.${w.key}`;
  checkKnownFields(platform.namespaces[w.namespace].async!.queues![w.key], FIELDS.queue, path, out);
  checkBase(platform, w, async.celery?.nodePool, out);
  const flags = [
    ['concurrency', '--concurrency'], ['prefetchMultiplier', '--prefetch-multiplier'],
    ['maxTasksPerChild', '--max-tasks-per-child'], ['messagesPerWorker', 'the KEDA queue length per worker'],
  ] as const;
  for (const [key, flag] of flags) {
    const value = w.spec[key];
    if ((value !== undefined || key === 'concurrency' || key === 'prefetchMultiplier') && !isPositiveInt(value)) {
      out.report(`${path}.${key}`, 'celery-flags', `${key} (${value}) must be an integer ≥ 1 (${flag})`);
    }
  }
  checkCommand(w.spec.command, `${path}.command`, out);
}

function checkOwnProcess(spec: BatchWriterSpec | KafkaConsumerSpec, rendered: readonly string[], path: string, out: IssueCollector): void {
  checkImageAt(spec.image, spec.version, path, out);
  checkEnvAt(spec.env, spec.secretEnv, path, out, rendered);
  checkCommand(spec.command, `${path}.command`, out);
}

export function checkBatchWriter(platform: PlatformSpec, async: AsyncWorkloadsSpec, w: ResolvedAsyncWorkload<BatchWriterSpec>, out: IssueCollector): void {
  const path = `${asyncPath(platform, w.namespace)}.batchWriters.${w.key}`;
  checkKnownFields(async.batchWriters![w.key], FIELDS.batchWriter, path, out);
  checkBase(platform, w, undefined, out);
  checkOwnProcess(w.spec, RENDERED_ENV.batchWriter, path, out);
  checkBrokerRef(async, w.spec.broker, ['redis'], `${path}.broker`, out);
  if (typeof w.spec.list !== 'string' || w.spec.list.length === 0) {
    out.report(`${path}.list`, 'batch-size', 'list (the Redis list the API pushes to) is required');
  }
  for (const key of ['batchSize', 'itemsPerWorker'] as const) {
    if (w.spec[key] !== undefined && !isPositiveInt(w.spec[key])) {
      out.report(`${path}.${key}`, 'batch-size', `${key} (${w.spec[key]}) must be an integer ≥ 1`);
    }
  }
}

export function checkKafkaConsumer(platform: PlatformSpec, async: AsyncWorkloadsSpec, w: ResolvedAsyncWorkload<KafkaConsumerSpec>, out: IssueCollector): void {
  const path = `${asyncPath(platform, w.namespace)}.kafkaConsumers.${w.key}`;
  const { spec } = w;
  checkKnownFields(async.kafkaConsumers![w.key], FIELDS.kafkaConsumer, path, out);
  checkBase(platform, w, undefined, out);
  checkOwnProcess(spec, RENDERED_ENV.kafkaConsumer, path, out);
  checkBrokerRef(async, spec.broker, ['kafka'], `${path}.broker`, out);
  for (const key of ['topic', 'consumerGroup'] as const) {
    if (typeof spec[key] !== 'string' || spec[key].length === 0) out.report(`${path}.${key}`, 'consumer-partitions', `${key} is required`);
  }
  if (!isPositiveInt(spec.lagPerWorker)) {
    out.report(`${path}.lagPerWorker`, 'consumer-partitions', `lagPerWorker (${spec.lagPerWorker}) must be an integer ≥ 1 (KEDA lagThreshold)`);
  }
  if (spec.offsetResetPolicy !== undefined && !['latest', 'earliest'].includes(spec.offsetResetPolicy)) {
    out.report(`${path}.offsetResetPolicy`, 'consumer-partitions', `offsetResetPolicy '${spec.offsetResetPolicy}' is not one of latest, earliest`);
  }
  if (!isPositiveInt(spec.partitions)) {
    out.report(`${path}.partitions`, 'consumer-partitions', `partitions (${spec.partitions}) must be the topic's partition count, an integer ≥ 1`);
  } else if (Number.isInteger(spec.maxWorkers) && spec.maxWorkers > spec.partitions) {
    const idle = spec.maxWorkers - spec.partitions === 1
      ? `consumer ${spec.maxWorkers} would sit idle` : `consumers ${spec.partitions + 1}–${spec.maxWorkers} would sit idle`;
    out.report(w.pathOf('maxWorkers'), 'consumer-partitions',
      `maxWorkers (${spec.maxWorkers}) is more than the ${spec.partitions} partitions of topic '${spec.topic}': Kafka gives each partition ` +
      `to one consumer of group '${spec.consumerGroup}', so ${idle} (and KEDA stops at ${spec.partitions} anyway); ` +
      `set maxWorkers to at most ${spec.partitions}, or add partitions to the topic first`);
  }
}
