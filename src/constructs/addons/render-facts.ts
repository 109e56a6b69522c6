/**
 * What a cluster folder's rendered objects need from the cluster's add-ons, read from the objects
 * themselves (plain JSON, as synthesized or as loaded from dist/). The charts pass these facts to
 * `addonApplications`, and the render rule recomputes them to check the Applications.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GroupKind, groupKindKey } from './catalogue';

export interface RenderedObject {
  readonly file: string;
  readonly object: unknown;
}

export interface ClusterRenderFacts {
  readonly cluster: string;
  /** Every group/kind rendered in the folder, sorted. */
  readonly kinds: readonly GroupKind[];
  /** IngressClass names the rendered Ingresses use. */
  readonly ingressClasses: readonly string[];
  /** Whether any rendered namespace has sidecar injection on. */
  readonly meshed: boolean;
  /** Metric names of the HPAs' `Pods` metrics. */
  readonly podsMetrics: readonly string[];
  /** extensionProviders the rendered Telemetry objects reference. */
  readonly tracingProviders: readonly string[];
  /** Longest preStop sleep plus drain of the folder's pods, in seconds (0 without preStop hooks). */
  readonly terminationDrainSeconds: number;
  /** Labels of each rendered Namespace. */
  readonly namespaceLabels: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

type Json = Record<string, any>;

const asJson = (value: unknown): Json => (value !== null && typeof value === 'object' ? (value as Json) : {});

const clusterOfFileMemo = new Map<string, string | undefined>();

/**
 * The cluster a rendered file belongs to: cluster folders hold `NN-<name>.yaml` files
 * (`<platform>/<cluster>/00-cluster.yaml`); platform-level files (the ApplicationSet, add-ons) have none.
 */
export function clusterOfFile(file: string): string | undefined {
  // Asked once per object by several rules, of a few dozen distinct files.
  if (clusterOfFileMemo.has(file)) return clusterOfFileMemo.get(file);
  const parts = file.split('/');
  const cluster = parts.length < 2 || !/^\d\d-[^/]*\.ya?ml$/.test(parts[parts.length - 1]) ? undefined : parts[parts.length - 2];
  clusterOfFileMemo.set(file, cluster);
  return cluster;
}

export function groupKindOf(object: unknown): GroupKind | undefined {
  const { apiVersion, kind } = asJson(object);
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return { group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', kind };
}

/** The pod specs a workload object renders (none for other kinds). */
export function podSpecsOf(object: unknown): Json[] {
  const o = asJson(object);
  switch (o.kind) {
    case 'Pod': return [asJson(o.spec)];
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return [asJson(o.spec?.template?.spec)];
    case 'CronJob': return [asJson(o.spec?.jobTemplate?.spec?.template?.spec)];
    default: return [];
  }
}

/**
 * How long a pod may still be serving after deletion starts: its preStop sleep plus the server's
 * drain. The render does not say how long the server drains, but the grace period bounds both
 * (the spec requires it to exceed their sum), so a pod with a preStop hook counts its grace period.
 * Pods without one take no load-balanced traffic to drain; native sidecars outlive them anyway.
 */
export function podDrainSeconds(pod: Json): number {
  const containers: Json[] = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
  if (!containers.some((c) => c?.lifecycle?.preStop)) return 0;
  const sleeps = containers.map((c) => Number(c?.lifecycle?.preStop?.sleep?.seconds ?? 0));
  // Kubernetes defaults the grace period to 30 s.
  return Math.max(Number(pod.terminationGracePeriodSeconds ?? 30), ...sleeps);
}

/** Facts of one cluster's objects. */
export function clusterFacts(cluster: string, objects: readonly unknown[]): ClusterRenderFacts {
  const kinds = new Map<string, GroupKind>();
  const ingressClasses = new Set<string>();
  const podsMetrics = new Set<string>();
  const providers = new Set<string>();
  const namespaceLabels: Record<string, Record<string, string>> = {};
  let drain = 0;
  for (const object of objects) {
    const o = asJson(object);
    const gk = groupKindOf(o);
    if (!gk) continue;
    kinds.set(groupKindKey(gk), gk);
    if (gk.kind === 'Ingress' && typeof o.spec?.ingressClassName === 'string') ingressClasses.add(o.spec.ingressClassName);
    if (gk.kind === 'HorizontalPodAutoscaler') {
      for (const m of o.spec?.metrics ?? []) if (m?.type === 'Pods' && m.pods?.metric?.name) podsMetrics.add(m.pods.metric.name);
    }
    if (gk.group === 'telemetry.istio.io' && gk.kind === 'Telemetry') {
      for (const t of o.spec?.tracing ?? []) for (const p of t?.providers ?? []) if (p?.name) providers.add(p.name);
    }
    if (gk.group === '' && gk.kind === 'Namespace' && o.metadata?.name) namespaceLabels[o.metadata.name] = { ...(o.metadata.labels ?? {}) };
    for (const pod of podSpecsOf(o)) drain = Math.max(drain, podDrainSeconds(pod));
  }
  const sortedKinds = [...kinds.keys()].sort().map((k) => kinds.get(k)!);
  return {
    cluster,
    kinds: sortedKinds,
    ingressClasses: [...ingressClasses].sort(),
    meshed: Object.values(namespaceLabels).some((l) => l['istio-injection'] === 'enabled')
      || sortedKinds.some((k) => k.group.endsWith('.istio.io')),
    podsMetrics: [...podsMetrics].sort(),
    tracingProviders: [...providers].sort(),
    terminationDrainSeconds: drain,
    namespaceLabels,
  };
}

/** Facts per cluster folder of a render (files outside cluster folders are skipped). */
export function renderFacts(objects: readonly RenderedObject[]): Map<string, ClusterRenderFacts> {
  const byCluster = new Map<string, unknown[]>();
  for (const { file, object } of objects) {
    const cluster = clusterOfFile(file);
    if (cluster === undefined) continue;
    if (!byCluster.has(cluster)) byCluster.set(cluster, []);
    byCluster.get(cluster)!.push(object);
  }
  const out = new Map<string, ClusterRenderFacts>();
  for (const cluster of [...byCluster.keys()].sort()) out.set(cluster, clusterFacts(cluster, byCluster.get(cluster)!));
  return out;
}

/** Kinds whose content the facts read; of every other kind only apiVersion and kind matter. */
const DETAIL_KINDS = new Set(['Namespace', 'Ingress', 'HorizontalPodAutoscaler', 'Telemetry', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * The same facts straight from the charts, before synth: only the objects whose content matters
 * are resolved to JSON (synth resolves everything again anyway), the rest by apiVersion and kind.
 */
export function renderFactsFromCharts(files: readonly { readonly path: string; readonly chart: IConstruct }[]): Map<string, ClusterRenderFacts> {
  const objects: RenderedObject[] = [];
  for (const { path, chart } of files) {
    if (clusterOfFile(path) === undefined) continue;
    for (const o of chart.node.findAll()) {
      if (!(o instanceof ApiObject)) continue;
      objects.push({ file: path, object: DETAIL_KINDS.has(o.kind) ? o.toJson() : { apiVersion: o.apiVersion, kind: o.kind } });
    }
  }
  return renderFacts(objects);
}
