import { Construct } from 'constructs';
import { DEFAULT_DISRUPTION } from '../spec/disruption';
import { ASYNC_DEFAULTS, gracePeriodSeconds } from '../spec/workers/resolve';
import { BrokerSpec, CelerySpec, WorkerQueueSpec } from '../spec/workers/types';
import { BehaviorSpec, NodePoolSpec } from '../spec/types';
import { AsyncWorker, EgressPeer, workerEnv } from './async-worker';
import { rabbitmqQueueTrigger, redisListTrigger } from './keda-triggers';
import { WorkloadIdentity, recommendedLabels } from './labels';
import { QueueScaler } from './queue-scaler';
import { heartbeatEnv, heartbeatProbes, inspectPingProbes } from './worker-probes';

export interface WorkerQueueProps {
  /** Component 'worker'; name e.g. `worker-high-priority`. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  /** The Celery queue, e.g. `high_priority`. */
  readonly queue: string;
  /** The queue as this region runs it. */
  readonly spec: WorkerQueueSpec;
  readonly celery: CelerySpec;
  readonly broker: BrokerSpec;
  /** Name of the broker's TriggerAuthentication in this namespace. */
  readonly triggerAuthName: string;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName: string;
  /** Resolved HPA behavior for the ScaledObject. */
  readonly behavior: BehaviorSpec;
  /** Broker pods and other targets the worker reaches. */
  readonly egress: readonly EgressPeer[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * `celery worker` arguments for exactly one queue. `--time-limit` makes maxTaskDurationSeconds
 * a hard bound, which is what lets the grace period cover a warm shutdown. Gossip and mingle
 * are off: with hundreds of workers every worker would receive every other worker's events.
 */
export function celeryWorkerArgs(celery: CelerySpec, queue: string, spec: WorkerQueueSpec): string[] {
  return [
    '-A', celery.app, 'worker',
    '-Q', queue,
    `--concurrency=${spec.concurrency}`,
    `--prefetch-multiplier=${spec.prefetchMultiplier}`,
    // Hand a task only to a process that is free, not to one stuck behind a long task.
    '-O', 'fair',
    ...(spec.maxTasksPerChild !== undefined ? [`--max-tasks-per-child=${spec.maxTasksPerChild}`] : []),
    `--time-limit=${spec.maxTaskDurationSeconds}`,
    `--hostname=${queue}@%h`,
    '--without-gossip',
    '--without-mingle',
    `--loglevel=${celery.logLevel ?? ASYNC_DEFAULTS.logLevel}`,
  ];
}

/** A Celery worker Deployment consuming one queue, scaled by KEDA on that queue's backlog. */
export class WorkerQueue extends Construct {
  public readonly worker: AsyncWorker;
  public readonly scaler: QueueScaler;

  constructor(scope: Construct, id: string, props: WorkerQueueProps) {
    super(scope, id);
    const { identity, spec, celery, broker, queue } = props;
    const urlKey = broker.urlKey ?? ASYNC_DEFAULTS.urlKey;
    const plain = Object.fromEntries([...Object.entries(celery.env ?? {}), ...heartbeatEnv(spec.liveness).map((e) => [e.name, e.value!])]);
    const secret = { ...(celery.secretEnv ?? {}), CELERY_BROKER_URL: { secret: broker.secret!, key: urlKey } };
    const probes = spec.liveness?.method === 'inspect-ping'
      ? inspectPingProbes(celery.app, queue, spec.liveness)
      : heartbeatProbes('python', spec.liveness);

    this.worker = new AsyncWorker(this, 'worker', {
      identity,
      namespace: props.namespace,
      image: celery.image,
      ...(spec.command ? { command: spec.command } : { command: ['celery'], args: celeryWorkerArgs(celery, queue, spec) }),
      env: workerEnv(plain, secret),
      resources: spec.resources,
      nodePool: props.nodePool,
      priorityClassName: props.priorityClassName,
      terminationGracePeriodSeconds: gracePeriodSeconds(spec),
      probes,
      disruption: spec.disruption ?? DEFAULT_DISRUPTION,
      egress: props.egress,
      annotations: props.annotations,
    });

    const perWorker = spec.messagesPerWorker ?? spec.concurrency * spec.prefetchMultiplier;
    this.scaler = new QueueScaler(this, 'scaler', {
      name: identity.name,
      namespace: props.namespace,
      labels: recommendedLabels(identity),
      annotations: props.annotations,
      minReplicas: spec.minWorkers,
      maxReplicas: spec.maxWorkers,
      pollingIntervalSeconds: spec.pollingIntervalSeconds,
      cooldownSeconds: spec.cooldownSeconds,
      behavior: props.behavior,
      triggers: broker.kind === 'rabbitmq'
        ? rabbitmqQueueTrigger(broker, queue, perWorker, props.triggerAuthName)
        : redisListTrigger(broker, props.namespace, queue, perWorker, props.triggerAuthName),
    });
  }
}
