/**
 * Small PromQL builders shared by the alert rules and the dashboard: label matchers, and the
 * request series of each platform, so alerts, dashboards and autoscaling all count the same
 * requests (the HPA's adapter rule reads the same series: addons/metrics-rules.ts).
 *
 * Two sources of golden signals:
 * - mesh: Istio's standard metrics from each pod's sidecar (`reporter="destination"`), labelled
 *   by destination workload; latency in milliseconds;
 * - app (no mesh, so no istio_* series): the application contract (README), the app's own
 *   `http_requests_total{code}` and `http_request_duration_seconds` histogram, scraped by the
 *   service's ServiceMonitor, which labels every series with `namespace` and `service`.
 */
import type { ObservabilityModel } from '../../model/types';
import {
  APP_REQUEST_RATE_QUERY, APP_REQUEST_SERIES, REQUEST_RATE_QUERY, REQUEST_RATE_SERIES, RequestSource,
} from '../addons/metrics-rules';

/** Label values are quoted as PromQL strings: JSON's escaping is a subset PromQL accepts. */
export function matchers(labels: Readonly<Record<string, string>>, extra: readonly string[] = []): string {
  return [...Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...extra].join(',');
}

export interface RequestSignals {
  readonly source: RequestSource;
  /** Counter of requests served. */
  readonly requests: string;
  /** Histogram buckets of request duration. */
  readonly durationBuckets: string;
  /** Factor from the histogram's unit to milliseconds. */
  readonly toMs: number;
  readonly serverError: string;
  /** The namespace and workload labels of the series. */
  readonly namespaceLabel: string;
  readonly workloadLabel: string;
  /** Matchers every selection carries. */
  readonly base: Readonly<Record<string, string>>;
  /** Prefix of the recorded 5xx ratios (`<prefix>:rate5m`). */
  readonly ratioRecord: string;
}

export const MESH_SIGNALS: RequestSignals = {
  source: 'mesh',
  requests: REQUEST_RATE_SERIES,
  durationBuckets: 'istio_request_duration_milliseconds_bucket',
  toMs: 1,
  serverError: 'response_code=~"5.."',
  namespaceLabel: 'destination_workload_namespace',
  workloadLabel: 'destination_workload',
  base: { reporter: 'destination' },
  ratioRecord: 'namespace_workload:istio_requests_error_ratio',
};

export const APP_SIGNALS: RequestSignals = {
  source: 'app',
  requests: APP_REQUEST_SERIES,
  durationBuckets: 'http_request_duration_seconds_bucket',
  toMs: 1000,
  serverError: 'code=~"5.."',
  namespaceLabel: 'namespace',
  workloadLabel: 'service',
  base: {},
  ratioRecord: 'namespace_service:http_requests_error_ratio',
};

/** The series a platform's golden signals are read from: the sidecars' under the mesh, else the app's own. */
export function signalsOf(obs: Pick<ObservabilityModel, 'meshed'>): RequestSignals {
  return obs.meshed ? MESH_SIGNALS : APP_SIGNALS;
}

export function workloadLabels(s: RequestSignals): string {
  return `${s.namespaceLabel}, ${s.workloadLabel}`;
}

/** Matchers of a namespace's (or one workload's) requests. */
export function requestMatchers(s: RequestSignals, namespace: string, workload?: string, extra: readonly string[] = []): string {
  return matchers({ ...s.base, [s.namespaceLabel]: namespace, ...(workload !== undefined ? { [s.workloadLabel]: workload } : {}) }, extra);
}

/** Requests per second per workload over `window`. */
export function requestRate(s: RequestSignals, namespace: string, window: string, extra: readonly string[] = [], workload?: string): string {
  return `sum by (${workloadLabels(s)}) (rate(${s.requests}{${requestMatchers(s, namespace, workload, extra)}}[${window}]))`;
}

/** p95 request latency per workload, in milliseconds. */
export function latencyP95Expr(s: RequestSignals, namespace: string, window: string, workload?: string): string {
  const quantile = `histogram_quantile(0.95, sum by (${workloadLabels(s)}, le) (rate(${s.durationBuckets}{${requestMatchers(s, namespace, workload)}}[${window}])))`;
  return s.toMs === 1 ? quantile : `${quantile} * ${s.toMs}`;
}

/** Recorded per workload, so alerts and burn rates divide once. */
export function errorRatioRecord(s: RequestSignals, window: string): string {
  return `${s.ratioRecord}:rate${window}`;
}

export function errorRatioExpr(s: RequestSignals, namespace: string, window: string): string {
  return `${requestRate(s, namespace, window, [s.serverError])} / ${requestRate(s, namespace, window)}`;
}

/** Selects a namespace's (or one workload's) recorded ratio. */
export function ratioSelector(s: RequestSignals, namespace: string, workload?: string): string {
  return `{${matchers({ [s.namespaceLabel]: namespace, ...(workload !== undefined ? { [s.workloadLabel]: workload } : {}) })}}`;
}

/**
 * The adapter's own per-pod request-rate query, with its template filled in as the adapter
 * would: what the HPA sees, for the dashboard's "requests per pod" panel.
 */
export function adapterRequestRate(s: RequestSignals, namespace: string, workload: string): string {
  return (s.source === 'mesh' ? REQUEST_RATE_QUERY : APP_REQUEST_RATE_QUERY)
    .replace('<<.Series>>', s.requests)
    .replace('<<.LabelMatchers>>', matchers({ namespace, [s.source === 'mesh' ? 'destination_workload' : 'service']: workload }))
    .replace('<<.GroupBy>>', 'pod');
}
