/**
 * The custom-metrics the HPAs read, as prometheus-adapter rules: one place for the expressions, so
 * the adapter Application and the observability work (dashboards, alerts) use the same query.
 *
 * Under the mesh the request rate comes from Istio's standard `istio_requests_total`, reported by
 * the serving pod's own sidecar (`reporter="destination"`), so it counts requests the pod actually
 * received, edge and mesh callers alike. Without the mesh it comes from the app's own
 * `http_requests_total` (the application contract in the README), scraped by the service's
 * ServiceMonitor. Either way the series carry the `namespace` and `pod` labels Prometheus adds
 * to every target, which is what the adapter maps to the pods an HPA averages over.
 */

export type RequestSource = 'mesh' | 'app';

export const REQUEST_RATE_SERIES = 'istio_requests_total';
/** The app contract's request counter (Prometheus client convention; label `code` is the HTTP status). */
export const APP_REQUEST_SERIES = 'http_requests_total';
export const REQUEST_RATE_WINDOW = '1m';

/** Per-pod requests per second: what an HPA `Pods` metric of this name averages over the pods. */
export const REQUEST_RATE_QUERY = `sum(rate(<<.Series>>{<<.LabelMatchers>>,reporter="destination"}[${REQUEST_RATE_WINDOW}])) by (<<.GroupBy>>)`;
export const APP_REQUEST_RATE_QUERY = `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${REQUEST_RATE_WINDOW}])) by (<<.GroupBy>>)`;

export interface AdapterRule {
  readonly seriesQuery: string;
  readonly resources: { readonly overrides: Readonly<Record<string, { readonly resource: string }>> };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/** The adapter rule serving `metricName` as a Pods (and Namespace) custom metric, from the mesh's or the app's series. */
export function requestRateRule(metricName: string, source: RequestSource = 'mesh'): AdapterRule {
  const series = source === 'mesh' ? REQUEST_RATE_SERIES : APP_REQUEST_SERIES;
  return {
    seriesQuery: source === 'mesh' ? `${series}{namespace!="",pod!="",reporter="destination"}` : `${series}{namespace!="",pod!=""}`,
    // The series' own labels name the objects the metric describes: per pod, and per namespace.
    resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    name: { matches: `^${series}$`, as: metricName },
    metricsQuery: source === 'mesh' ? REQUEST_RATE_QUERY : APP_REQUEST_RATE_QUERY,
  };
}
