/**
 * One Grafana dashboard per platform (in each region's cluster, whose Grafana reads that cluster's
 * Prometheus), as JSON in a ConfigMap that Grafana's dashboard sidecar loads (label
 * `grafana_dashboard: "1"`, the kube-prometheus-stack default). Namespace by namespace it shows
 * the golden signals of each HTTP service (traffic, errors, latency with the same expressions the
 * alerts use, CPU saturation), the HPA's own request metric, the depth or lag of each scaled
 * async workload, every HPA's replicas against its min and max, and the data tier's cache hit ratio.
 * Request series come from the sidecars under the mesh, else from the app (promql.ts).
 */
import { Construct } from 'constructs';
import type { ClusterModel, NamespaceModel, ObservabilityModel } from '../../model/types';
import * as k8s from '../k8s';
import type { ObjectMetadata } from '../object-metadata';
import { toApiMetadata } from '../object-metadata';
import { cacheHitRatioExpr } from './data-tier-monitor';
import { adapterRequestRate, errorRatioRecord, latencyP95Expr, matchers, ratioSelector, requestRate, signalsOf } from './promql';

export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

export interface Panel {
  readonly id: number;
  readonly type: 'timeseries';
  readonly title: string;
  readonly datasource: typeof DATASOURCE;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly fieldConfig: { readonly defaults: { readonly unit: string }; readonly overrides: readonly never[] };
  readonly targets: readonly { readonly refId: string; readonly expr: string; readonly legendFormat: string; readonly datasource: typeof DATASOURCE }[];
}

type Workload = NamespaceModel['workloads'][number];

/** KEDA names the HPA it creates for a ScaledObject `keda-hpa-<name>`; a plain HPA has the workload's name. */
function hpaName(w: Workload): string | undefined {
  if (w.kind === 'http-service') return w.spec.autoscaling ? w.identity.name : w.spec.eventScaling ? `keda-hpa-${w.identity.name}` : undefined;
  // Beat and the data tier (Redis, CNPG instances, operator-managed Kafka and RabbitMQ) have no HPA.
  return w.kind === 'beat' || w.kind === 'redis-cluster' || w.kind === 'postgres-cluster' || w.kind === 'kafka-cluster' || w.kind === 'rabbitmq-cluster'
    ? undefined : `keda-hpa-${w.identity.name}`;
}

type Add = (title: string, unit: string, targets: [string, string][]) => void;

function namespacePanels(namespace: NamespaceModel, obs: ObservabilityModel, add: Add): void {
  const ns = namespace.name;
  const s = signalsOf(obs);
  const window = obs.thresholds.rateWindow;
  for (const w of namespace.workloads) {
    if (w.kind !== 'http-service') continue;
    const name = w.identity.name;
    const title = `${ns}/${name}`;
    add(`${title}: requests per second`, 'reqps', [[requestRate(s, ns, window, [], name), 'all'], [requestRate(s, ns, window, [s.serverError], name), '5xx']]);
    add(`${title}: 5xx ratio`, 'percentunit', [[`${errorRatioRecord(s, window)}${ratioSelector(s, ns, name)}`, '5xx ratio']]);
    add(`${title}: p95 latency`, 'ms', [[latencyP95Expr(s, ns, window, name), 'p95']]);
    const container = matchers({ namespace: ns, container: name });
    add(`${title}: CPU of the request`, 'percentunit', [[
      `sum(rate(container_cpu_usage_seconds_total{${container}}[${window}])) / sum(kube_pod_container_resource_requests{${container},resource="cpu"})`, 'cpu / request']]);
    if (w.spec.autoscaling?.requestsPerSecondPerPod !== undefined) {
      add(`${title}: requests per pod (the HPA's metric)`, 'reqps', [[adapterRequestRate(s, ns, name), '{{pod}}']]);
    }
  }
  for (const w of namespace.workloads) {
    if (w.kind !== 'queue-worker' && w.kind !== 'kafka-consumer' && w.kind !== 'batch-writer') continue;
    const title = w.kind === 'queue-worker' ? `${ns}/queue ${w.queue}: depth` : w.kind === 'kafka-consumer' ? `${ns}/${w.identity.name}: consumer lag` : `${ns}/${w.identity.name}: backlog`;
    add(title, 'short', [[`max by (scaledObject) (keda_scaler_metrics_value{${matchers({ exported_namespace: ns, scaledObject: w.identity.name })}})`, '{{scaledObject}}']]);
  }
  for (const w of namespace.workloads) {
    const hpa = hpaName(w);
    if (!hpa) continue;
    const sel = `{${matchers({ namespace: ns, horizontalpodautoscaler: hpa })}}`;
    add(`${ns}/${w.identity.name}: replicas (HPA ${hpa})`, 'short', [
      [`kube_horizontalpodautoscaler_status_current_replicas${sel}`, 'current'],
      [`kube_horizontalpodautoscaler_spec_min_replicas${sel}`, 'min'],
      [`kube_horizontalpodautoscaler_spec_max_replicas${sel}`, 'max'],
    ]);
  }
  for (const w of namespace.workloads) {
    if (w.kind !== 'redis-cluster') continue;
    add(`${ns}/${w.identity.name}: cache hit ratio`, 'percentunit', [[cacheHitRatioExpr([ns], window, w.identity.name), 'hits / lookups']]);
  }
}

/** Every panel of one cluster's dashboard, namespace by namespace in model order, two to a row. */
export function dashboardPanels(cluster: ClusterModel, obs: ObservabilityModel): Panel[] {
  const panels: Panel[] = [];
  const add: Add = (title, unit, targets) => {
    const i = panels.length;
    panels.push({
      id: i + 1, type: 'timeseries', title, datasource: DATASOURCE,
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit }, overrides: [] },
      targets: targets.map(([expr, legendFormat], t) => ({ refId: String.fromCharCode(65 + t), expr, legendFormat, datasource: DATASOURCE })),
    });
  };
  for (const namespace of cluster.namespaces) namespacePanels(namespace, obs, add);
  return panels;
}

/** The namespace that holds the dashboard: the first with an HTTP service, else the first with a workload. */
export function dashboardNamespace(cluster: ClusterModel): string | undefined {
  return (cluster.namespaces.find((n) => n.workloads.some((w) => w.kind === 'http-service')) ?? cluster.namespaces.find((n) => n.workloads.length > 0))?.name;
}

export function dashboardJson(title: string, uid: string, panels: readonly Panel[]): string {
  return JSON.stringify({
    uid, title, editable: false, schemaVersion: 39, version: 1, timezone: 'utc', refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' }] },
    panels,
  }, null, 2);
}

export class PlatformDashboard extends Construct {
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: ObjectMetadata & { readonly title: string; readonly uid: string; readonly panels: readonly Panel[] }) {
    super(scope, id);
    const meta = toApiMetadata(props);
    this.configMap = new k8s.KubeConfigMap(this, 'config-map', {
      metadata: { ...meta, labels: { ...meta.labels, ...DASHBOARD_LABEL } },
      data: { [`${props.uid}.json`]: dashboardJson(props.title, props.uid, props.panels) },
    });
  }
}
