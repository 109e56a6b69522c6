import type { ResourcesSpec } from '../src/spec/types';
import type { AsyncWorkloadsSpec } from '../src/spec/workers/types';

/** Seed 000: "Celery workers: 500 × 2 CPU", "Celery: 500 × 2GB" — Guaranteed QoS like the API. */
const WORKER_RESOURCES: ResourcesSpec = { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } };

/**
 * Seed 000 Celery: workers (500+ pods per region) on queues high_priority (emergency dispatch),
 * normal and low_priority (reports, analytics), on general-purpose nodes, brokered by RabbitMQ.
 *
 * The floors add up to the seed's 500 pods per region (150 + 300 + 50); the ceilings leave
 * room for backlogs. Tiers decide who yields when the general-purpose pool is full: emergency
 * dispatch preempts reports, never the reverse. Grace periods follow each queue's longest task,
 * which `--time-limit` enforces, so a scale-in or drain lets running tasks finish.
 */
export const webAsync: AsyncWorkloadsSpec = {
  brokers: {
    rabbitmq: {
      kind: 'rabbitmq',
      service: 'rabbitmq',
      namespace: 'messaging',
      podLabels: { 'app.kubernetes.io/name': 'rabbitmq' },
      secret: 'celery-broker',
      urlKey: 'amqp-url',
      // KEDA reads the management API so in-flight (unacknowledged) tasks count as backlog too.
      managementUrlKey: 'management-url',
    },
  },
  celery: {
    // The Django project's image: tasks import the same code as the API.
    image: 'registry.internal/hyperscale/django-api:2026.11.0',
    app: 'hyperscale.celery:app',
    broker: 'rabbitmq',
    nodePool: 'general-purpose',
    env: {
      DJANGO_SETTINGS_MODULE: 'hyperscale.settings.production',
      PYTHONUNBUFFERED: '1',
    },
    secretEnv: {
      DATABASE_URL: { secret: 'api-database', key: 'url' },
      DJANGO_SECRET_KEY: { secret: 'api-django', key: 'secret-key' },
    },
    // Tasks and the database scheduler use the API's database (through PgBouncer) and cache,
    // the same Services the API's mesh policy declares.
    egressTo: [
      { service: 'pgbouncer', namespace: 'data', port: 5432, podLabels: { 'app.kubernetes.io/name': 'pgbouncer' } },
      { service: 'redis', namespace: 'data', port: 6379, podLabels: { 'app.kubernetes.io/name': 'redis' } },
    ],
  },
  queues: {
    high_priority: {
      // Emergency dispatch: short tasks, no prefetch hoarding, fast reaction.
      tier: 'high',
      concurrency: 4,
      prefetchMultiplier: 1,
      maxTaskDurationSeconds: 60,
      minWorkers: 150,
      maxWorkers: 400,
      messagesPerWorker: 4,
      pollingIntervalSeconds: 5,
      behavior: 'burst-then-settle',
      resources: WORKER_RESOURCES,
    },
    normal: {
      tier: 'normal',
      concurrency: 4,
      prefetchMultiplier: 4,
      maxTaskDurationSeconds: 300,
      minWorkers: 300,
      maxWorkers: 800,
      messagesPerWorker: 16,
      pollingIntervalSeconds: 15,
      behavior: 'hyperscale-api',
      resources: WORKER_RESOURCES,
    },
    low_priority: {
      // Reports and analytics: long tasks, one at a time per process, recycled to bound memory.
      tier: 'low',
      concurrency: 2,
      prefetchMultiplier: 1,
      maxTasksPerChild: 100,
      maxTaskDurationSeconds: 1800,
      minWorkers: 50,
      maxWorkers: 200,
      messagesPerWorker: 2,
      pollingIntervalSeconds: 60,
      behavior: 'hyperscale-api',
      resources: WORKER_RESOURCES,
    },
  },
  beat: {
    // Schedules live in the database, so a Recreate restart loses none.
    scheduler: 'django_celery_beat.schedulers:DatabaseScheduler',
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  },
};
