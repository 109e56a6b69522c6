import { Chart } from 'cdk8s';
import { EgressPeer } from '../src/constructs/async-worker';
import { BatchWriter } from '../src/constructs/batch-writer';
import { CeleryBeat } from '../src/constructs/celery-beat';
import { KafkaConsumer } from '../src/constructs/kafka-consumer';
import { MANAGED_BY, REGION_LABEL, WorkloadIdentity } from '../src/constructs/labels';
import { AsyncPriorityClasses, priorityClassName } from '../src/constructs/priority-classes';
import { BrokerTriggerAuth, brokerSecretParameters, triggerAuthName } from '../src/constructs/queue-scaler';
import { WorkerQueue } from '../src/constructs/worker-queue';
import { resolveBehavior } from '../src/spec/behavior';
import { imageVersion } from '../src/spec/image';
import { ResolvedNamespace, ResolvedRegion, sortedKeys } from '../src/spec/resolve';
import { BehaviorSpec, PlatformSpec } from '../src/spec/types';
import { BEAT_NAME, brokerNamespace, brokerPort, resolveAsync } from '../src/spec/workers/resolve';
import { AsyncWorkloadBase, AsyncWorkloadsSpec, BrokerSpec, EgressTarget, PriorityTier } from '../src/spec/workers/types';
import { SYNC_WAVE, WAVES } from './labels';

/** The identity (labels, selector) of one async workload; instance is unique per platform like a service's. */
function identityOf(platform: PlatformSpec, region: string, name: string, component: string, version: string): WorkloadIdentity {
  return { name, instance: `${platform.name}-${name}`, component, partOf: platform.partOf ?? platform.name, version, region };
}

/** The broker first, then the other targets, in spec order. */
function egressFor(broker: BrokerSpec, targets: readonly EgressTarget[], namespace: string): EgressPeer[] {
  return [
    { namespace: brokerNamespace(broker, namespace), podLabels: broker.podLabels, port: brokerPort(broker) },
    ...targets.map((t) => ({ namespace: t.namespace ?? namespace, podLabels: t.podLabels, port: t.port })),
  ];
}

/** TriggerAuthentications of the brokers that scaled workloads read, one per broker. */
function addTriggerAuths(chart: Chart, platform: PlatformSpec, region: string, ns: string, async: AsyncWorkloadsSpec, used: Set<string>): void {
  for (const key of [...used].sort()) {
    const parameters = brokerSecretParameters(async.brokers[key]);
    if (parameters.length === 0) continue;
    new BrokerTriggerAuth(chart, `trigger-auth-${key}`, {
      name: triggerAuthName(key),
      namespace: ns,
      labels: {
        'app.kubernetes.io/name': triggerAuthName(key),
        'app.kubernetes.io/component': 'keda-auth',
        'app.kubernetes.io/part-of': platform.partOf ?? platform.name,
        'app.kubernetes.io/managed-by': MANAGED_BY,
        [REGION_LABEL]: region,
      },
      annotations: { [SYNC_WAVE]: WAVES.workloads },
      parameters,
    });
  }
}

