import { Construct } from 'constructs';
import { ASYNC_DEFAULTS } from '../model/defaults';
import { BrokerSpec, CeleryBeatSpec, CelerySpec } from '../spec/workers/types';
import { NodePoolSpec } from '../spec/types';
import { AsyncWorker, EgressPeer, workerEnv } from './async-worker';
import { WorkloadIdentity } from './labels';

/** Beat only publishes messages: a short grace period is enough to finish one publish. */
export const BEAT_GRACE_PERIOD_SECONDS = ASYNC_DEFAULTS.beatGracePeriodSeconds;
/** With a read-only root filesystem, the file scheduler keeps its state in the /tmp volume. */
export const BEAT_SCHEDULE_FILE = '/tmp/celerybeat-schedule';

export interface CeleryBeatProps {
  /** Component 'beat'; name `celery-beat`. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  readonly spec: CeleryBeatSpec;
  readonly celery: CelerySpec;
  readonly broker: BrokerSpec;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName: string;
  /** Broker pods (beat publishes to them). */
  readonly egress: readonly EgressPeer[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

export function celeryBeatArgs(celery: CelerySpec, spec: CeleryBeatSpec): string[] {
  return [
    '-A', celery.app, 'beat',
    ...(spec.scheduler ? [`--scheduler=${spec.scheduler}`] : [`--schedule=${BEAT_SCHEDULE_FILE}`]),
    `--loglevel=${celery.logLevel ?? ASYNC_DEFAULTS.logLevel}`,
  ];
}

/**
 * Celery beat: exactly one replica, replaced with Recreate so that an old and a new beat never
 * run side by side (each would enqueue every periodic task). Never autoscaled, and no PDB: a
 * budget for one pod either blocks every drain or protects nothing. No liveness probe: beat has
 * no heartbeat of its own, and a crashed beat exits and is restarted by the kubelet.
 */
export class CeleryBeat extends Construct {
  public readonly worker: AsyncWorker;

  constructor(scope: Construct, id: string, props: CeleryBeatProps) {
    super(scope, id);
    const { celery, broker, spec } = props;
    const secret = { ...(celery.secretEnv ?? {}), CELERY_BROKER_URL: { secret: broker.secret!, key: broker.urlKey ?? ASYNC_DEFAULTS.urlKey } };
    this.worker = new AsyncWorker(this, 'beat', {
      identity: props.identity,
      namespace: props.namespace,
      image: celery.image,
      ...(spec.command ? { command: spec.command } : { command: ['celery'], args: celeryBeatArgs(celery, spec) }),
      env: workerEnv(celery.env ?? {}, secret),
      resources: spec.resources,
      nodePool: props.nodePool,
      priorityClassName: props.priorityClassName,
      terminationGracePeriodSeconds: BEAT_GRACE_PERIOD_SECONDS,
      replicas: 1,
      strategy: 'Recreate',
      noLivenessReason: 'Celery beat has no heartbeat of its own; a crashed beat exits and the kubelet restarts it',
      egress: props.egress,
      annotations: props.annotations,
    });
  }
}
