import { Construct } from 'constructs';
import { DEFAULT_DISRUPTION } from '../spec/disruption';
import { ASYNC_DEFAULTS, brokerAddress, gracePeriodSeconds } from '../spec/workers/resolve';
import { BrokerSpec, KafkaConsumerSpec } from '../spec/workers/types';
import { BehaviorSpec, NodePoolSpec } from '../spec/types';
import { AsyncWorker, EgressPeer, workerEnv } from './async-worker';
import { kafkaLagTrigger } from './keda-triggers';
import { WorkloadIdentity, recommendedLabels } from './labels';
import { QueueScaler } from './queue-scaler';
import { heartbeatEnv, heartbeatProbes } from './worker-probes';

export interface KafkaConsumerProps {
  /** Component 'consumer'; the spec key as name. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  /** The consumer as this region runs it. */
  readonly spec: KafkaConsumerSpec;
  /** A Kafka broker (its bootstrap Service). */
  readonly broker: BrokerSpec;
  /** Only when the broker uses SASL. @default none */
  readonly triggerAuthName?: string;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName: string;
  readonly behavior: BehaviorSpec;
  /** Kafka broker pods and anything else the consumer reaches. */
  readonly egress: readonly EgressPeer[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
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
    const { identity, spec, broker } = props;
    const offsetReset = spec.offsetResetPolicy ?? 'latest';
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
      triggers: kafkaLagTrigger(broker, props.namespace, spec.topic, spec.consumerGroup, spec.lagPerWorker, offsetReset, props.triggerAuthName),
    });
  }
}
