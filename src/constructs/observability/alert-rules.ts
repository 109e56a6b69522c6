/**
 * The alert and recording rules of one platform namespace, as data (PrometheusRule groups).
 * Every number comes from the model (OBSERVABILITY_DEFAULTS, the workloads' own scaling
 * bounds); this file only shapes PromQL around them.
 *
 * Sources of the series:
 * - golden signals: Istio's standard metrics from each pod's sidecar (`reporter="destination"`),
 *   or without the mesh the app's own request metrics (promql.ts, `signalsOf`);
 * - pods, HPAs, PDBs: kube-state-metrics; CPU: the kubelet's cAdvisor;
 * - queue depth and consumer lag: KEDA's operator (`keda_scaler_metrics_value`, the value each
 *   trigger last read). Prometheus scrapes it in KEDA's namespace, so the ScaledObject's own
 *   namespace label arrives as `exported_namespace`;
 * - data tier: CloudNativePG's exporter (`cnpg_pg_replication_lag`, seconds) and redis_exporter.
 */
import type { NamespaceModel, ObservabilityModel, Workload } from '../../model/types';
import { errorRatioExpr, errorRatioRecord, latencyP95Expr, matchers, ratioSelector, RequestSignals, signalsOf } from './promql';
import { cacheHitRatioExpr, DATA_WORKLOAD_LABEL } from './data-tier-monitor';
import { sloRuleGroup } from './slo-rules';

export type Severity = 'critical' | 'warning';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: Severity } & Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string };
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly (AlertRule | RecordingRule)[];
}

function alert(name: string, severity: Severity, expr: string, forDuration: string, summary: string, description: string, labels: Record<string, string> = {}): AlertRule {
  return { alert: name, expr, for: forDuration, labels: { severity, ...labels }, annotations: { summary, description } };
}

/** Latency and errors of the namespace's HTTP services, from the sidecars' series or the app's own (promql.ts). */
export function goldenSignalGroup(namespace: string, obs: ObservabilityModel): RuleGroup {
  const { critical, warning, rateWindow } = obs.thresholds;
  const f = obs.thresholds.for;
  const s = signalsOf(obs);
  const ratio = `${errorRatioRecord(s, rateWindow)}${ratioSelector(s, namespace)}`;
  const who = `{{ $labels.${s.workloadLabel} }} in {{ $labels.${s.namespaceLabel} }}`;
  return {
    name: `${namespace}-golden-signals`,
    rules: [
      alert('HttpLatencyP95Critical', 'critical', `${latencyP95Expr(s, namespace, rateWindow)} > ${critical.latencyP95Ms}`, f.latency,
        `p95 latency above ${critical.latencyP95Ms} ms`, `${who}: p95 is {{ $value }} ms over ${rateWindow}.`),
      alert('HttpLatencyP95Warning', 'warning', `${latencyP95Expr(s, namespace, rateWindow)} > ${warning.latencyP95Ms}`, f.latency,
        `p95 latency above ${warning.latencyP95Ms} ms`, `${who}: p95 is {{ $value }} ms over ${rateWindow}.`),
      alert('HttpErrorRateCritical', 'critical', `${ratio} > ${critical.errorRatio}`, f.errorRate,
        `5xx ratio above ${critical.errorRatio * 100} %`, `${who}: {{ $value | humanizePercentage }} of requests fail.`),
      alert('HttpErrorRateWarning', 'warning', `${ratio} > ${warning.errorRatio}`, f.errorRate,
        `5xx ratio above ${warning.errorRatio * 100} %`, `${who}: {{ $value | humanizePercentage }} of requests fail.`),
    ],
  };
}

