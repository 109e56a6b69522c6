/**
 * A Grafana dashboard per platform namespace, as JSON in a ConfigMap that Grafana's dashboard
 * sidecar loads (label `grafana_dashboard: "1"`, the kube-prometheus-stack default). It shows the
 * golden signals of each HTTP service (the same expressions the alerts use), the backlog of each
 * scaled async workload, and every HPA's replicas against its min and max.
 */
import { Construct } from 'constructs';
import type { NamespaceModel, ObservabilityModel } from '../../model/types';
import * as k8s from '../k8s';
import type { ObjectMetadata } from '../object-metadata';
import { toApiMetadata } from '../object-metadata';
import { errorRatioRecord, latencyP95Expr } from './alert-rules';
import { adapterRequestRate, matchers, requestRate } from './promql';

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

/** KEDA names the HPA it creates for a ScaledObject `keda-hpa-<name>`; a plain HPA has the workload's name. */
function hpaName(w: NamespaceModel['workloads'][number]): string | undefined {
  if (w.kind === 'http-service') return w.spec.autoscaling ? w.identity.name : w.spec.eventScaling ? `keda-hpa-${w.identity.name}` : undefined;
  // Operator-managed data clusters have no HPA.
  if (w.kind === 'kafka-cluster' || w.kind === 'rabbitmq-cluster') return undefined;
  return w.kind === 'beat' ? undefined : `keda-hpa-${w.identity.name}`;
}

export function dashboardPanels(namespace: NamespaceModel, obs: ObservabilityModel): Panel[] {
  const panels: Panel[] = [];
  const ns = namespace.name;
  const add = (title: string, unit: string, targets: [string, string][]) => {
    const i = panels.length;
    panels.push({
      id: i + 1, type: 'timeseries', title, datasource: DATASOURCE,
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit }, overrides: [] },
      targets: targets.map(([expr, legendFormat], t) => ({ refId: String.fromCharCode(65 + t), expr, legendFormat, datasource: DATASOURCE })),
    });
  };
  const window = obs.thresholds.rateWindow;
  for (const w of namespace.workloads) {
    if (w.kind !== 'http-service' || !obs.meshed) continue;
    const name = w.identity.name;
    const one = matchers({ destination_workload: name });
    add(`${name}: requests per second`, 'reqps', [[`${requestRate(ns, window, [one])}`, 'all'], [`${requestRate(ns, window, [one, 'response_code=~"5.."'])}`, '5xx']]);
    add(`${name}: 5xx ratio`, 'percentunit', [[`${errorRatioRecord(window)}{${matchers({ destination_workload_namespace: ns, destination_workload: name })}}`, '5xx ratio']]);
    add(`${name}: p95 latency`, 'ms', [[latencyP95Expr(ns, window, [one]), 'p95']]);
    add(`${name}: requests per pod (the HPA's metric)`, 'reqps', [[adapterRequestRate(ns, name), '{{pod}}']]);
  }
  for (const w of namespace.workloads) {
    if (w.kind !== 'queue-worker' && w.kind !== 'kafka-consumer' && w.kind !== 'batch-writer') continue;
    const title = w.kind === 'queue-worker' ? `queue ${w.queue}: depth` : w.kind === 'kafka-consumer' ? `${w.identity.name}: consumer lag` : `${w.identity.name}: backlog`;
    add(title, 'short', [[`max by (scaledObject) (keda_scaler_metrics_value{${matchers({ exported_namespace: ns, scaledObject: w.identity.name })}})`, '{{scaledObject}}']]);
  }
  for (const w of namespace.workloads) {
    const hpa = hpaName(w);
    if (!hpa) continue;
    const sel = `{${matchers({ namespace: ns, horizontalpodautoscaler: hpa })}}`;
    add(`${w.identity.name}: replicas (HPA ${hpa})`, 'short', [
      [`kube_horizontalpodautoscaler_status_current_replicas${sel}`, 'current'],
      [`kube_horizontalpodautoscaler_spec_min_replicas${sel}`, 'min'],
      [`kube_horizontalpodautoscaler_spec_max_replicas${sel}`, 'max'],
    ]);
  }
  return panels;
}

export function dashboardJson(title: string, uid: string, panels: readonly Panel[]): string {
  return JSON.stringify({
    uid, title, editable: false, schemaVersion: 39, version: 1, timezone: 'utc', refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' }] },
    panels,
  }, null, 2);
}

export class NamespaceDashboard extends Construct {
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
