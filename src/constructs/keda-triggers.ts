/**
 * KEDA trigger metadata, one function per scaler. Keys are KEDA's (v2.20): rabbitmq
 * (protocol, mode, value, queueName), redis (address, listName, listLength, databaseIndex),
 * kafka (bootstrapServers, consumerGroup, topic, lagThreshold, offsetResetPolicy), cron
 * (timezone, start, end, desiredReplicas), cpu/memory (metricType Utilization, value).
 * Trigger metadata values are strings in the CRD, so every number is rendered as one.
 */
import {
  ScaledObjectSpecAdvancedScalingModifiers, ScaledObjectSpecAdvancedScalingModifiersMetricType, ScaledObjectSpecTriggers,
} from '../../imports/keda-scaledobject-keda.sh';
import { cronExpressions } from '../spec/workers/cron';
import { brokerAddress, redisQueueLists } from '../spec/workers/resolve';
import { BrokerSpec, ServiceEventScalingSpec } from '../spec/workers/types';
import { sortedKeys } from '../spec/resolve';

/** Triggers plus, when several must be summed, the formula that combines them. */
export interface TriggerSet {
  readonly triggers: ScaledObjectSpecTriggers[];
  readonly scalingModifiers?: ScaledObjectSpecAdvancedScalingModifiers;
}

/** Ready messages of one RabbitMQ queue; over HTTP (management API) unacknowledged ones count too. */
export function rabbitmqQueueTrigger(broker: BrokerSpec, queue: string, messagesPerWorker: number, authName: string): TriggerSet {
  return {
    triggers: [{
      type: 'rabbitmq',
      name: 'queue-length',
      metadata: {
        protocol: broker.managementUrlKey ? 'http' : 'amqp',
        mode: 'QueueLength',
        value: String(messagesPerWorker),
        queueName: queue,
      },
      authenticationRef: { name: authName },
    }],
  };
}

/**
 * Length of a Redis list. Celery's Redis transport stores each priority level of a queue in its
 * own list, so a queue with priority levels gets one trigger per list and a formula summing
 * them: KEDA would otherwise scale on the longest list only (the maximum of its triggers).
 */
export function redisListTrigger(
  broker: BrokerSpec, namespace: string, queue: string, itemsPerWorker: number, authName: string,
): TriggerSet {
  const lists = redisQueueLists(broker, queue);
  const levels = [...new Set(broker.priorityLevels ?? [0])].sort((a, b) => a - b);
  const triggers = lists.map((listName, i): ScaledObjectSpecTriggers => ({
    // A Redis Cluster keeps a list on the node owning its slot: only the cluster scaler follows it there.
    type: broker.cluster ? 'redis-cluster' : 'redis',
    // Formula variables: identifiers, so no '-'.
    name: lists.length > 1 ? `priority${levels[i]}` : 'list-length',
    metadata: {
      [broker.cluster ? 'addresses' : 'address']: brokerAddress(broker, namespace),
      listName,
      listLength: String(itemsPerWorker),
      ...(broker.databaseIndex !== undefined ? { databaseIndex: String(broker.databaseIndex) } : {}),
    },
    authenticationRef: { name: authName },
  }));
  if (triggers.length === 1) return { triggers };
  return {
    triggers,
    scalingModifiers: {
      formula: triggers.map((t) => t.name).join(' + '),
      target: String(itemsPerWorker),
      metricType: ScaledObjectSpecAdvancedScalingModifiersMetricType.AVERAGE_VALUE,
    },
  };
}

/**
 * Total lag of a consumer group on one topic. allowIdleConsumers stays false: KEDA then never
 * runs more consumers than partitions (the validator already keeps maxWorkers at or below them).
 */
export function kafkaLagTrigger(
  broker: BrokerSpec, namespace: string, topic: string, group: string, lagPerWorker: number, offsetResetPolicy: string, authName?: string,
): TriggerSet {
  return {
    triggers: [{
      type: 'kafka',
      name: 'consumer-lag',
      metadata: {
        bootstrapServers: brokerAddress(broker, namespace),
        consumerGroup: group,
        topic,
        lagThreshold: String(lagPerWorker),
        offsetResetPolicy,
        allowIdleConsumers: 'false',
        ...(broker.sasl ? { sasl: broker.sasl } : {}),
      },
      ...(authName ? { authenticationRef: { name: authName } } : {}),
    }],
  };
}

/** One cron trigger per window, plus CPU and memory utilization: KEDA runs the highest of them. */
export function serviceEventTriggers(spec: ServiceEventScalingSpec): TriggerSet {
  const cron = sortedKeys(spec.windows).map((name): ScaledObjectSpecTriggers => {
    const window = spec.windows![name];
    const { start, end } = cronExpressions(window);
    return { type: 'cron', name, metadata: { timezone: spec.timezone, start, end, desiredReplicas: String(window.replicas) } };
  });
  const utilization = ([['cpu', spec.cpuUtilization], ['memory', spec.memoryUtilization]] as const)
    .filter(([, value]) => value !== undefined)
    .map(([type, value]): ScaledObjectSpecTriggers => ({ type, name: `${type}-utilization`, metricType: 'Utilization', metadata: { value: String(value) } }));
  return { triggers: [...cron, ...utilization] };
}