/** Queue workers, beat, batch writers and consumers of one namespace. */
export function addNamespaceAsyncWorkloads(chart: Chart, platform: PlatformSpec, region: string, namespace: ResolvedNamespace): void {
  const async = platform.namespaces[namespace.name]?.async;
  if (!async) return;
  const ns = namespace.name;
  const resolved = resolveAsync(platform, ns, region);
  const annotations = { [SYNC_WAVE]: WAVES.workloads };
  const behaviorOf = (b: string | BehaviorSpec) => resolveBehavior(platform, b)!;
  const tierClass = (tier: PriorityTier) => priorityClassName(platform.name, tier);
  const used = new Set<string>();
  const { celery } = async;

  if (celery) {
    const broker = async.brokers[celery.broker];
    const version = imageVersion(celery.image, celery.version)!;
    if (resolved.queues.length > 0) used.add(celery.broker);
    for (const q of resolved.queues) {
      new WorkerQueue(chart, `queue-${q.key}`, {
        identity: identityOf(platform, region, q.name, 'worker', version),
        namespace: ns,
        queue: q.key,
        spec: q.spec,
        celery,
        broker,
        triggerAuthName: triggerAuthName(celery.broker),
        nodePool: platform.nodePools[q.spec.nodePool ?? celery.nodePool],
        priorityClassName: tierClass(q.spec.tier),
        behavior: behaviorOf(q.spec.behavior),
        egress: egressFor(broker, [...(celery.egressTo ?? []), ...(q.spec.egressTo ?? [])], ns),
        annotations,
      });
    }
    if (async.beat) {
      new CeleryBeat(chart, 'celery-beat', {
        identity: identityOf(platform, region, BEAT_NAME, 'beat', version),
        namespace: ns,
        spec: async.beat,
        celery,
        broker,
        nodePool: platform.nodePools[celery.nodePool],
        priorityClassName: tierClass(async.beat.tier ?? 'high'),
        egress: egressFor(broker, celery.egressTo ?? [], ns),
        annotations,
      });
    }
  }

  for (const w of resolved.batchWriters) {
    const broker = async.brokers[w.spec.broker];
    used.add(w.spec.broker);
    new BatchWriter(chart, `batch-writer-${w.key}`, {
      identity: identityOf(platform, region, w.name, 'worker', imageVersion(w.spec.image, w.spec.version)!),
      namespace: ns,
      spec: w.spec,
      broker,
      triggerAuthName: triggerAuthName(w.spec.broker),
      nodePool: platform.nodePools[w.spec.nodePool!],
      priorityClassName: tierClass(w.spec.tier),
      behavior: behaviorOf(w.spec.behavior),
      egress: egressFor(broker, w.spec.egressTo ?? [], ns),
      annotations,
    });
  }

  for (const c of resolved.kafkaConsumers) {
    const broker = async.brokers[c.spec.broker];
    const authenticated = brokerSecretParameters(broker).length > 0;
    if (authenticated) used.add(c.spec.broker);
    new KafkaConsumer(chart, `kafka-consumer-${c.key}`, {
      identity: identityOf(platform, region, c.name, 'consumer', imageVersion(c.spec.image, c.spec.version)!),
      namespace: ns,
      spec: c.spec,
      broker,
      ...(authenticated ? { triggerAuthName: triggerAuthName(c.spec.broker) } : {}),
      nodePool: platform.nodePools[c.spec.nodePool!],
      priorityClassName: tierClass(c.spec.tier),
      behavior: behaviorOf(c.spec.behavior),
      egress: egressFor(broker, c.spec.egressTo ?? [], ns),
      annotations,
    });
  }

  addTriggerAuths(chart, platform, region, ns, async, used);
}

/** Tiers the region's async workloads use (tiers are platform-wide; regions change bounds only). */
function tiersInUse(platform: PlatformSpec): PriorityTier[] {
  const tiers = new Set<PriorityTier>();
  for (const ns of sortedKeys(platform.namespaces)) {
    const async = platform.namespaces[ns].async;
    if (!async) continue;
    const sections: (Readonly<Record<string, AsyncWorkloadBase>> | undefined)[] = [async.queues, async.batchWriters, async.kafkaConsumers];
    for (const section of sections) {
      for (const key of sortedKeys(section)) tiers.add(section![key].tier);
    }
    if (async.beat && async.celery) tiers.add(async.beat.tier ?? 'high');
  }
  return [...tiers];
}

/** Cluster-scoped objects the async workloads need: one PriorityClass per tier in use. */
export function addClusterAsyncObjects(chart: Chart, platform: PlatformSpec, region: ResolvedRegion): void {
  const tiers = tiersInUse(platform);
  if (tiers.length === 0) return;
  new AsyncPriorityClasses(chart, 'async-priority-classes', {
    platformName: platform.name,
    tiers,
    labels: {
      'app.kubernetes.io/part-of': platform.partOf ?? platform.name,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      [REGION_LABEL]: region.name,
    },
    annotations: { [SYNC_WAVE]: WAVES.cluster },
  });
}
