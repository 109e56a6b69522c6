import { Construct } from 'constructs';
import { DEFAULT_DISRUPTION } from '../spec/disruption';
import { ASYNC_DEFAULTS, brokerAddress, gracePeriodSeconds } from '../spec/workers/resolve';
import { BatchWriterSpec, BrokerSpec } from '../spec/workers/types';
import { BehaviorSpec, NodePoolSpec } from '../spec/types';
import { AsyncWorker, EgressPeer, workerEnv } from './async-worker';
import { redisListTrigger } from './keda-triggers';
import { WorkloadIdentity, recommendedLabels } from './labels';
import { QueueScaler } from './queue-scaler';
import { heartbeatEnv, heartbeatProbes } from './worker-probes';

export interface BatchWriterProps {
  /** Component 'worker'; the spec key as name. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  /** The writer as this region runs it. */
  readonly spec: BatchWriterSpec;
  /** A Redis broker. */
  readonly broker: BrokerSpec;
  readonly triggerAuthName: string;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName: string;
  readonly behavior: BehaviorSpec;
  /** Redis pods, the database and anything else the writer reaches. */
  readonly egress: readonly EgressPeer[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Async write-back (seed 002). The API pushes rows onto a Redis list and answers 202; writers
 * pop up to BATCH_SIZE rows at a time and write them with one multi-row insert, so the
 * database sees a few large writes instead of one per request. KEDA adds a writer for every
 * `itemsPerWorker` rows waiting (one full batch by default).
 *
 * Contract with the image (env): BATCH_LIST, BATCH_SIZE, REDIS_ADDRESS, REDIS_URL (Secret),
 * WORKER_HEARTBEAT_FILE. On SIGTERM the writer finishes its current batch and exits; rows
 * should be moved to a processing list (LMOVE) before the insert so a crash loses none.
 */
export class BatchWriter extends Construct {
  public readonly worker: AsyncWorker;
  public readonly scaler: QueueScaler;

  constructor(scope: Construct, id: string, props: BatchWriterProps) {
    super(scope, id);
    const { identity, spec, broker } = props;
    const batchSize = spec.batchSize ?? ASYNC_DEFAULTS.batchSize;
    const plain = {
      ...(spec.env ?? {}),
      BATCH_LIST: spec.list,
      BATCH_SIZE: String(batchSize),
      REDIS_ADDRESS: brokerAddress(broker, props.namespace),
      ...Object.fromEntries(heartbeatEnv(spec.liveness).map((e) => [e.name, e.value!])),
    };
    const secret = { ...(spec.secretEnv ?? {}), REDIS_URL: { secret: broker.secret!, key: broker.urlKey ?? ASYNC_DEFAULTS.urlKey } };

    this.worker = new AsyncWorker(this, 'worker', {
      identity,
      namespace: props.namespace,
      image: spec.image,
      ...(spec.command ? { command: spec.command } : {}),
      ...(spec.args ? { args: spec.args } : {}),
      env: workerEnv(plain, secret),
      resources: spec.resources,
      nodePool: props.nodePool,
      priorityClassName: props.priorityClassName,
      terminationGracePeriodSeconds: gracePeriodSeconds(spec),
      probes: heartbeatProbes('shell', spec.liveness),
      disruption: spec.disruption ?? DEFAULT_DISRUPTION,
      egress: props.egress,
      annotations: props.annotations,
    });

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
      // A plain list (no Celery priority levels): the writer's list is read as is.
      triggers: redisListTrigger(
        { ...broker, priorityLevels: undefined }, props.namespace, spec.list, spec.itemsPerWorker ?? batchSize, props.triggerAuthName,
      ),
    });
  }
}
