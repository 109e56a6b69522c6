/**
 * The custom-metrics the HPAs read, as prometheus-adapter rules: one place for the expressions, so
 * the adapter Application and the observability work (dashboards, alerts) use the same query.
 *
 * The request rate comes from Istio's standard `istio_requests_total`, reported by the serving
 * pod's own sidecar (`reporter="destination"`), so it counts requests the pod actually received,
 * edge and mesh callers alike. It needs the series scraped with `namespace` and `pod` labels
 * (the PodMonitor on Istio's merged-metrics port relabels them so).
 */

export const REQUEST_RATE_SERIES = 'istio_requests_total';
export const REQUEST_RATE_WINDOW = '1m';

/** Per-pod requests per second: what an HPA `Pods` metric of this name averages over the pods. */
export const REQUEST_RATE_QUERY = `sum(rate(<<.Series>>{<<.LabelMatchers>>,reporter="destination"}[${REQUEST_RATE_WINDOW}])) by (<<.GroupBy>>)`;

export interface AdapterRule {
  readonly seriesQuery: string;
  readonly resources: { readonly overrides: Readonly<Record<string, { readonly resource: string }>> };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/** The adapter rule serving `metricName` as a Pods (and Namespace) custom metric. */
export function requestRateRule(metricName: string): AdapterRule {
  return {
    seriesQuery: `${REQUEST_RATE_SERIES}{namespace!="",pod!="",reporter="destination"}`,
    // The series' own labels name the objects the metric describes: per pod, and per namespace.
    resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    name: { matches: `^${REQUEST_RATE_SERIES}$`, as: metricName },
    metricsQuery: REQUEST_RATE_QUERY,
  };
}
