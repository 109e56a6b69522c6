import { Construct } from 'constructs';
import { ASYNC_DEFAULTS } from '../model/defaults';
import { brokerAddress } from '../spec/workers/resolve';
import { BrokerSpec, KafkaConsumerSpec } from '../spec/workers/types';
import { AsyncWorker, workerEnv } from './async-worker';
import { kafkaLagTrigger } from './keda-triggers';
import { QueueScaler } from './queue-scaler';
import { ScaledWorkloadProps, scaledWorkerProps, scalerProps } from './scaled-workload';
import { heartbeatEnv, heartbeatProbes } from './worker-probes';

export interface KafkaConsumerProps extends ScaledWorkloadProps {
  /** The consumer as this region runs it. */
  readonly spec: KafkaConsumerSpec;
  /** A Kafka broker (its bootstrap Service). */
  readonly broker: BrokerSpec;
  /** Only when the broker uses SASL. @default none */
  readonly triggerAuthName?: string;
}

/**
 * One consumer group (seed 004): each replica is a group member, Kafka balances the topic's
 * partitions over them, and KEDA scales on the group's lag. maxWorkers never exceeds the
 * partitions (validated), since a member without a partition only idles.
 *
 * Contract with the image (env): KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC, KAFKA_CONSUMER_GROUP,
 * KAFKA_AUTO_OFFSET_RESET, with SASL also KAFKA_SASL_MECHANISM, KAFKA_USERNAME, KAFKA_PASSWORD
 * (Secret), and WORKER_HEARTBEAT_FILE. On SIGTERM it commits its offsets and leaves the group.
 */
export class KafkaConsumer extends Construct {
  public readonly worker: AsyncWorker;
  public readonly scaler: QueueScaler;

  constructor(scope: Construct, id: string, props: KafkaConsumerProps) {
    super(scope, id);
    const { spec, broker } = props;
    const offsetReset = spec.offsetResetPolicy ?? ASYNC_DEFAULTS.kafkaOffsetResetPolicy;
    const plain = {
      ...(spec.env ?? {}),
      KAFKA_AUTO_OFFSET_RESET: offsetReset,
      KAFKA_BOOTSTRAP_SERVERS: brokerAddress(broker, props.namespace),
      KAFKA_CONSUMER_GROUP: spec.consumerGroup,
      KAFKA_TOPIC: spec.topic,
      ...(broker.sasl ? { KAFKA_SASL_MECHANISM: broker.sasl } : {}),
      ...Object.fromEntries(heartbeatEnv(spec.liveness).map((e) => [e.name, e.value!])),
    };
    const secret = {
      ...(spec.secretEnv ?? {}),
      ...(broker.sasl && broker.secret ? {
        KAFKA_USERNAME: { secret: broker.secret, key: broker.usernameKey ?? ASYNC_DEFAULTS.usernameKey },
        KAFKA_PASSWORD: { secret: broker.secret, key: broker.passwordKey ?? ASYNC_DEFAULTS.passwordKey },
      } : {}),
    };

    this.worker = new AsyncWorker(this, 'consumer', {
      ...scaledWorkerProps(props, spec),
      image: spec.image,
      ...(spec.command ? { command: spec.command } : {}),
      ...(spec.args ? { args: spec.args } : {}),
      env: workerEnv(plain, secret),
      probes: heartbeatProbes('shell', spec.liveness),
    });

    this.scaler = new QueueScaler(this, 'scaler', {
      ...scalerProps(props, spec),
      triggers: kafkaLagTrigger(broker, props.namespace, spec.topic, spec.consumerGroup, spec.lagPerWorker, offsetReset, props.triggerAuthName),
    });
  }
}
