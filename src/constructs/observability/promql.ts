/**
 * Small PromQL builders shared by the alert rules and the dashboard: label matchers, and the
 * Istio request series the HPA's adapter rule reads (addons/metrics-rules.ts), so alerts,
 * dashboards and autoscaling all count the same requests.
 */
import { REQUEST_RATE_QUERY, REQUEST_RATE_SERIES } from '../addons/metrics-rules';

/** Label values are quoted as PromQL strings: JSON's escaping is a subset PromQL accepts. */
export function matchers(labels: Readonly<Record<string, string>>, extra: readonly string[] = []): string {
  return [...Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...extra].join(',');
}

/** Requests a namespace's pods received, as their own sidecars report them. */
export const REQUEST_DURATION_BUCKETS = 'istio_request_duration_milliseconds_bucket';
export const SERVER_ERROR_MATCHER = 'response_code=~"5.."';
export const WORKLOAD_LABELS = ['destination_workload_namespace', 'destination_workload'] as const;

export function requestMatchers(namespace: string, extra: readonly string[] = []): string {
  return matchers({ reporter: 'destination', destination_workload_namespace: namespace }, extra);
}

/** Requests per second per destination workload over `window`. */
export function requestRate(namespace: string, window: string, extra: readonly string[] = []): string {
  return `sum by (${WORKLOAD_LABELS.join(', ')}) (rate(${REQUEST_RATE_SERIES}{${requestMatchers(namespace, extra)}}[${window}]))`;
}

/**
 * The adapter's own per-pod request-rate query, with its template filled in as the adapter
 * would: what the HPA sees, for the dashboard's "requests per pod" panel.
 */
export function adapterRequestRate(namespace: string, workload: string): string {
  return REQUEST_RATE_QUERY
    .replace('<<.Series>>', REQUEST_RATE_SERIES)
    .replace('<<.LabelMatchers>>', matchers({ namespace, destination_workload: workload }))
    .replace('<<.GroupBy>>', 'pod');
}
