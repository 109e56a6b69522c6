/**
 * One failing spec per async/KEDA validation rule: each asserts the rule id, the exact path and
 * the message. Every spec starts from a valid fixture and breaks one thing.
 */
import { SpecIssue } from '../../src/spec/errors';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import {
  SMALL, asyncPlatform, celeryAsync, loose, queue, redisBroker, seed003EventScaling, seed004Consumers, writeBack,
} from '../support/async-fixtures';

const ASYNC = 'shop.namespaces.store.async';
const HIGH = `${ASYNC}.queues.high_priority`;
const WEB = 'shop.namespaces.store.services.web';

function only(platform: PlatformSpec): SpecIssue {
  const issues = validatePlatform(platform);
  expect(issues).toHaveLength(1);
  return issues[0];
}

const withQueue = (patch: Parameters<typeof queue>[0]) => asyncPlatform(celeryAsync({ queues: { high_priority: queue({ tier: 'high', ...patch }) } }));
const cron = (patch: Parameters<typeof seed003EventScaling>[0] = {}, service = {}) =>
  asyncPlatform({ brokers: {} }, {}, { autoscaling: undefined, eventScaling: seed003EventScaling(patch), ...service });

describe('the async fixtures', () => {
  it.each([
    ['celery', celeryAsync()], ['write-back', writeBack()], ['kafka 5–12', seed004Consumers({ maxWorkers: 12 })],
  ])('%s is valid', (_n, async) => expect(validatePlatform(asyncPlatform(async))).toEqual([]));
  it('cron is valid', () => expect(validatePlatform(cron())).toEqual([]));
});

