/** The platform's Grafana dashboard ConfigMap, checked as a dashboard: panels with a datasource, targets with PromQL. */
import { hyperscale } from '../../platforms/hyperscale';
import { asyncPlatform, seed004Consumers } from '../support/async-fixtures';
import { renderObjects, findObject, shopPlatform } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const WEB = 'hyperscale/us-east/10-web.yaml';

function dashboardOf(objects: { file: string; object: any }[], file: string, name: string): any {
  const configMap = findObject(objects, file, 'ConfigMap', name);
  return JSON.parse(configMap.data[Object.keys(configMap.data)[0]]);
}
const byTitle = (dashboard: any, title: string) => {
  const panel = dashboard.panels.find((p: any) => p.title === title);
  if (!panel) throw new Error(`no panel ${title}; have ${dashboard.panels.map((p: any) => p.title).join(', ')}`);
  return panel;
};

/** Checks the JSON as Grafana reads a dashboard; PromQL is parsed by promtool (conformance/prometheus-tests/dashboards, kept in sync by a test). */
function expectDashboard(dashboard: any): void {
  expect(dashboard.templating.list).toEqual([{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' }]);
  expect(dashboard.panels.length).toBeGreaterThan(0);
  const ids = new Set<number>();
  for (const panel of dashboard.panels) {
    ids.add(panel.id);
    expect(panel.type).toBe('timeseries');
    expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(panel.gridPos.w).toBeGreaterThan(0);
    expect(panel.targets.length).toBeGreaterThan(0);
    for (const t of panel.targets) {
      expect(t.datasource).toEqual(panel.datasource);
      expect(t.refId).toMatch(/^[A-Z]$/);
      // Balanced brackets and quotes here; promtool parses every target (run-local.sh, conformance).
      expect(t.expr.split('(').length).toBe(t.expr.split(')').length);
      expect(t.expr.split('{').length).toBe(t.expr.split('}').length);
      expect(t.expr.split('"').length % 2).toBe(1);
    }
  }
  expect(ids.size).toBe(dashboard.panels.length);
}

describe('hyperscale dashboard (one per platform, in every cluster)', () => {
  const objects = renderObjects(hyperscale);
  const dashboard = dashboardOf(objects, WEB, 'hyperscale-dashboard');

  it('is one ConfigMap per cluster the Grafana sidecar loads, beside the API, covering every namespace', () => {
    const maps = objects.filter((o) => o.object.kind === 'ConfigMap' && o.object.metadata.labels?.grafana_dashboard === '1');
    expect(maps.map((o) => `${o.file} ${o.object.metadata.name} ${Object.keys(o.object.data)}`)).toEqual([
      'hyperscale/apac/10-web.yaml hyperscale-dashboard hyperscale.json',
      'hyperscale/eu-west/10-web.yaml hyperscale-dashboard hyperscale.json',
      'hyperscale/us-east/10-web.yaml hyperscale-dashboard hyperscale.json',
    ]);
    for (const { object } of maps) expect(schemaErrors(object)).toEqual([]);
    expect(dashboard).toMatchObject({ uid: 'hyperscale', title: 'hyperscale (us-east)', schemaVersion: 39 });
    const stack = objects.find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'hyperscale-us-east-kube-prometheus-stack')!.object;
    expect(stack.spec.source.helm.valuesObject.grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' });
  });

  it('is a dashboard: uid, title, a Prometheus datasource variable, panels with ids, positions, a datasource and PromQL targets', () => {
    expectDashboard(dashboard);
  });

  it('covers the golden signals of the API, each queue depth, every HPA against its min and max, and the cache', () => {
    expect(dashboard.panels.map((p: any) => p.title)).toEqual([
      'data/redis: cache hit ratio',
      'web/api: requests per second', 'web/api: 5xx ratio', 'web/api: p95 latency', 'web/api: CPU of the request', "web/api: requests per pod (the HPA's metric)",
      'web/queue high_priority: depth', 'web/queue low_priority: depth', 'web/queue normal: depth',
      'web/api: replicas (HPA api)',
      'web/worker-high-priority: replicas (HPA keda-hpa-worker-high-priority)',
      'web/worker-low-priority: replicas (HPA keda-hpa-worker-low-priority)',
      'web/worker-normal: replicas (HPA keda-hpa-worker-normal)',
    ]);
    // Under the mesh: the sidecars' series, the same expressions as the alerts.
    expect(byTitle(dashboard, 'web/api: p95 latency').targets[0].expr).toBe(
      'histogram_quantile(0.95, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="web",destination_workload="api"}[5m])))');
    expect(byTitle(dashboard, 'web/api: 5xx ratio').targets[0].expr).toBe('namespace_workload:istio_requests_error_ratio:rate5m{destination_workload_namespace="web",destination_workload="api"}');
    // The adapter rule's own query, filled in: what the HPA reads.
    expect(byTitle(dashboard, "web/api: requests per pod (the HPA's metric)").targets[0].expr).toBe(
      'sum(rate(istio_requests_total{namespace="web",destination_workload="api",reporter="destination"}[1m])) by (pod)');
    expect(byTitle(dashboard, 'web/api: CPU of the request').targets[0].expr).toBe(
      'sum(rate(container_cpu_usage_seconds_total{namespace="web",container="api"}[5m])) / sum(kube_pod_container_resource_requests{namespace="web",container="api",resource="cpu"})');
    expect(byTitle(dashboard, 'web/queue high_priority: depth').targets[0].expr).toBe('max by (scaledObject) (keda_scaler_metrics_value{exported_namespace="web",scaledObject="worker-high-priority"})');
    expect(byTitle(dashboard, 'web/api: replicas (HPA api)').targets.map((t: any) => [t.legendFormat, t.expr])).toEqual([
      ['current', 'kube_horizontalpodautoscaler_status_current_replicas{namespace="web",horizontalpodautoscaler="api"}'],
      ['min', 'kube_horizontalpodautoscaler_spec_min_replicas{namespace="web",horizontalpodautoscaler="api"}'],
      ['max', 'kube_horizontalpodautoscaler_spec_max_replicas{namespace="web",horizontalpodautoscaler="api"}'],
    ]);
    expect(byTitle(dashboard, 'data/redis: cache hit ratio').targets[0].expr).toBe(
      'sum by (namespace, workload) (rate(redis_keyspace_hits_total{namespace=~"data",workload="redis"}[5m])) / ' +
      '(sum by (namespace, workload) (rate(redis_keyspace_hits_total{namespace=~"data",workload="redis"}[5m])) + sum by (namespace, workload) (rate(redis_keyspace_misses_total{namespace=~"data",workload="redis"}[5m])))');
    // KEDA names its HPA keda-hpa-<ScaledObject>; the HPA of the API is the rendered one.
    expect(findObject(objects, WEB, 'HorizontalPodAutoscaler', 'api').spec.maxReplicas).toBe(5000);
  });
});

describe('dashboard without the mesh: the app metrics contract', () => {
  const platform = asyncPlatform(seed004Consumers({ maxWorkers: 12 }), {}, { autoscaling: { minReplicas: 3, maxReplicas: 12, requestsPerSecondPerPod: 50, behavior: 'fast-up-gentle-down' } });
  const objects = renderObjects(platform);
  const dashboard = dashboardOf(objects, 'shop/east/10-store.yaml', 'shop-dashboard');

  it("reads the app's own http_requests_total and duration histogram, by namespace and service", () => {
    expectDashboard(dashboard);
    expect(byTitle(dashboard, 'store/web: requests per second').targets.map((t: any) => t.expr)).toEqual([
      'sum by (namespace, service) (rate(http_requests_total{namespace="store",service="web"}[5m]))',
      'sum by (namespace, service) (rate(http_requests_total{namespace="store",service="web",code=~"5.."}[5m]))',
    ]);
    expect(byTitle(dashboard, 'store/web: p95 latency').targets[0].expr).toBe(
      'histogram_quantile(0.95, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket{namespace="store",service="web"}[5m]))) * 1000');
    expect(byTitle(dashboard, "store/web: requests per pod (the HPA's metric)").targets[0].expr).toBe(
      'sum(rate(http_requests_total{namespace="store",service="web"}[1m])) by (pod)');
    expect(JSON.stringify(dashboard)).not.toContain('istio_');
  });

  it('shows the consumer lag of a Kafka consumer and its HPA against min and max', () => {
    expect(byTitle(dashboard, 'store/event-processor: consumer lag').targets[0].expr).toBe('max by (scaledObject) (keda_scaler_metrics_value{exported_namespace="store",scaledObject="event-processor"})');
    expect(byTitle(dashboard, 'store/event-processor: replicas (HPA keda-hpa-event-processor)').targets.map((t: any) => t.legendFormat)).toEqual(['current', 'min', 'max']);
  });

  it("has the adapter serve the HPA's metric from the app's series", () => {
    expect(findObject(objects, 'shop/east/10-store.yaml', 'ServiceMonitor', 'web').spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }]);
    const adapter = objects.find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'shop-east-prometheus-adapter')!.object;
    expect(adapter.spec.source.helm.valuesObject.rules.custom).toEqual([{
      seriesQuery: 'http_requests_total{namespace!="",pod!=""}',
      resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
      name: { matches: '^http_requests_total$', as: 'http_requests_per_second' },
      metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[1m])) by (<<.GroupBy>>)',
    }]);
  });

  it('is rendered for a platform with no async workloads too', () => {
    expectDashboard(dashboardOf(renderObjects(shopPlatform()), 'shop/east/10-store.yaml', 'shop-dashboard'));
  });
});
