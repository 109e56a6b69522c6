/** The kafka-cluster kind on seed 001 (per-region brokers, nine `*-events` topics) and seed 004 (12 partitions). */
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';
import { SEED_001_TOPICS, seed001Kafka, seed001Platform, seed004Platform } from '../support/kafka-fixtures';

const KAFKA = 'market.namespaces.kafka.data.kafka.events';

describe('kafka-cluster on seed 001', () => {
  const platform = seed001Platform();
  const objects = renderObjects(platform);
  const file = (region: string) => `market/${region}/10-kafka.yaml`;

  it('validates, and every object passes its upstream schema', () => {
    expect(validatePlatform(platform)).toEqual([]);
    expect(objects.length).toBeGreaterThan(60);
    expect(objects.flatMap((o) => schemaErrors(o.object))).toEqual([]);
  });

  it('runs the seed\'s brokers per region: us-east 15, us-west 15, eu-central 12, apac 9', () => {
    const brokers = ['us-east', 'us-west', 'eu-central', 'apac'].map((r) => findObject(objects, file(r), 'KafkaNodePool', 'events-brokers').spec.replicas);
    expect(brokers).toEqual([15, 15, 12, 9]);
  });

  it('renders a broker pool and a KRaft controller pool of the cluster', () => {
    const brokers = findObject(objects, file('apac'), 'KafkaNodePool', 'events-brokers');
    expect(brokers.apiVersion).toBe('kafka.strimzi.io/v1');
    expect(brokers.metadata.labels['strimzi.io/cluster']).toBe('events');
    expect(brokers.spec.roles).toEqual(['broker']);
    expect(brokers.spec.storage).toEqual({ type: 'jbod', volumes: [{ id: 0, type: 'persistent-claim', size: '2Ti', deleteClaim: false, kraftMetadata: 'shared' }] });
    expect(brokers.spec.resources).toEqual({ requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } });
    expect(brokers.spec.template.pod.tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }]);
    expect(brokers.spec.template.pod.topologySpreadConstraints[0]).toEqual({
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'strimzi.io/cluster': 'events', 'strimzi.io/pool-name': 'events-brokers' } },
    });
    const controllers = findObject(objects, file('apac'), 'KafkaNodePool', 'events-controllers');
    expect(controllers.spec.roles).toEqual(['controller']);
    expect(controllers.spec.replicas).toBe(3);
    expect(controllers.spec.storage.volumes[0].size).toBe('20Gi');
  });

  it('configures the Kafka: version, listeners open to the clients and KEDA, replication, rack, metrics, Topic Operator', () => {
    const kafka = findObject(objects, file('us-east'), 'Kafka', 'events');
    expect(kafka.spec.kafka.version).toBe('4.3.1');
    expect(kafka.spec.kafka.metadataVersion).toBe('4.3-IV0');
    expect(kafka.spec.kafka.listeners.map((l: any) => [l.name, l.port, l.type, l.tls])).toEqual([['plain', 9092, 'internal', false], ['tls', 9093, 'internal', true]]);
    expect(kafka.spec.kafka.listeners[0].networkPolicyPeers).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'orders' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } },
    ]);
    expect(kafka.spec.kafka.config).toEqual({
      'default.replication.factor': 3, 'min.insync.replicas': 2, 'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3, 'transaction.state.log.min.isr': 2,
    });
    expect(kafka.spec.kafka.rack).toEqual({ type: 'topology-label', topologyKey: 'topology.kubernetes.io/zone' });
    expect(kafka.spec.kafka.metricsConfig).toEqual({ type: 'strimziMetricsReporter' });
    expect(kafka.spec.entityOperator.topicOperator).toEqual({});
    const monitor = findObject(objects, file('us-east'), 'PodMonitor', 'events');
    expect(monitor.spec.selector.matchLabels).toEqual({ 'strimzi.io/cluster': 'events', 'strimzi.io/kind': 'Kafka' });
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'tcp-prometheus', path: '/metrics' }]);
  });

  it('renders the nine *-events topics at 100 partitions, RF 3, 30 days, lz4 or zstd, min.insync.replicas 2', () => {
    const topics = objects.filter((o) => o.file === file('eu-central') && o.object.kind === 'KafkaTopic').map((o) => o.object);
    expect(topics.map((t) => t.metadata.name).sort()).toEqual([...SEED_001_TOPICS].sort());
    for (const t of topics) {
      expect(t.metadata.labels['strimzi.io/cluster']).toBe('events');
      expect(t.spec.partitions).toBe(100);
      expect(t.spec.replicas).toBe(3);
      expect(t.spec.config['retention.ms']).toBe(30 * 24 * 3600 * 1000);
      expect(t.spec.config['min.insync.replicas']).toBe(2);
    }
    expect(findObject(objects, file('eu-central'), 'KafkaTopic', 'order-events').spec.config['compression.type']).toBe('lz4');
    expect(findObject(objects, file('eu-central'), 'KafkaTopic', 'audit-events').spec.config['compression.type']).toBe('zstd');
  });

  it('lets the cluster\'s pods reach each other in a namespace that denies egress', () => {
    const policy = findObject(objects, file('us-east'), 'NetworkPolicy', 'events-egress');
    expect(policy.spec).toEqual({ podSelector: { matchLabels: { 'strimzi.io/cluster': 'events' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { 'strimzi.io/cluster': 'events' } } }], ports: [] }] });
  });
});