/** Pods, CPU, HPAs and PDBs of every workload of the namespace. */
export function workloadHealthGroup(namespace: string, obs: ObservabilityModel): RuleGroup {
  const { warning, rateWindow } = obs.thresholds;
  const f = obs.thresholds.for;
  const ns = matchers({ namespace });
  const byContainer = 'namespace, pod, container';
  return {
    name: `${namespace}-workloads`,
    rules: [
      alert('PodCrashLooping', 'critical',
        `max_over_time(kube_pod_container_status_waiting_reason{${matchers({ namespace, reason: 'CrashLoopBackOff' })}}[5m]) >= 1`, f.crashLoop,
        'Container crash looping', '{{ $labels.namespace }}/{{ $labels.pod }} container {{ $labels.container }} is in CrashLoopBackOff.'),
      // Against the request: the workloads run Guaranteed QoS (request = limit), and the HPA's utilization is of the request too.
      alert('ContainerCpuHigh', 'warning',
        `sum by (${byContainer}) (rate(container_cpu_usage_seconds_total{${matchers({ namespace }, ['container!=""'])}}[${rateWindow}])) / ` +
        `sum by (${byContainer}) (kube_pod_container_resource_requests{${matchers({ namespace, resource: 'cpu' })}}) > ${warning.cpuUtilization}`, f.cpu,
        `CPU above ${warning.cpuUtilization * 100} % of the request`, '{{ $labels.namespace }}/{{ $labels.pod }} {{ $labels.container }} uses {{ $value | humanizePercentage }} of its CPU request.'),
      alert('HpaPinnedAtMaxReplicas', 'warning',
        `kube_horizontalpodautoscaler_status_current_replicas{${ns}} >= on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`, f.hpaAtMax,
        'HPA at maxReplicas', `{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at maxReplicas for ${f.hpaAtMax}: demand may exceed the ceiling.`),
      alert('PdbNoDisruptionsAllowed', 'warning',
        `kube_poddisruptionbudget_status_pod_disruptions_allowed{${ns}} == 0`, f.pdbBlocked,
        'PodDisruptionBudget allows no disruption', `{{ $labels.namespace }}/{{ $labels.poddisruptionbudget }} has allowed 0 disruptions for ${f.pdbBlocked}: node drains are blocked.`),
    ],
  };
}

/**
 * Backlog per scaled async workload, over what the workload drains at full scale: KEDA targets
 * `perWorker` items per replica, so a backlog above maxWorkers × perWorker means even the
 * ceiling cannot keep up.
 */
export function backlogGroup(namespace: string, workloads: readonly Workload[], obs: ObservabilityModel): RuleGroup | undefined {
  const rules: AlertRule[] = [];
  for (const w of workloads) {
    const value = (labels: Record<string, string>) =>
      `max by (exported_namespace, scaledObject) (keda_scaler_metrics_value{${matchers({ exported_namespace: namespace, scaledObject: w.identity.name, ...labels })}})`;
    if (w.kind === 'queue-worker') {
      const perWorker = w.spec.messagesPerWorker ?? w.spec.concurrency * w.spec.prefetchMultiplier;
      const limit = w.spec.maxWorkers * perWorker;
      rules.push(alert('CeleryQueueBacklog', 'warning', `${value({})} > ${limit}`, obs.thresholds.for.queueDepth,
        `Celery queue ${w.queue} backlog above ${limit}`,
        `Queue ${w.queue} holds {{ $value }} messages, more than ${w.spec.maxWorkers} workers × ${perWorker} drain at full scale.`,
        { queue: w.queue }));
    } else if (w.kind === 'kafka-consumer') {
      // A group never has more busy consumers than partitions.
      const limit = Math.min(w.spec.maxWorkers, w.spec.partitions) * w.spec.lagPerWorker;
      rules.push(alert('KafkaConsumerLag', 'warning', `${value({})} > ${limit}`, obs.thresholds.for.queueDepth,
        `Kafka consumer group ${w.spec.consumerGroup} lag above ${limit}`,
        `Group ${w.spec.consumerGroup} on ${w.spec.topic} lags {{ $value }} messages.`,
        { topic: w.spec.topic, consumer_group: w.spec.consumerGroup }));
    }
  }
  return rules.length > 0 ? { name: `${namespace}-backlog`, rules } : undefined;
}

