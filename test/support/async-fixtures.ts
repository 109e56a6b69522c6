/**
 * Small, valid async specs on the `shop` fixture platform (namespace `store`, regions east and
 * west). Tests break or change one field of them, so a failure points at one rule.
 */
import { PlatformSpec, ResourcesSpec, ServiceSpec } from '../../src/spec/types';
import {
  AsyncWorkloadsSpec, BatchWriterSpec, KafkaConsumerSpec, ServiceEventScalingSpec, WorkerQueueSpec,
} from '../../src/spec/workers/types';
import { shopPlatform, webService } from './fixtures';

export const SMALL: ResourcesSpec = { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };

export function queue(patch: Partial<WorkerQueueSpec> = {}): WorkerQueueSpec {
  return {
    tier: 'normal',
    concurrency: 4,
    prefetchMultiplier: 2,
    maxTaskDurationSeconds: 120,
    minWorkers: 2,
    maxWorkers: 20,
    behavior: 'fast-up-gentle-down',
    resources: SMALL,
    ...patch,
  };
}

/** Celery on RabbitMQ in namespace `messaging`: queues `high_priority` and `reports`, and beat. */
export function celeryAsync(patch: Partial<AsyncWorkloadsSpec> = {}): AsyncWorkloadsSpec {
  return {
    brokers: {
      rabbit: { kind: 'rabbitmq', service: 'rabbitmq', namespace: 'messaging', podLabels: { app: 'rabbitmq' }, secret: 'celery-broker' },
    },
    celery: { image: 'registry.internal/shop/web:1.4.2', app: 'shop.celery:app', broker: 'rabbit', nodePool: 'general' },
    queues: {
      high_priority: queue({ tier: 'high', prefetchMultiplier: 1, maxTaskDurationSeconds: 30, pollingIntervalSeconds: 5 }),
      reports: queue({ tier: 'low', concurrency: 2, prefetchMultiplier: 1, maxTaskDurationSeconds: 1800, maxTasksPerChild: 50, minWorkers: 1 }),
    },
    beat: { resources: SMALL },
    ...patch,
  };
}

export function redisBroker(patch: Record<string, unknown> = {}) {
  return { kind: 'redis' as const, service: 'redis', secret: 'redis-auth', ...patch };
}

/** Seed 002: the API answers 202 and pushes rows to Redis list `orders:pending`; a writer drains it. */
export function writeBack(patch: Partial<BatchWriterSpec> = {}): AsyncWorkloadsSpec {
  return {
    brokers: { redis: redisBroker() },
    batchWriters: {
      'order-writer': {
        image: 'registry.internal/shop/order-writer:2.0.1',
        broker: 'redis',
        list: 'orders:pending',
        tier: 'normal',
        minWorkers: 1,
        maxWorkers: 10,
        maxTaskDurationSeconds: 20,
        behavior: 'fast-up-gentle-down',
        resources: SMALL,
        nodePool: 'general',
        secretEnv: { DATABASE_URL: { secret: 'orders-db', key: 'url' } },
        egressTo: [{ service: 'pgbouncer', namespace: 'data', port: 6432, podLabels: { app: 'pgbouncer' } }],
        ...patch,
      },
    },
  };
}

/** Seed 004: consumers of topic `events` (12 partitions), seed's own 5–15 unless patched. */
export function seed004Consumers(patch: Partial<KafkaConsumerSpec> = {}): AsyncWorkloadsSpec {
  return {
    brokers: {
      kafka: { kind: 'kafka', service: 'events-kafka-bootstrap', namespace: 'kafka', podLabels: { 'strimzi.io/cluster': 'events' } },
    },
    kafkaConsumers: {
      'event-processor': {
        image: 'registry.internal/shop/event-processor:3.2.0',
        broker: 'kafka',
        topic: 'events',
        partitions: 12,
        consumerGroup: 'event-processors',
        lagPerWorker: 1000,
        tier: 'normal',
        minWorkers: 5,
        maxWorkers: 15,
        maxTaskDurationSeconds: 30,
        behavior: 'fast-up-gentle-down',
        resources: SMALL,
        nodePool: 'general',
        ...patch,
      },
    },
  };
}

/** Seed 003: business hours 9–17 on weekdays → 10, off hours → 3, weekends → 2, plus CPU 70 %. */
export function seed003EventScaling(patch: Partial<ServiceEventScalingSpec> = {}): ServiceEventScalingSpec {
  return {
    minReplicas: 2,
    maxReplicas: 20,
    timezone: 'Europe/Berlin',
    windows: {
      'business-hours': { days: 'weekdays', start: '09:00', end: '17:00', replicas: 10 },
      'off-hours-morning': { days: 'weekdays', start: '00:00', end: '09:00', replicas: 3 },
      'off-hours-evening': { days: 'weekdays', start: '17:00', end: '24:00', replicas: 3 },
      'weekends': { days: 'weekends', start: '00:00', end: '24:00', replicas: 2 },
    },
    cpuUtilization: 70,
    behavior: 'fast-up-gentle-down',
    ...patch,
  };
}

/** The shop platform with `async` in namespace `store` (and the web service patched). */
export function asyncPlatform(async: AsyncWorkloadsSpec, patch: Partial<PlatformSpec> = {}, service: Partial<ServiceSpec> = {}): PlatformSpec {
  const base = shopPlatform({}, service);
  return { ...base, namespaces: { store: { services: { web: webService(service) }, async } }, ...patch };
}

/** A JSON round-trip, then `edit`: the way a YAML spec with a mistake reaches the validator. */
export function loose(platform: PlatformSpec, edit: (p: any) => void): PlatformSpec {
  const p = JSON.parse(JSON.stringify(platform));
  edit(p);
  return p;
}
