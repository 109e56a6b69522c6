/**
 * Kafka on Strimzi (`data.kafka.<name>`): one KRaft cluster per region — a Kafka resource, a
 * broker KafkaNodePool and a controller KafkaNodePool — and its KafkaTopics. Brokers are per
 * region (`regions.<region>.data.kafka.<name>.brokers`); everything else is platform-wide.
 *
 * From a platform file:
 * ```ts
 * data: { kafka: { events: {
 *   brokers: 15, nodePool: 'kafka', storage: { size: '2Ti' },
 *   resources: { requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } },
 *   allowFrom: [{ namespace: 'shop' }],
 *   topics: { 'order-events': { partitions: 100, replicas: 3, retention: '30d', compression: 'lz4' } },
 * } } }
 * ```
 */
import { z } from 'zod';
import { int32, mapOf, named, stringMap } from './primitives';

const kafkaResourcesSchema = z.strictObject({
  requests: z.strictObject({ cpu: z.string(), memory: z.string() }),
  limits: z.strictObject({ cpu: z.string().optional(), memory: z.string() }),
});

const kafkaStorageSchema = z.strictObject({
  size: z.string().describe('Persistent volume per node, e.g. `2Ti`.'),
  storageClassName: z.string().optional().describe('@default the cluster\'s default StorageClass'),
  deleteClaim: z.boolean().optional().describe('Delete the claim when a node is removed (scale-in). @default false (data outlives the pod)'),
});

export const kafkaTopicSchema = named('KafkaTopic', z.strictObject({
  partitions: int32().min(1).describe('Partitions; they can only grow (a decrease is refused by Kafka, and `plan` flags it). A consumer group never has more busy members than partitions.'),
  replicas: int32().min(1).max(32767).describe('Replication factor: at most the brokers of every region, and more than `minInsyncReplicas`.'),
  retention: z.string().regex(/^[1-9][0-9]*(ms|s|m|h|d)$/, { error: 'a duration such as 30d, 12h or 600000ms' })
    .describe('How long records are kept (`retention.ms`), e.g. `30d`, `12h`, `600000ms`.'),
  compression: z.enum(['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'])
    .describe('`compression.type` of the topic: the codec the broker stores batches in; `producer` keeps what producers send.'),
  minInsyncReplicas: int32().min(1).optional()
    .describe('`min.insync.replicas`: replicas that must acknowledge an `acks=all` write; below `replicas`, so one broker can be down without refusing writes. @default replicas − 1'),
  topicName: z.string().optional().describe('The Kafka topic name when it is not a valid Kubernetes object name (e.g. has `_` or `.`). @default the key'),
}).describe('One KafkaTopic managed by the Topic Operator.'));

const kafkaSizingFields = {
  brokers: int32().min(1).describe('Broker nodes (the broker KafkaNodePool\'s replicas). Per region through `regions.<region>.data.kafka.<name>.brokers`.'),
  resources: kafkaResourcesSchema.describe('Per broker. Strimzi sizes the JVM heap from the memory request.'),
  storage: kafkaStorageSchema.describe('Per broker: the log directories (one JBOD volume, which also holds the KRaft metadata log).'),
};

export const kafkaClusterSchema = named('KafkaCluster', z.strictObject({
  version: z.string().optional().describe("Kafka version the Strimzi operator runs (one it supports). @default '4.3.1' (Strimzi 1.2.0's default)"),
  ...kafkaSizingFields,
  controllers: int32().min(1).optional().describe('KRaft controller nodes (a separate KafkaNodePool). Odd, so a majority survives a zone: 3 tolerates one loss, 5 two. @default 3'),
  controllerResources: kafkaResourcesSchema.optional().describe("Per controller. @default { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } }"),
  controllerStorage: kafkaStorageSchema.optional().describe("Per controller: the metadata log. @default { size: '20Gi' }"),
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools`: where brokers and controllers run.'),
  tls: z.boolean().optional().describe('Also open the TLS listener `tls` on 9093 beside the plain listener on 9092. @default true'),
  config: mapOf(z.union([z.string(), int32(), z.boolean()])).optional()
    .describe('Extra broker configuration (`spec.kafka.config`), e.g. `num.io.threads`. The replication defaults (default.replication.factor, min.insync.replicas, internal topics) are derived from the broker count and need not be given.'),
  metrics: z.boolean().optional().describe('Expose broker and controller metrics (Strimzi Metrics Reporter on port 9404) and render a PodMonitor. @default true'),
  allowFrom: z.array(z.strictObject({ namespace: z.string(), podLabels: stringMap().optional() }))
    .describe('Clients allowed on the listeners (Strimzi renders them into its listener NetworkPolicy): a namespace, optionally narrowed by pod labels.'),
  topics: mapOf(kafkaTopicSchema).optional().describe('KafkaTopics by object name (the topic name unless `topicName` is set).'),
}).describe('A Kafka cluster on Strimzi (KRaft): brokers and controllers in their own KafkaNodePools, topics as KafkaTopics. Clients reach `<name>-kafka-bootstrap:9092`.'));

export const kafkaClusterOverrideSchema = named('KafkaClusterOverride', z.strictObject({
  brokers: kafkaSizingFields.brokers.optional(),
  resources: kafkaSizingFields.resources.optional(),
  storage: kafkaSizingFields.storage.optional(),
}).describe('What a region may change about a Kafka cluster (its size).'));
