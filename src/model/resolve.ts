/**
 * `resolvePlatform`: the spec, validated, becomes the model the renderers read. Everything the
 * charts need is computed here once: region overrides merged (with the path bookkeeping that
 * points errors at the override), defaults filled in, identity derived, the mesh graph built.
 */
import { resolveBehavior } from '../spec/behavior';
import { resolveRegions, sortedKeys } from '../spec/resolve';
import { PlatformSpec } from '../spec/types';
import type { ExternalServiceSpec } from '../spec/mesh/types';
import { AsyncWorkloadBase, PriorityTier } from '../spec/workers/types';
import { brokerSecretParameters } from './brokers';
import { resolveCapacityPlan } from './capacity-plan';
import { IssueCollectorLike } from './check';
import { ALERTING_DEFAULTS, ASYNC_DEFAULTS, GITOPS_DEFAULTS, OBSERVABILITY_DEFAULTS, SLO_BURN_WINDOWS } from './defaults';
import { checkDerivedLabel, servingPriorityClassName, triggerAuthName } from './identity';
import { buildMeshGraph } from './mesh';
import { AlertingModel, ClusterModel, HttpServiceWorkload, LoadTestModel, NamespaceModel, ObservabilityModel, PlatformModel, TriggerAuthModel, Workload } from './types';
import { KindContext } from './workloads/context';
import { WORKLOAD_KINDS } from './workloads/index';

const ANNOTATION_PREFIX = 'platform-compiler.dev';

export interface ResolveOptions {
  /** Receives errors in derived names and labels (the validator passes its collector). */
  readonly out?: IssueCollectorLike;
}

/** Tiers the async workloads use (tiers are platform-wide; regions change bounds only), in first-use order. */
function tiersInUse(platform: PlatformSpec): PriorityTier[] {
  const tiers = new Set<PriorityTier>();
  for (const ns of sortedKeys(platform.namespaces)) {
    const async = platform.namespaces[ns].async;
    if (!async) continue;
    const sections: (Readonly<Record<string, AsyncWorkloadBase>> | undefined)[] = [async.queues, async.batchWriters, async.kafkaConsumers];
    for (const section of sections) {
      for (const key of sortedKeys(section)) tiers.add(section![key].tier);
    }
    if (async.beat && async.celery) tiers.add(async.beat.tier ?? ASYNC_DEFAULTS.beatTier);
  }
  return [...tiers];
}

/** TriggerAuthentications of the brokers that scaled workloads read, one per broker, by name. */
/**
 * The load test: the spec's peak, else the sum of the exposed services' peaks in each region; it
 * requests the first edge host (as outside clients do), else the first autoscaled Service.
 */
function resolveLoadTest(platform: PlatformSpec, clusters: readonly ClusterModel[], host: string | undefined): LoadTestModel | undefined {
  const services = clusters.flatMap((c) => c.namespaces.flatMap((n) => n.workloads)).filter((w): w is HttpServiceWorkload => w.kind === 'http-service');
  const exposed = services.filter((s) => s.spec.mesh?.expose);
  const path = platform.loadTest?.path ?? exposed[0]?.spec.mesh?.expose?.paths[0] ?? '/';
  const target = services.find((s) => s.spec.autoscaling);
  const url = host ? `https://${host}${path}` : target ? `http://${target.identity.name}.${target.namespace}.svc.cluster.local:${target.spec.port}${path}` : undefined;
  if (!url) return undefined;
  const requestsPerSecond: Record<string, number> = {};
  for (const c of clusters) {
    const mine = (host ? exposed : services).filter((s) => s.region === c.region);
    requestsPerSecond[c.region] = platform.loadTest?.requestsPerSecond ?? mine.reduce((sum, s) => sum + (s.spec.autoscaling?.peakRequestsPerSecond ?? 0), 0);
  }
  return Object.values(requestsPerSecond).some((r) => r > 0) ? { url, requestsPerSecond } : undefined;
}

/**
 * Declared dependencies whose pods run in `namespace` but are not rendered here (an external
 * service's or a broker's): the namespace's ResourceQuota could not size them, so it gets none.
 */