/** The namespaces the workloads reach beyond their brokers (their database and cache), in order. */
export function dependencyNamespaces(workloads: readonly Workload[]): string[] {
  const seen = new Set<string>();
  for (const w of workloads) {
    if (!('egress' in w)) continue;
    // The broker is always the first egress peer; its own health is KEDA's backlog.
    const brokers = new Set('broker' in w ? [w.broker.namespace] : []);
    for (const peer of w.egress.slice(1)) if (!brokers.has(peer.namespace)) seen.add(peer.namespace);
  }
  return [...seen].sort();
}

/** Replication lag and cache hit ratio of the data tier the namespace's workloads use. */
export function dataTierGroup(namespace: string, dataNamespaces: readonly string[], obs: ObservabilityModel): RuleGroup | undefined {
  if (dataNamespaces.length === 0) return undefined;
  const { critical, warning, rateWindow } = obs.thresholds;
  const f = obs.thresholds.for;
  const ns = `namespace=~${JSON.stringify(dataNamespaces.join('|'))}`;
  return {
    name: `${namespace}-data-tier`,
    rules: [
      alert('PostgresReplicationLag', 'critical', `max by (namespace, pod) (cnpg_pg_replication_lag{${ns}}) > ${critical.replicationLagSeconds}`, f.replicationLag,
        `Replica more than ${critical.replicationLagSeconds} s behind`, '{{ $labels.namespace }}/{{ $labels.pod }} replays {{ $value }} s behind its primary.'),
      // redis_exporter's counters, scraped from each node's sidecar (data-tier-monitor.ts).
      alert('RedisCacheHitRatioLow', 'warning', `${cacheHitRatioExpr(dataNamespaces, rateWindow)} < ${warning.cacheHitRatio}`, f.cacheHitRatio,
        `Cache hit ratio below ${warning.cacheHitRatio * 100} %`, `{{ $labels.namespace }}/{{ $labels.${DATA_WORKLOAD_LABEL} }} hits {{ $value | humanizePercentage }} of lookups.`),
    ],
  };
}

/** Every rule group of one namespace, in a fixed order. */
export function namespaceRuleGroups(namespace: NamespaceModel, obs: ObservabilityModel): RuleGroup[] {
  const services = namespace.workloads.filter((w) => w.kind === 'http-service');
  const groups: (RuleGroup | undefined)[] = [
    // Golden signals from the sidecars, or without the mesh from the app's own metrics; the SLO is measured by the mesh only (mesh-required).
    ...(services.length > 0 ? [sloRecordingGroup(namespace.name, obs), goldenSignalGroup(namespace.name, obs), ...(obs.meshed ? [sloRuleGroup(namespace.name, obs)] : [])] : []),
    workloadHealthGroup(namespace.name, obs),
    backlogGroup(namespace.name, namespace.workloads, obs),
    dataTierGroup(namespace.name, dependencyNamespaces(namespace.workloads), obs),
  ];
  return groups.filter((g): g is RuleGroup => g !== undefined);
}

/** Error ratios per workload over every window the alerts read (without the mesh: the error-rate alerts' own). */
export function sloRecordingGroup(namespace: string, obs: ObservabilityModel): RuleGroup {
  const s: RequestSignals = signalsOf(obs);
  const windows = obs.meshed ? ratioWindows(obs) : [obs.thresholds.rateWindow];
  return {
    name: `${namespace}-request-ratios`,
    rules: windows.map((window) => ({ record: errorRatioRecord(s, window), expr: errorRatioExpr(s, namespace, window) })),
  };
}

/** The 5xx-ratio windows: the error-rate alerts' own, then each burn-rate window, shortest first. */
export function ratioWindows(obs: ObservabilityModel): string[] {
  const windows = new Set<string>([obs.thresholds.rateWindow]);
  for (const w of obs.sloWindows) { windows.add(w.short); windows.add(w.long); }
  return [...windows].sort((a, b) => seconds(a) - seconds(b));
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };
function seconds(d: string): number {
  const m = /^(\d+)([smhd])$/.exec(d);
  if (!m) throw new Error(`not a simple Prometheus duration: ${d}`);
  return Number(m[1]) * UNIT_SECONDS[m[2]];
}
