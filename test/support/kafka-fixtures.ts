/** Kafka platforms from seed 001 (per-region brokers, nine `*-events` topics) and seed 004 (12 partitions). */
import type { PlatformSpec } from '../../src/spec/types';
import type { kafkaClusterSchema, kafkaTopicSchema } from '../../src/spec/schema/data-kafka';
import type { Spec } from '../../src/spec/schema/infer';
import { asyncPlatform, seed004Consumers } from './async-fixtures';

export type KafkaSpec = Spec<typeof kafkaClusterSchema>;
type TopicSpec = Spec<typeof kafkaTopicSchema>;

/** Seed 001: "Partitions per Topic: 100, Replication Factor: 3, Retention: 30 days, Compression: LZ4 or Zstandard". */
export const SEED_001_TOPICS = [
  'order-events', 'payment-events', 'inventory-events', 'notification-events', 'analytics-events',
  'fraud-detection-events', 'recommendation-events', 'cache-invalidation-events', 'audit-events',
] as const;

export function seed001Kafka(patch: Partial<KafkaSpec> = {}): KafkaSpec {
  const topics: Record<string, TopicSpec> = {};
  // zstd for the archival streams (better ratio), lz4 for the hot path (cheaper CPU).
  for (const name of SEED_001_TOPICS) topics[name] = { partitions: 100, replicas: 3, retention: '30d', compression: name === 'analytics-events' || name === 'audit-events' ? 'zstd' : 'lz4' };
  return {
    // Seed 001: "US-East: 15 brokers"; the other regions override.
    brokers: 15,
    // "51 brokers × (8 CPU, 16GB RAM)".
    resources: { requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } },
    storage: { size: '2Ti' },
    nodePool: 'kafka',
    allowFrom: [{ namespace: 'orders' }],
    topics,
    ...patch,
  };
}

/** Seed 001's four regions with their broker counts: us-east 15, us-west 15, eu-central 12, apac 9. */
export function seed001Platform(kafka: KafkaSpec = seed001Kafka()): PlatformSpec {
  return {
    name: 'market',
    nodePools: {
      general: { nodeLabels: { pool: 'general' } },
      kafka: { nodeLabels: { pool: 'kafka' }, taint: { key: 'pool', value: 'kafka', effect: 'NoSchedule' } },
    },
    regions: {
      'us-east': { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
      'us-west': { zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] },
      'eu-central': { zones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'], data: { kafka: { events: { brokers: 12 } } } },
      'apac': { zones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'], data: { kafka: { events: { brokers: 9 } } } },
    },
    namespaces: {
      orders: { services: {} },
      kafka: { services: {}, data: { kafka: { events: kafka } } },
    },
    gitops: { repoURL: 'https://git.example.com/market/gitops.git' },
  };
}

/** Seed 004: 3 brokers, topic `events` at 12 partitions, consumed by `event-processor` (broker `events-kafka-bootstrap` in `kafka`). */
export function seed004Platform(consumer: Parameters<typeof seed004Consumers>[0] = { maxWorkers: 12 }, topic: Partial<TopicSpec> = {}): PlatformSpec {
  const base = asyncPlatform(seed004Consumers(consumer));
  return {
    ...base,
    namespaces: {
      ...base.namespaces,
      kafka: { services: {}, data: { kafka: { events: {
        brokers: 3,
        resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
        storage: { size: '500Gi' },
        nodePool: 'general',
        allowFrom: [{ namespace: 'store' }],
        topics: { events: { partitions: 12, replicas: 3, retention: '7d', compression: 'lz4', ...topic } },
      } } } },
    },
  };
}
