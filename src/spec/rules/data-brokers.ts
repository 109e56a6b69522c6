/**
 * Rules of the Kafka and RabbitMQ clusters, on the resolved model (per region: brokers and
 * nodes are per region):
 * - a topic's replication factor fits the region's brokers, and min.insync.replicas is below it;
 * - a Kafka consumer reading a declared topic agrees with the topic object on its partitions,
 *   and its maxWorkers does not exceed them (the `consumer-partitions` rule, on the topic);
 * - a RabbitMQ cluster's size suits quorum queues (a warning).
 */
import { RABBITMQ_DEFAULTS } from '../../model/defaults';
import type { PlatformModel } from '../../model/types';
import type { KafkaClusterWorkload } from '../../model/workloads/kafka-cluster';
import type { IssueCollector } from '../validate';

export function checkKafkaClusters(model: PlatformModel, out: IssueCollector): void {
  for (const cluster of model.clusters) {
    const workloads = cluster.namespaces.flatMap((n) => n.workloads);
    const kafkas = workloads.filter((w): w is KafkaClusterWorkload => w.kind === 'kafka-cluster');
    for (const kafka of kafkas) {
      for (const t of kafka.topics) {
        if (t.replicas > kafka.brokers) {
          out.report(`${t.path}.replicas`, 'kafka-replication-factor',
            `topic '${t.topicName}' asks for ${t.replicas} replicas, but region ${cluster.region} runs ${kafka.brokers} broker${kafka.brokers === 1 ? '' : 's'} (${kafka.pathOf('brokers')}): Kafka places each replica on a different broker`);
        }
        if (t.minInsyncReplicas >= t.replicas) {
          const at = kafka.spec.topics![t.key].minInsyncReplicas !== undefined ? `${t.path}.minInsyncReplicas` : `${t.path}.replicas`;
          out.report(at, 'kafka-min-insync',
            `topic '${t.topicName}': min.insync.replicas ${t.minInsyncReplicas} is not below its ${t.replicas} replica${t.replicas === 1 ? '' : 's'}, so one broker down (a rolling restart) refuses every acks=all write`);
        }
      }
    }
    for (const consumer of workloads) {
      if (consumer.kind !== 'kafka-consumer') continue;
      const brokerNamespace = consumer.broker.namespace ?? consumer.namespace;
      const kafka = kafkas.find((k) => k.bootstrapService === consumer.broker.service && k.namespace === brokerNamespace);
      if (!kafka) continue;
      const topic = kafka.topics.find((t) => t.topicName === consumer.spec.topic);
      if (!topic) {
        out.report(`${consumer.path}.topic`, 'consumer-partitions',
          `topic '${consumer.spec.topic}' is not declared on Kafka cluster '${kafka.key}' (${kafka.path}.topics), which broker '${consumer.brokerKey}' points at; declared: ${kafka.topics.map((t) => t.topicName).join(', ') || '(none)'}`);
        continue;
      }
      if (consumer.spec.partitions !== topic.partitions) {
        out.report(`${consumer.path}.partitions`, 'consumer-partitions',
          `partitions (${consumer.spec.partitions}) differ from the ${topic.partitions} of topic '${topic.topicName}' (${topic.path}.partitions); set it to ${topic.partitions}`);
      }
      if (consumer.spec.maxWorkers > topic.partitions && consumer.spec.partitions === topic.partitions) continue; // reported by the consumer rule
      if (consumer.spec.maxWorkers > topic.partitions) {
        out.report(consumer.pathOf('maxWorkers'), 'consumer-partitions',
          `maxWorkers (${consumer.spec.maxWorkers}) is more than the ${topic.partitions} partitions of topic '${topic.topicName}' (${topic.path}.partitions): members beyond ${topic.partitions} of group '${consumer.spec.consumerGroup}' get no partition and sit idle`);
      }
    }
  }
}

export function checkRabbitmqClusters(model: PlatformModel, out: IssueCollector): void {
  for (const cluster of model.clusters) {
    for (const w of cluster.namespaces.flatMap((n) => n.workloads)) {
      if (w.kind !== 'rabbitmq-cluster') continue;
      const n = w.replicas;
      const max = RABBITMQ_DEFAULTS.maxRecommendedNodes;
      if (n > max) {
        out.warn(w.pathOf('replicas'), 'rabbitmq-cluster-size',
          `${n} RabbitMQ nodes in one cluster: RabbitMQ does not recommend quorum queues on more than ${max} nodes, and each quorum queue gets 3 members by default, so the ${w.queues.length} declared queue(s) use at most ${3 * w.queues.length} of them; more nodes add Erlang-distribution and metadata traffic between all pairs, not throughput per queue. Run 3, 5 or 7 nodes, and split load over several clusters (or streams) instead`);
      } else if (n % 2 === 0) {
        out.warn(w.pathOf('replicas'), 'rabbitmq-cluster-size',
          `${n} RabbitMQ nodes: an even count tolerates no more failures than ${n - 1} (quorum queues need a majority)${n === 2 ? ', and two-node clusters are strongly discouraged' : ''}; use ${n - 1} or ${n + 1}`);
      }
    }
  }
}
