/** plan on the Kafka kinds: a broker count change and a partition change are flagged; a decrease is a danger. */
import { diffTrees } from '../../src/review/diff';
import { explain } from '../../src/review/meaning';
import { renderPlatforms } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';
import { seed004Platform } from '../support/kafka-fixtures';

function plan(before: PlatformSpec, after: PlatformSpec) {
  return diffTrees(renderPlatforms([before]), renderPlatforms([after]))
    .filter((c) => c.cluster === 'shop/east')
    .map((change) => ({ change, notes: explain(change, () => undefined) }));
}

function withBrokers(platform: PlatformSpec, brokers: number): PlatformSpec {
  const kafka = platform.namespaces.kafka.data!.kafka!.events;
  return { ...platform, namespaces: { ...platform.namespaces, kafka: { services: {}, data: { kafka: { events: { ...kafka, brokers } } } } } };
}

describe('plan: kafka', () => {
  it('calls added brokers a danger: partitions stay until reassigned', () => {
    const pool = plan(seed004Platform(), withBrokers(seed004Platform(), 6)).find((r) => r.change.kind === 'KafkaNodePool')!;
    expect(pool.change.name).toBe('events-brokers');
    expect(pool.notes).toEqual([{ level: 'danger', text: 'Kafka brokers 3 → 6: the new brokers start empty; existing partitions stay where they are until they are reassigned (Cruise Control or kafka-reassign-partitions)' }]);
  });

  it('flags grown partitions (keys move) and calls fewer partitions a danger Kafka refuses', () => {
    const grown = plan(seed004Platform(), seed004Platform({ maxWorkers: 12, partitions: 24 }, { partitions: 24 })).find((r) => r.change.kind === 'KafkaTopic')!;
    expect(grown.notes).toEqual([{ level: 'caution', text: 'partitions 12 → 24: keyed records hash to other partitions from now on (per-key order breaks across the change); consumer groups may run up to 24 busy members' }]);
    const shrunk = plan(seed004Platform({ maxWorkers: 12, partitions: 24 }, { partitions: 24 }), seed004Platform()).find((r) => r.change.kind === 'KafkaTopic')!;
    expect(shrunk.notes).toEqual([{ level: 'danger', text: "partitions 24 → 12: Kafka cannot decrease a topic's partitions; the Topic Operator rejects it and the topic stays at 24 (recreate the topic to shrink it, losing its data)" }]);
  });
});

describe('plan: rabbitmq', () => {
  it('calls fewer RabbitMQ nodes a danger the operator does not do for you', async () => {
    const { hyperscale } = await import('../../platforms/hyperscale');
    const withReplicas = (replicas: number) => {
      const messaging = hyperscale.namespaces.messaging;
      return { ...hyperscale, namespaces: { ...hyperscale.namespaces, messaging: { ...messaging, data: { rabbitmq: { rabbitmq: { ...messaging.data!.rabbitmq!.rabbitmq, replicas } } } } } };
    };
    const changes = diffTrees(renderPlatforms([withReplicas(5)]), renderPlatforms([withReplicas(3)])).filter((c) => c.cluster === 'hyperscale/us-east' && c.kind === 'RabbitmqCluster');
    expect(changes.map((c) => explain(c, () => undefined))).toEqual([[{
      level: 'danger',
      text: 'RabbitMQ nodes 5 → 3: the cluster operator does not support scaling down; nodes (and the quorum queue members on them) must be removed by hand',
    }]]);
  });
});