describe('kafka-cluster rules', () => {
  it('refuses a replication factor above the brokers of a region, at the topic, naming the region', () => {
    const kafka = seed001Kafka({ topics: { 'order-events': { partitions: 100, replicas: 10, retention: '30d', compression: 'lz4', minInsyncReplicas: 2 } } });
    expect(validatePlatform(seed001Platform(kafka))).toEqual([{
      path: `${KAFKA}.topics.order-events.replicas`,
      rule: 'kafka-replication-factor',
      message: "topic 'order-events' asks for 10 replicas, but region apac runs 9 brokers (market.regions.apac.data.kafka.events.brokers): Kafka places each replica on a different broker"
    }]);
  });

  it('refuses min.insync.replicas at or above the replication factor', () => {
    const kafka = seed001Kafka({ topics: { 'audit-events': { partitions: 100, replicas: 3, retention: '30d', compression: 'zstd', minInsyncReplicas: 3 } } });
    expect(validatePlatform(seed001Platform(kafka))).toEqual([{
      path: `${KAFKA}.topics.audit-events.minInsyncReplicas`,
      rule: 'kafka-min-insync',
      message: "topic 'audit-events': min.insync.replicas 3 is not below its 3 replicas, so one broker down (a rolling restart) refuses every acks=all write"
    }]);
  });

  it('refuses an RF 1 topic (min.insync.replicas cannot be below 1), at replicas', () => {
    const kafka = seed001Kafka({ topics: { 'cache-invalidation-events': { partitions: 100, replicas: 1, retention: '1d', compression: 'lz4' } } });
    const issues = validatePlatform(seed001Platform(kafka));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([[`${KAFKA}.topics.cache-invalidation-events.replicas`, 'kafka-min-insync']]);
  });

  it('refuses a Kafka version the Strimzi 1.2.0 operator does not run', () => {
    const issues = validatePlatform(seed001Platform(seed001Kafka({ version: '3.9.0' })));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([[`${KAFKA}.version`, 'kafka-version']]);
  });

  it('refuses a retention that is not a duration, at the schema', () => {
    const kafka = seed001Kafka({ topics: { 'order-events': { partitions: 100, replicas: 3, retention: '30 days', compression: 'lz4' } } });
    const issues = validatePlatform(seed001Platform(kafka));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(`${KAFKA}.topics.order-events.retention`);
  });
});

describe('kafka consumers and the declared topics (seed 004: 12 partitions)', () => {
  const CONSUMER = 'shop.namespaces.store.async.kafkaConsumers.event-processor';

  it('renders the 12-partition topic the 5–12 consumers read, and validates', () => {
    const platform = seed004Platform();
    expect(validatePlatform(platform)).toEqual([]);
    const topic = findObject(renderObjects(platform), 'shop/east/10-kafka.yaml', 'KafkaTopic', 'events');
    expect(topic.spec).toEqual({ partitions: 12, replicas: 3, config: { 'retention.ms': 604800000, 'compression.type': 'lz4', 'min.insync.replicas': 2 } });
  });

  it('checks maxWorkers against the topic object when the consumer says otherwise', () => {
    const issues = validatePlatform(seed004Platform({ maxWorkers: 15, partitions: 24 }));
    expect(issues).toEqual([
      { path: `${CONSUMER}.maxWorkers`, rule: 'consumer-partitions',
        message: "maxWorkers (15) is more than the 12 partitions of topic 'events' (shop.namespaces.kafka.data.kafka.events.topics.events.partitions): members beyond 12 of group 'event-processors' get no partition and sit idle" },
      { path: `${CONSUMER}.partitions`, rule: 'consumer-partitions',
        message: "partitions (24) differ from the 12 of topic 'events' (shop.namespaces.kafka.data.kafka.events.topics.events.partitions); set it to 12" },
    ]);
  });

  it('refuses a consumer of a topic the cluster does not declare', () => {
    const issues = validatePlatform(seed004Platform({ topic: 'clicks', maxWorkers: 12 }));
    expect(issues).toEqual([{
      path: `${CONSUMER}.topic`, rule: 'consumer-partitions',
      message: "topic 'clicks' is not declared on Kafka cluster 'events' (shop.namespaces.kafka.data.kafka.events.topics), which broker 'kafka' points at; declared: events",
    }]);
  });
});

describe('kafka-cluster quantities', () => {
  it('reports a malformed quantity at its spec path instead of failing the render gate', () => {
    const kafka = seed001Kafka({ resources: { requests: { cpu: '8', memory: '16 GB' }, limits: { cpu: '8', memory: '16Gi' } }, storage: { size: 'two' } });
    expect(validatePlatform(seed001Platform(kafka)).map((i) => [i.path, i.rule, i.message])).toEqual([
      [`${KAFKA}.resources.requests.memory`, 'invalid-quantity', "'16 GB' is not a positive Kubernetes quantity"],
      [`${KAFKA}.storage.size`, 'invalid-quantity', "'two' is not a positive Kubernetes quantity"],
    ]);
  });
});
