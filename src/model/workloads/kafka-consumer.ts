/** Kafka consumer groups (`async.kafkaConsumers`), scaled on consumer lag. */
import { imageVersion } from '../../spec/image';
import { resolveAsync } from '../../spec/workers/resolve';
import { brokerSecretParameters } from '../brokers';
import { priorityClassName, triggerAuthName } from '../identity';
import { KafkaConsumerWorkload } from '../types';
import { asyncBase, asyncEgress, asyncIdentity, asyncOf } from './async-common';
import { WorkloadKindResolver } from './context';

export const KAFKA_CONSUMERS: WorkloadKindResolver<KafkaConsumerWorkload> = {
  kind: 'kafka-consumer',
  resolve(ctx) {
    const async = asyncOf(ctx);
    if (!async) return [];
    return resolveAsync(ctx.platform, ctx.namespace.name, ctx.region).kafkaConsumers.map((c) => {
      const broker = async.brokers[c.spec.broker];
      const path = `${asyncBase(ctx)}.kafkaConsumers.${c.key}`;
      // KEDA needs a TriggerAuthentication only when the broker authenticates (SASL).
      const authenticated = brokerSecretParameters(broker).length > 0;
      return {
        kind: 'kafka-consumer',
        key: c.key,
        identity: asyncIdentity(ctx, c.name, 'consumer', imageVersion(c.spec.image, c.spec.version)!, path,
          `${path}.${c.spec.version !== undefined ? 'version' : 'image'}`),
        namespace: c.namespace,
        region: c.region,
        path,
        pathOf: c.pathOf,
        nodePool: ctx.platform.nodePools[c.spec.nodePool!],
        spec: c.spec,
        brokerKey: c.spec.broker,
        broker,
        ...(authenticated ? { triggerAuthName: triggerAuthName(c.spec.broker) } : {}),
        priorityClassName: priorityClassName(ctx.platform.name, c.spec.tier),
        behavior: ctx.behavior(c.spec.behavior)!,
        egress: asyncEgress(ctx, broker, c.spec.egressTo ?? [], c.namespace),
      };
    });
  },
};
