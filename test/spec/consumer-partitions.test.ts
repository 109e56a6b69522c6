/**
 * Seed 004 Kafka consumers: "Topic partitions: 12 (allows 12 parallel consumers); Consumer
 * replicas: 5-15 (auto-scaled)". The seed contradicts itself: consumers 13–15 would own no
 * partition. The validator says so; the corrected spec (5–12) renders a consumer group scaled
 * on lag.
 */
import { validatePlatform } from '../../src/spec/validate';
import { asyncPlatform, seed004Consumers } from '../support/async-fixtures';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const FILE = 'shop/east/10-store.yaml';
const PATH = 'shop.namespaces.store.async.kafkaConsumers.event-processor';

describe('seed 004 as written: 5–15 consumers on 12 partitions', () => {
  it('is rejected with a message a reviewer understands', () => {
    expect(validatePlatform(asyncPlatform(seed004Consumers()))).toEqual([{
      path: `${PATH}.maxWorkers`,
      rule: 'consumer-partitions',
      message: "maxWorkers (15) is more than the 12 partitions of topic 'events': Kafka gives each partition to one consumer " +
        "of group 'event-processors', so consumers 13–15 would sit idle (and KEDA stops at 12 anyway); set maxWorkers to at most 12, " +
        'or add partitions to the topic first',
    }]);
  });

  it('is caught at the region override that raises maxWorkers too', () => {
    const platform = asyncPlatform({ ...seed004Consumers({ maxWorkers: 12 }), regions: { west: { kafkaConsumers: { 'event-processor': { maxWorkers: 13 } } } } });
    const issues = validatePlatform(platform);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'shop.namespaces.store.async.regions.west.kafkaConsumers.event-processor.maxWorkers', rule: 'consumer-partitions' });
    expect(issues[0].message).toContain('consumer 13 would sit idle');
  });
});

describe('seed 004 corrected: 5–12 consumers, one per partition at most', () => {
  // The choice: keep the topic at 12 partitions and cap the group at 12; reaching 15 needs the
  // topic repartitioned first (which also reshuffles keys across partitions).
  const platform = asyncPlatform({
    ...seed004Consumers({ maxWorkers: 12 }),
    brokers: {
      kafka: { ...seed004Consumers().brokers.kafka, sasl: 'scram_sha512', secret: 'events-kafka-user' },
    },
  });
  const objects = renderObjects(platform);
  const so = findObject(objects, FILE, 'ScaledObject', 'event-processor');
  const deployment = findObject(objects, FILE, 'Deployment', 'event-processor');

  it('is valid', () => expect(validatePlatform(platform)).toEqual([]));

  it('scales 5–12 on consumer-group lag, never beyond the partitions', () => {
    expect(so.spec).toMatchObject({ minReplicaCount: 5, maxReplicaCount: 12 });
    expect(so.spec.triggers).toEqual([{
      type: 'kafka',
      name: 'consumer-lag',
      metadata: {
        bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
        consumerGroup: 'event-processors',
        topic: 'events',
        lagThreshold: '1000',
        offsetResetPolicy: 'latest',
        allowIdleConsumers: 'false',
        sasl: 'scram_sha512',
      },
      authenticationRef: { name: 'keda-kafka' },
    }]);
  });

  it('authenticates KEDA with the SASL user from a Secret by name', () => {
    expect(findObject(objects, FILE, 'TriggerAuthentication', 'keda-kafka').spec).toEqual({
      secretTargetRef: [
        { parameter: 'username', name: 'events-kafka-user', key: 'username' },
        { parameter: 'password', name: 'events-kafka-user', key: 'password' },
      ],
    });
  });

  it('runs the consumer group with its topic, group and credentials', () => {
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('consumer');
    expect(deployment.spec).not.toHaveProperty('replicas');
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'KAFKA_AUTO_OFFSET_RESET', value: 'latest' },
      { name: 'KAFKA_BOOTSTRAP_SERVERS', value: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092' },
      { name: 'KAFKA_CONSUMER_GROUP', value: 'event-processors' },
      { name: 'KAFKA_SASL_MECHANISM', value: 'scram_sha512' },
      { name: 'KAFKA_TOPIC', value: 'events' },
      { name: 'WORKER_HEARTBEAT_FILE', value: '/tmp/worker-heartbeat' },
      { name: 'KAFKA_PASSWORD', valueFrom: { secretKeyRef: { name: 'events-kafka-user', key: 'password' } } },
      { name: 'KAFKA_USERNAME', valueFrom: { secretKeyRef: { name: 'events-kafka-user', key: 'username' } } },
    ]);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(60);
  });

  it('may reach the Kafka brokers on 9092', () => {
    expect(findObject(objects, FILE, 'NetworkPolicy', 'event-processor').spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } }, podSelector: { matchLabels: { 'strimzi.io/cluster': 'events' } } }],
      ports: [{ port: 9092, protocol: 'TCP' }],
    }, { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }]);
  });

  it('renders no TriggerAuthentication for a Kafka without SASL', () => {
    const plain = renderObjects(asyncPlatform(seed004Consumers({ maxWorkers: 12 })));
    expect(plain.some((o) => o.object.kind === 'TriggerAuthentication')).toBe(false);
    expect(findObject(plain, FILE, 'ScaledObject', 'event-processor').spec.triggers[0]).not.toHaveProperty('authenticationRef');
  });

  it('validates against the upstream schemas', () => {
    for (const { object } of objects.filter((o) => o.file === FILE)) expect(schemaErrors(object)).toEqual([]);
  });
});
