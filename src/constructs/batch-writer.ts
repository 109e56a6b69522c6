import { Construct } from 'constructs';
import { ASYNC_DEFAULTS } from '../model/defaults';
import { brokerAddress } from '../spec/workers/resolve';
import { BatchWriterSpec, BrokerSpec } from '../spec/workers/types';
import { AsyncWorker, workerEnv } from './async-worker';
import { redisListTrigger } from './keda-triggers';
import { QueueScaler } from './queue-scaler';
import { ScaledWorkloadProps, scaledWorkerProps, scalerProps } from './scaled-workload';
import { heartbeatEnv, heartbeatProbes } from './worker-probes';

export interface BatchWriterProps extends ScaledWorkloadProps {
  /** The writer as this region runs it. */
  readonly spec: BatchWriterSpec;
  /** A Redis broker. */
  readonly broker: BrokerSpec;
  readonly triggerAuthName: string;
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
    const { spec, broker } = props;
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
      ...scaledWorkerProps(props, spec),
      image: spec.image,
      ...(spec.command ? { command: spec.command } : {}),
      ...(spec.args ? { args: spec.args } : {}),
      env: workerEnv(plain, secret),
      probes: heartbeatProbes('shell', spec.liveness),
    });

    this.scaler = new QueueScaler(this, 'scaler', {
      ...scalerProps(props, spec),
      // A plain list (no Celery priority levels): the writer's list is read as is.
      triggers: redisListTrigger(
        { ...broker, priorityLevels: undefined }, props.namespace, spec.list, spec.itemsPerWorker ?? batchSize, props.triggerAuthName,
      ),
    });
  }
}