describe('structure', () => {
  it('schema-unknown-key: a typo in a queue is named, with a suggestion', () => {
    const p = loose(asyncPlatform(celeryAsync()), (x) => { x.namespaces.store.async.queues.high_priority.maxWorker = 9; });
    expect(only(p)).toEqual({
      path: `${HIGH}.maxWorker`, rule: 'schema-unknown-key',
      message: expect.stringMatching(/^unknown key 'maxWorker' \(did you mean 'maxWorkers'\?\); allowed: tier, minWorkers/),
    });
  });

  it('dns-1123-name: a queue name that makes no object name', () => {
    const p = asyncPlatform(celeryAsync({ queues: { 'émails!': queue() } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.queues.émails!`, rule: 'dns-1123-name',
      message: "queue 'émails!' gives the object name 'worker-émails!', which is not a DNS-1123 label (lowercase a-z, 0-9, '-', at most 63 characters)",
    });
  });

  it('duplicate-name: two queues that derive the same object name', () => {
    const p = asyncPlatform(celeryAsync({ queues: { high_priority: queue({ tier: 'high' }), 'high-priority': queue() } }));
    expect(only(p)).toEqual({
      path: HIGH, rule: 'duplicate-name',
      message: "queue 'high_priority' renders objects named 'worker-high-priority', as queue 'high-priority' does",
    });
  });

  it('duplicate-name: a worker named like a service', () => {
    const p = asyncPlatform({ ...writeBack(), batchWriters: { web: writeBack().batchWriters!['order-writer'] } });
    expect(only(p)).toMatchObject({ path: `${ASYNC}.batchWriters.web`, rule: 'duplicate-name', message: "batch writer 'web' renders objects named 'web', as service 'web' does" });
  });

  it('dns-1123-name: broker names name TriggerAuthentications', () => {
    const p = asyncPlatform({ ...writeBack(), brokers: { Redis_1: redisBroker() }, batchWriters: { w: { ...writeBack().batchWriters!['order-writer'], broker: 'Redis_1' } } });
    expect(only(p)).toEqual({
      path: `${ASYNC}.brokers.Redis_1`, rule: 'dns-1123-name',
      message: "broker name 'Redis_1' is not a DNS-1123 label (it names the TriggerAuthentication keda-Redis_1)",
    });
  });

  it('unknown-override: a region override of an undeclared queue', () => {
    const p = asyncPlatform(celeryAsync({ regions: { west: { queues: { emails: { maxWorkers: 4 } } } } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.regions.west.queues.emails`, rule: 'unknown-override',
      message: "region 'west' overrides queues 'emails', which async.queues does not declare",
    });
  });

  it('unknown-override: an override for an undeclared region', () => {
    const p = asyncPlatform(celeryAsync({ regions: { north: { queues: { reports: { maxWorkers: 4 } } } } }));
    expect(only(p)).toEqual({ path: `${ASYNC}.regions.north`, rule: 'unknown-override', message: "region 'north' is not declared in regions" });
  });
});

describe('brokers and the Celery app', () => {
  it('celery-app: queues without a Celery app', () => {
    const p = asyncPlatform(celeryAsync({ celery: undefined, beat: undefined }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.celery`, rule: 'celery-app',
      message: 'queues and beat run a Celery app: declare async.celery (image, app, broker, nodePool)',
    });
  });

  it('unknown-broker: a reference to an undeclared broker', () => {
    const p = asyncPlatform(celeryAsync({ celery: { ...celeryAsync().celery!, broker: 'rabbitmq' } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.celery.broker`, rule: 'unknown-broker', message: "broker 'rabbitmq' is not declared in async.brokers; declared: rabbit",
    });
  });

  it('broker-kind: a batch writer on a RabbitMQ broker', () => {
    const p = asyncPlatform({ ...writeBack(), brokers: { redis: { kind: 'rabbitmq', service: 'rabbitmq', secret: 's' } } });
    expect(only(p)).toEqual({
      path: `${ASYNC}.batchWriters.order-writer.broker`, rule: 'broker-kind',
      message: "broker 'redis' is rabbitmq, but this workload consumes from redis",
    });
  });

  it('broker-secret: a RabbitMQ broker without its Secret', () => {
    const p = asyncPlatform(celeryAsync({ brokers: { rabbit: { kind: 'rabbitmq', service: 'rabbitmq' } } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.brokers.rabbit.secret`, rule: 'broker-secret',
      message: "a rabbitmq broker needs the name of the Secret holding its URL (key 'url'): workers and KEDA authenticate with it",
    });
  });

  it('broker-secret: Kafka SASL without a Secret', () => {
    const consumers = seed004Consumers({ maxWorkers: 12 });
    const broken = asyncPlatform({ ...consumers, brokers: { kafka: { ...consumers.brokers.kafka, sasl: 'scram_sha512' } } });
    expect(only(broken)).toMatchObject({ path: `${ASYNC}.brokers.kafka.secret`, rule: 'broker-secret' });
  });

  it('redis-priority-levels: levels must include 0 and stay in 0-9', () => {
    const p = asyncPlatform(celeryAsync({ brokers: { rabbit: redisBroker({ priorityLevels: [3, 12] }) } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.brokers.rabbit.priorityLevels`, rule: 'redis-priority-levels',
      message: "priorityLevels [3,12] must be distinct integers 0-9 including 0 (Celery's priority_steps; level 0 is the bare queue list)",
    });
  });

  it('image-tag: the Celery image must be pinned', () => {
    const p = asyncPlatform(celeryAsync({ celery: { ...celeryAsync().celery!, image: 'registry.internal/shop/web:latest' } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.celery.image`, rule: 'image-tag',
      message: "image 'registry.internal/shop/web:latest' uses the 'latest' tag; pin a version tag or a digest so every cluster runs the same build",
    });
  });

  it('secret-literal: a password in plain env', () => {
    const p = asyncPlatform(celeryAsync({ celery: { ...celeryAsync().celery!, env: { BROKER_PASSWORD: 'hunter2' } } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.celery.env.BROKER_PASSWORD`, rule: 'secret-literal',
      message: "'BROKER_PASSWORD' looks like a secret but has a literal value; reference a Secret by name through secretEnv",
    });
  });

  it('unknown-node-pool: the Celery pool must exist (queues inherit it, so it is reported once)', () => {
    const p = asyncPlatform(celeryAsync({ celery: { ...celeryAsync().celery!, nodePool: 'gpu' } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.celery.nodePool`, rule: 'unknown-node-pool', message: "node pool 'gpu' is not declared; known pools: compute, general",
    });
    expect(only(withQueue({ nodePool: 'gpu' }))).toMatchObject({ path: `${HIGH}.nodePool`, rule: 'unknown-node-pool' });
  });
});

describe('queue workers', () => {
  it('priority-tier: an unknown tier', () => {
    expect(only(withQueue({ tier: 'urgent' as never }))).toEqual({ path: `${HIGH}.tier`, rule: 'schema-enum', message: '"urgent" is not one of high, normal, low' });
  });

  it('min-max-replicas: maxWorkers below minWorkers', () => {
    expect(only(withQueue({ minWorkers: 10, maxWorkers: 5 }))).toEqual({
      path: `${HIGH}.maxWorkers`, rule: 'min-max-replicas', message: 'maxWorkers (5) must be an integer ≥ 1 and ≥ minWorkers (10)',
    });
  });

  it('min-max-replicas: reported at the region override that breaks it', () => {
    const p = asyncPlatform(celeryAsync({ regions: { west: { queues: { reports: { minWorkers: 50 } } } } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.queues.reports.maxWorkers`, rule: 'min-max-replicas', message: 'maxWorkers (20) must be an integer ≥ 1 and ≥ minWorkers (50)',
    });
    const q = asyncPlatform(celeryAsync({ regions: { west: { queues: { reports: { minWorkers: -1 } } } } }));
    expect(only(q)).toMatchObject({ path: `${ASYNC}.regions.west.queues.reports.minWorkers`, rule: 'min-max-replicas' });
  });

  it('high-tier-floor: urgent queues never scale to zero', () => {
    expect(only(withQueue({ minWorkers: 0 }))).toEqual({
      path: `${HIGH}.minWorkers`, rule: 'high-tier-floor',
      message: 'tier high with minWorkers 0: KEDA would scale the workers to zero, and an urgent task would wait for a pod to be scheduled and boot; keep at least one',
    });
  });

  it('task-duration: a maximum task duration is required', () => {
    expect(only(withQueue({ maxTaskDurationSeconds: 0 }))).toEqual({
      path: `${HIGH}.maxTaskDurationSeconds`, rule: 'task-duration', message: 'maxTaskDurationSeconds (0) must be an integer ≥ 1',
    });
  });

  it('worker-grace-period: the grace period must cover the longest task', () => {
    expect(only(withQueue({ maxTaskDurationSeconds: 600, terminationGracePeriodSeconds: 120 }))).toEqual({
      path: `${HIGH}.terminationGracePeriodSeconds`, rule: 'worker-grace-period',
      message: 'terminationGracePeriodSeconds (120) is shorter than maxTaskDurationSeconds (600): on SIGTERM (rollout, scale-in, drain) ' +
        'the worker finishes its running work (warm shutdown), and the kubelet would SIGKILL it first',
    });
  });

  it('celery-flags: concurrency and prefetch are positive integers', () => {
    expect(only(withQueue({ prefetchMultiplier: 0 }))).toEqual({
      path: `${HIGH}.prefetchMultiplier`, rule: 'celery-flags', message: 'prefetchMultiplier (0) must be an integer ≥ 1 (--prefetch-multiplier)',
    });
  });

  it('keda-timing: polling interval of at least a second', () => {
    expect(only(withQueue({ pollingIntervalSeconds: 0.5 }))).toEqual({
      path: `${HIGH}.pollingIntervalSeconds`, rule: 'schema-integer', message: 'must be an integer, not 0.5',
    });
  });

  it('behavior: an unknown profile', () => {
    expect(only(withQueue({ behavior: 'turbo' }))).toMatchObject({
      path: `${HIGH}.behavior`, rule: 'behavior', message: expect.stringContaining("unknown behavior profile 'turbo'"),
    });
  });

  it('memory-limit: workers need one too', () => {
    expect(only(withQueue({ resources: { requests: SMALL.requests, limits: { cpu: '1' } } }))).toMatchObject({
      path: `${HIGH}.resources.limits.memory`, rule: 'memory-limit',
    });
  });

  it('pdb-blocks-drain: a budget that allows no eviction at minWorkers', () => {
    expect(only(withQueue({ minWorkers: 2, disruption: { minAvailable: 2 } }))).toEqual({
      path: `${HIGH}.disruption`, rule: 'pdb-blocks-drain',
      message: 'minAvailable 2 allows no eviction at 2 replicas; node drains and cluster upgrades would block',
    });
  });

  it('disruption-budget: one field only', () => {
    expect(only(withQueue({ disruption: { minAvailable: 1, maxUnavailable: 1 } }))).toMatchObject({ path: `${HIGH}.disruption`, rule: 'disruption-budget' });
  });

  it('worker-liveness: the heartbeat file must be writable', () => {
    expect(only(withQueue({ liveness: { heartbeatFile: '/var/run/beat' } }))).toEqual({
      path: `${HIGH}.liveness.heartbeatFile`, rule: 'worker-liveness',
      message: "heartbeatFile '/var/run/beat' must be below /tmp/, the only writable path of a read-only root filesystem",
    });
  });

  it('worker-liveness: inspect-ping needs a Celery worker', () => {
    const p = asyncPlatform(writeBack({ liveness: { method: 'inspect-ping', periodSeconds: 300 } }));
    expect(only(p)).toEqual({
      path: `${ASYNC}.batchWriters.order-writer.liveness.method`, rule: 'worker-liveness',
      message: 'inspect-ping asks a Celery worker; this workload is not Celery: use heartbeat-file',
    });
  });

  it('liveness-broker-load: celery inspect ping on a short period', () => {
    expect(only(withQueue({ maxWorkers: 500, liveness: { method: 'inspect-ping', periodSeconds: 10 } }))).toEqual({
      path: `${HIGH}.liveness.periodSeconds`, rule: 'liveness-broker-load',
      message: 'celery inspect ping every 10 s is a broadcast through the broker that every worker of the app receives: ' +
        '500 workers probing make 250000 deliveries per period; use the heartbeat-file liveness, or a period of at least 60 s',
    });
  });

  it('worker-command: a command is a list of strings', () => {
    expect(only(withQueue({ command: 'celery worker' as never }))).toEqual({
      path: `${HIGH}.command`, rule: 'schema-type', message: 'must be a list, not a string ("celery worker")',
    });
  });

  it('port-range: an egress target port', () => {
    expect(only(withQueue({ egressTo: [{ service: 'db', port: 70000 }] }))).toEqual({
      path: `${HIGH}.egressTo[0].port`, rule: 'schema-range', message: '70000 is out of range: must be ≤ 65535',
    });
  });
});

describe('beat', () => {
  it('beat-singleton: beat never runs more than one replica', () => {
    const p = loose(asyncPlatform(celeryAsync()), (x) => { x.namespaces.store.async.beat.replicas = 2; });
    expect(only(p)).toEqual({
      path: `${ASYNC}.beat.replicas`, rule: 'schema-enum', message: '2 is not one of 1',
    });
  });

  it('schema-unknown-key: beat has no autoscaling', () => {
    const p = loose(asyncPlatform(celeryAsync()), (x) => { x.namespaces.store.async.beat.maxWorkers = 3; });
    expect(only(p)).toMatchObject({ path: `${ASYNC}.beat.maxWorkers`, rule: 'schema-unknown-key' });
  });
});

describe('batch writers and Kafka consumers', () => {
  it('batch-size: a positive batch size', () => {
    expect(only(asyncPlatform(writeBack({ batchSize: 0 })))).toEqual({
      path: `${ASYNC}.batchWriters.order-writer.batchSize`, rule: 'batch-size', message: 'batchSize (0) must be an integer ≥ 1',
    });
  });

  it('env-name: variables the compiler renders cannot be set by hand', () => {
    expect(only(asyncPlatform(writeBack({ env: { BATCH_SIZE: '100' } })))).toEqual({
      path: `${ASYNC}.batchWriters.order-writer.env.BATCH_SIZE`, rule: 'env-name',
      message: "'BATCH_SIZE' is rendered by the compiler from the spec (broker, list, topic, liveness); remove it",
    });
  });

  it('unknown-node-pool: a writer needs a pool', () => {
    expect(only(asyncPlatform(writeBack({ nodePool: undefined })))).toEqual({
      path: `${ASYNC}.batchWriters.order-writer.nodePool`, rule: 'unknown-node-pool',
      message: 'a node pool is required: workers are scheduled on one declared pool',
    });
  });

  it('consumer-partitions: seed 004 (5–15 consumers on 12 partitions)', () => {
    expect(only(asyncPlatform(seed004Consumers()))).toMatchObject({
      path: `${ASYNC}.kafkaConsumers.event-processor.maxWorkers`, rule: 'consumer-partitions',
      message: expect.stringContaining("maxWorkers (15) is more than the 12 partitions of topic 'events'"),
    });
  });

  it('consumer-partitions: the partition count is required', () => {
    expect(only(asyncPlatform(seed004Consumers({ partitions: 0, maxWorkers: 12 })))).toEqual({
      path: `${ASYNC}.kafkaConsumers.event-processor.partitions`, rule: 'consumer-partitions',
      message: "partitions (0) must be the topic's partition count, an integer ≥ 1",
    });
  });

  it('version-label: a digest-only image needs a version', () => {
    const digest = `registry.internal/shop/event-processor@sha256:${'a'.repeat(64)}`;
    expect(only(asyncPlatform(seed004Consumers({ image: digest, maxWorkers: 12 })))).toMatchObject({
      path: `${ASYNC}.kafkaConsumers.event-processor.version`, rule: 'version-label',
    });
  });
});

describe('service eventScaling (KEDA instead of an HPA)', () => {
  it('replicas-mode: an HPA and a ScaledObject on the same Deployment', () => {
    const p = asyncPlatform({ brokers: {} }, {}, { eventScaling: seed003EventScaling() });
    expect(only(p)).toEqual({
      path: `${WEB}.eventScaling`, rule: 'replicas-mode',
      message: 'autoscaling (an HPA) and eventScaling (a KEDA ScaledObject, which owns an HPA of its own) target the same Deployment; ' +
        'they would fight over spec.replicas: keep one, e.g. move the CPU target into eventScaling.cpuUtilization',
    });
  });

  it('replicas-mode: a fixed count and a ScaledObject', () => {
    expect(only(cron({}, { replicas: 3 }))).toMatchObject({ path: `${WEB}.replicas`, rule: 'replicas-mode' });
  });

  it('min-max-replicas: bounds of the ScaledObject', () => {
    expect(only(cron({ minReplicas: 0 }))).toEqual({ path: `${WEB}.eventScaling.minReplicas`, rule: 'min-max-replicas', message: 'minReplicas (0) must be an integer ≥ 1' });
  });

  it('cron-timezone: an IANA name, not an offset', () => {
    expect(only(cron({ timezone: 'CET+1' }))).toEqual({
      path: `${WEB}.eventScaling.timezone`, rule: 'cron-timezone',
      message: "timezone 'CET+1' is not an IANA time zone name such as Europe/Berlin or America/New_York (KEDA's cron scaler loads it by name)",
    });
    expect(only(cron({ timezone: 'Europe/Atlantis' }))).toMatchObject({ rule: 'cron-timezone' });
  });

  it('cron-window: a window that crosses midnight', () => {
    const windows = { night: { days: 'weekdays' as const, start: '17:00', end: '09:00', replicas: 3 } };
    expect(only(cron({ windows }))).toEqual({
      path: `${WEB}.eventScaling.windows.night.end`, rule: 'cron-window',
      message: 'end 09:00 is not after start 17:00: a window stays within one day; split a night window at 24:00 into two',
    });
  });

  it('cron-window: replicas above maxReplicas would not hold', () => {
    const windows = { peak: { days: ['Mon' as const], start: '09:00', end: '10:00', replicas: 50 } };
    expect(only(cron({ windows }))).toEqual({
      path: `${WEB}.eventScaling.windows.peak.replicas`, rule: 'cron-window',
      message: 'replicas (50) is outside minReplicas–maxReplicas (2–20); the ScaledObject clamps to those bounds, so the window would not hold',
    });
  });

  it('cron-window: unknown days', () => {
    const windows = { x: { days: ['Monday'] as never, start: '09:00', end: '10:00', replicas: 3 } };
    expect(only(cron({ windows }))).toEqual({
      path: `${WEB}.eventScaling.windows.x.days[0]`, rule: 'schema-enum', message: `"Monday" is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun (did you mean 'Mon'?)`,
    });
  });

  it('event-scaling-trigger: at least one trigger', () => {
    expect(only(cron({ windows: undefined, cpuUtilization: undefined }))).toEqual({
      path: `${WEB}.eventScaling`, rule: 'event-scaling-trigger',
      message: 'eventScaling needs at least one trigger: windows, cpuUtilization or memoryUtilization',
    });
  });

  it('autoscaling-target: utilization is a percentage', () => {
    expect(only(cron({ cpuUtilization: 170 }))).toMatchObject({ path: `${WEB}.eventScaling.cpuUtilization`, rule: 'autoscaling-target' });
  });

  it('schema-unknown-key: a typo in eventScaling', () => {
    const p = loose(cron(), (x) => { x.namespaces.store.services.web.eventScaling.timeZone = 'UTC'; });
    expect(only(p)).toMatchObject({ path: `${WEB}.eventScaling.timeZone`, rule: 'schema-unknown-key', message: expect.stringContaining("did you mean 'timezone'") });
  });
});