export function foreignPodsIn(platform: PlatformSpec, namespace: string): string[] {
  // A dependency declared in a namespace with a data tier (an external service's pod labels, a
  // broker) is that tier: a Redis Cluster sized here, or an operator-run cluster (operatorRunPodsIn).
  const data = platform.namespaces[namespace]?.data ?? {};
  if (Object.values(data).some((clusters) => Object.keys(clusters ?? {}).length > 0)) return [];
  const names = new Set<string>();
  for (const [name, ext] of Object.entries(platform.mesh?.externalServices ?? {})) if (ext.namespace === namespace) names.add(name);
  for (const ns of Object.values(platform.namespaces)) {
    for (const [name, broker] of Object.entries(ns.async?.brokers ?? {})) if (broker.namespace === namespace) names.add(name);
  }
  return [...names].sort();
}

/**
 * Operator-run data clusters of a namespace: CloudNativePG, Strimzi and the RabbitMQ operator
 * create their pods (instances, poolers, brokers) at run time, so the namespace gets no quota
 * that could refuse them. By design, so no warning (unlike foreignPodsIn's).
 */
export function operatorRunPodsIn(platform: PlatformSpec, namespace: string): string[] {
  const data = platform.namespaces[namespace]?.data;
  return (['postgres', 'kafka', 'rabbitmq'] as const).flatMap((kind) => Object.keys(data?.[kind] ?? {}).sort().map((name) => `${kind}/${name}`));
}

function triggerAuths(platform: PlatformSpec, namespace: string, workloads: readonly Workload[], out?: IssueCollectorLike): TriggerAuthModel[] {
  const brokers = platform.namespaces[namespace]?.async?.brokers ?? {};
  const used = new Set<string>();
  for (const w of workloads) if ('triggerAuthName' in w && w.triggerAuthName !== undefined) used.add(w.brokerKey);
  return [...used].sort().flatMap((key) => {
    const parameters = brokerSecretParameters(brokers[key]);
    if (parameters.length === 0) return [];
    const name = triggerAuthName(key);
    // The TriggerAuthentication carries its name as app.kubernetes.io/name, a label value.
    if (out) checkDerivedLabel('app.kubernetes.io/name', name, `${platform.name}.namespaces.${namespace}.async.brokers.${key}`, out);
    return [{ brokerKey: key, name, parameters }];
  });
}

/** The fully resolved, defaulted model of a platform; the spec must have passed validation. */
export function resolvePlatform(platform: PlatformSpec, options: ResolveOptions = {}): PlatformModel {
  const base = { name: platform.name, partOf: platform.partOf ?? platform.name };
  const graph = buildMeshGraph(platform);
  const behaviors = new Map<string, ReturnType<typeof resolveBehavior>>();
  const behavior: KindContext['behavior'] = (named) => {
    if (typeof named !== 'string') return named;
    if (!behaviors.has(named)) behaviors.set(named, resolveBehavior(platform, named));
    return behaviors.get(named);
  };

  const declaredServices = sortedKeys(platform.namespaces).flatMap((ns) => sortedKeys(platform.namespaces[ns].services));
  const clusters = resolveRegions(platform).map((region): ClusterModel => ({
    region: region.name,
    zones: region.zones,
    servicesNotRun: declaredServices.filter((s) => !region.namespaces.some((n) => n.services.some((r) => r.name === s))).sort(),
    namespaces: region.namespaces.map((namespace): NamespaceModel => {
      const ctx: KindContext = { platform, base, region: region.name, namespace, mesh: graph, behavior, out: options.out };
      const workloads = WORKLOAD_KINDS.flatMap((kind) => kind.resolve(ctx) as Workload[]);
      const external = platform.mesh?.externalServices ?? {};
      const called = new Set(namespace.services.flatMap((s) => s.spec.mesh?.callsExternal ?? []));
      return {
        name: namespace.name,
        labels: namespace.labels,
        workloads,
        triggerAuths: triggerAuths(platform, namespace.name, workloads, options.out),
        // Out-of-cluster dependencies of this namespace's services, registered with the mesh once per namespace.
        serviceEntries: platform.mesh
          ? [...called].sort().filter((name) => external[name]?.hosts).map((name) => ({
            name, hosts: external[name].hosts!, ports: external[name].ports, annotations: externalAnnotations(external[name]),
          }))
          : [],
        nodeTuning: [...new Set(workloads.map((w) => w.nodePool))].flatMap((pool) => {
          const key = sortedKeys(platform.nodePools).find((k) => platform.nodePools[k] === pool);
          return key !== undefined && pool.tuning ? [{ pool: key, tuning: pool.tuning }] : [];
        }).sort((a, b) => (a.pool < b.pool ? -1 : 1)),
        foreignPods: [...foreignPodsIn(platform, namespace.name), ...operatorRunPodsIn(platform, namespace.name)],
      };
    }),
  }));

  const loadTest = resolveLoadTest(platform, clusters, graph?.edge?.hosts[0]);
  return {
    name: platform.name,
    partOf: base.partOf,
    ...(loadTest ? { loadTest } : {}),
    clusters,
    priorityTiers: tiersInUse(platform),
    ...(hasServingPath(clusters, graph?.edge !== undefined) ? { servingPriorityClassName: servingPriorityClassName(platform.name) } : {}),
    ...(graph ? { mesh: graph.mesh } : {}),
    ...(graph?.edge ? { edge: graph.edge } : {}),
    gitops: {
      repoURL: platform.gitops.repoURL,
      targetRevision: platform.gitops.targetRevision ?? GITOPS_DEFAULTS.targetRevision,
      // The platform's own AppProject, never Argo CD's built-in `default` (see GITOPS_DEFAULTS).
      project: platform.gitops.project ?? platform.name,
      description: platform.description ?? `Platform ${platform.name}`,
    },
    observability: observabilityModel(platform),
    ...(platform.capacity ? { capacityPlan: resolveCapacityPlan(platform) } : {}),
  };
}

