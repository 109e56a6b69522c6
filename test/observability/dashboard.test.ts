/** The Grafana dashboard ConfigMap, checked as a dashboard: panels with a datasource, targets with PromQL. */
import { hyperscale } from '../../platforms/hyperscale';
import { renderObjects, findObject } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const WEB = 'hyperscale/us-east/10-web.yaml';

describe('hyperscale dashboard', () => {
  const objects = renderObjects(hyperscale);
  const configMap = findObject(objects, WEB, 'ConfigMap', 'hyperscale-dashboard');
  const dashboard = JSON.parse(configMap.data['hyperscale-web.json']);

  it('is a ConfigMap the Grafana sidecar loads, found in every namespace', () => {
    expect(configMap.metadata.labels.grafana_dashboard).toBe('1');
    expect(Object.keys(configMap.data)).toEqual(['hyperscale-web.json']);
    expect(schemaErrors(configMap)).toEqual([]);
    const stack = objects.find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'hyperscale-us-east-kube-prometheus-stack')!.object;
    expect(stack.spec.source.helm.valuesObject.grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' });
  });

  it('is a dashboard: uid, title, a Prometheus datasource variable, panels with ids, positions, a datasource and PromQL targets', () => {
    expect(dashboard).toMatchObject({ uid: 'hyperscale-web', title: 'hyperscale / web', schemaVersion: 39 });
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
        // Balanced brackets and quotes: promtool parses them (run-local.sh checks dashboards' PromQL too).
        expect(t.expr.split('(').length).toBe(t.expr.split(')').length);
        expect(t.expr.split('{').length).toBe(t.expr.split('}').length);
        expect(t.expr.split('"').length % 2).toBe(1);
      }
    }
    expect(ids.size).toBe(dashboard.panels.length);
  });

  it('covers the golden signals of the API, each queue depth, and every HPA against its min and max', () => {
    expect(dashboard.panels.map((p: any) => p.title)).toEqual([
      'api: requests per second', 'api: 5xx ratio', 'api: p95 latency', "api: requests per pod (the HPA's metric)",
      'queue high_priority: depth', 'queue low_priority: depth', 'queue normal: depth',
      'api: replicas (HPA api)',
      'worker-high-priority: replicas (HPA keda-hpa-worker-high-priority)',
      'worker-low-priority: replicas (HPA keda-hpa-worker-low-priority)',
      'worker-normal: replicas (HPA keda-hpa-worker-normal)',
    ]);
    const byTitle = (t: string) => dashboard.panels.find((p: any) => p.title === t);
    expect(byTitle('api: p95 latency').targets[0].expr).toBe(
      'histogram_quantile(0.95, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_workload_namespace="web",destination_workload="api"}[5m])))');
    // The adapter rule's own query, filled in: what the HPA reads.
    expect(byTitle("api: requests per pod (the HPA's metric)").targets[0].expr).toBe(
      'sum(rate(istio_requests_total{namespace="web",destination_workload="api",reporter="destination"}[1m])) by (pod)');
    expect(byTitle('queue high_priority: depth').targets[0].expr).toBe('max by (scaledObject) (keda_scaler_metrics_value{exported_namespace="web",scaledObject="worker-high-priority"})');
    expect(byTitle('api: replicas (HPA api)').targets.map((t: any) => [t.legendFormat, t.expr])).toEqual([
      ['current', 'kube_horizontalpodautoscaler_status_current_replicas{namespace="web",horizontalpodautoscaler="api"}'],
      ['min', 'kube_horizontalpodautoscaler_spec_min_replicas{namespace="web",horizontalpodautoscaler="api"}'],
      ['max', 'kube_horizontalpodautoscaler_spec_max_replicas{namespace="web",horizontalpodautoscaler="api"}'],
    ]);
    // KEDA names its HPA keda-hpa-<ScaledObject>; the HPA of the API is the rendered one.
    expect(findObject(objects, WEB, 'HorizontalPodAutoscaler', 'api').spec.maxReplicas).toBe(5000);
  });
});
