import { Construct } from 'constructs';
import { ASYNC_DEFAULTS } from '../model/defaults';
import { BrokerSpec, CelerySpec, WorkerQueueSpec } from '../spec/workers/types';
import { AsyncWorker, workerEnv } from './async-worker';
import { rabbitmqQueueTrigger, redisListTrigger } from './keda-triggers';
import { QueueScaler } from './queue-scaler';
import { ScaledWorkloadProps, scaledWorkerProps, scalerProps } from './scaled-workload';
import { heartbeatEnv, heartbeatProbes, inspectPingProbes } from './worker-probes';

export interface WorkerQueueProps extends ScaledWorkloadProps {
  /** The Celery queue, e.g. `high_priority`. */
  readonly queue: string;
  /** The queue as this region runs it. */
  readonly spec: WorkerQueueSpec;
  readonly celery: CelerySpec;
  readonly broker: BrokerSpec;
  /** Name of the broker's TriggerAuthentication in this namespace. */
  readonly triggerAuthName: string;
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
    const { spec, celery, broker, queue } = props;
    const urlKey = broker.urlKey ?? ASYNC_DEFAULTS.urlKey;
    const plain = Object.fromEntries([...Object.entries(celery.env ?? {}), ...heartbeatEnv(spec.liveness).map((e) => [e.name, e.value!])]);
    const secret = { ...(celery.secretEnv ?? {}), CELERY_BROKER_URL: { secret: broker.secret!, key: urlKey } };
    const probes = spec.liveness?.method === 'inspect-ping'
      ? inspectPingProbes(celery.app, queue, spec.liveness)
      : heartbeatProbes('python', spec.liveness);

    this.worker = new AsyncWorker(this, 'worker', {
      ...scaledWorkerProps(props, spec),
      image: celery.image,
      ...(spec.command ? { command: spec.command } : { command: ['celery'], args: celeryWorkerArgs(celery, queue, spec) }),
      env: workerEnv(plain, secret),
      probes,
    });

    const perWorker = spec.messagesPerWorker ?? spec.concurrency * spec.prefetchMultiplier;
    this.scaler = new QueueScaler(this, 'scaler', {
      ...scalerProps(props, spec),
      triggers: broker.kind === 'rabbitmq'
        ? rabbitmqQueueTrigger(broker, queue, perWorker, props.triggerAuthName)
        : redisListTrigger(broker, props.namespace, queue, perWorker, props.triggerAuthName),
    });
  }
}