/** The SLO and alert thresholds, from the spec and the defaults table. */
function observabilityModel(platform: PlatformSpec): ObservabilityModel {
  const percent = platform.observability?.slo?.availability ?? OBSERVABILITY_DEFAULTS.availabilityPercent;
  // Rounded to 12 digits so 100 − 99.99 is 0.0001, not 0.00010000000000331966, in every rendered expression.
  const round = (x: number) => Number(x.toPrecision(12));
  const availability = round(percent / 100);
  return {
    meshed: platform.mesh !== undefined,
    availability,
    errorBudget: round(1 - availability),
    sloPeriodDays: OBSERVABILITY_DEFAULTS.sloPeriodDays,
    thresholds: OBSERVABILITY_DEFAULTS,
    sloWindows: SLO_BURN_WINDOWS,
    ...(platform.observability?.alerting ? { alerting: alertingModel(platform.name, platform.observability.alerting) } : {}),
  };
}

function alertingModel(platformName: string, spec: NonNullable<NonNullable<PlatformSpec['observability']>['alerting']>): AlertingModel {
  return {
    name: `${platformName}-${ALERTING_DEFAULTS.nameSuffix}`,
    namespace: spec.namespace,
    receivers: Object.keys(spec.receivers).sort().map((name) => ({ name, channel: spec.receivers[name] })),
    routes: Object.entries(spec.routes).map(([severity, r]) => ({
      severity, receiver: r.receiver,
      repeatInterval: r.repeatInterval ?? (severity === 'critical' ? ALERTING_DEFAULTS.repeatInterval.critical : ALERTING_DEFAULTS.repeatInterval.other),
    })),
  };
}

/** Whether any cluster serves requests: an HTTP service or the edge controllers. */
function hasServingPath(clusters: readonly ClusterModel[], edge: boolean): boolean {
  return edge || clusters.some((c) => c.namespaces.some((n) => n.workloads.some((w) => w.kind === 'http-service')));
}

/** Every workload of a model, cluster by cluster. */
export function allWorkloads(model: PlatformModel): Workload[] {
  return model.clusters.flatMap((c) => c.namespaces.flatMap((n) => n.workloads));
}

/** The size and connection budget of an external dependency, as ServiceEntry annotations for review. */
function externalAnnotations(spec: ExternalServiceSpec): Record<string, string> {
  return {
    ...(spec.sizing ? { [`${ANNOTATION_PREFIX}/topology`]: `${spec.sizing.shards} shards × ${spec.sizing.replicasPerShard} replicas per region` } : {}),
    ...(spec.connectionBudget ? { [`${ANNOTATION_PREFIX}/max-connections`]: String(spec.connectionBudget.maxConnections) } : {}),
  };
}
