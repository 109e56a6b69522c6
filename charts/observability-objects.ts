import { Chart } from 'cdk8s';
import { MANAGED_BY, REGION_LABEL } from '../src/constructs/labels';
import { namespaceRuleGroups } from '../src/constructs/observability/alert-rules';
import { AlertRuleSet } from '../src/constructs/observability/alert-rule-set';
import { AlertRouting } from '../src/constructs/observability/alert-routing';
import { dashboardNamespace, dashboardPanels, PlatformDashboard } from '../src/constructs/observability/dashboard';
import { HttpServiceMonitor, MeshPodMonitor } from '../src/constructs/observability/monitors';
import { NamespaceModel, PlatformModel } from '../src/model/types';
import { SYNC_WAVE, WAVES } from './labels';

/** The name of each namespace's PrometheusRule: `<platform>-alerts`. */
export function alertRuleSetName(model: PlatformModel): string {
  return `${model.name}-alerts`;
}

/**
 * The namespace's monitors (a ServiceMonitor per HTTP service; under the mesh a PodMonitor per
 * async workload, whose sidecar is its only metrics endpoint) and its PrometheusRule.
 */
/**
 * Async workloads serve no metrics port of their own: under the mesh their sidecar is scraped.
 * Data-tier kinds run outside the mesh and bring their own exporter and monitor
 * (src/constructs/observability/data-tier-monitor.ts).
 */
const MESH_SCRAPED_KINDS: ReadonlySet<string> = new Set(['queue-worker', 'beat', 'batch-writer', 'kafka-consumer']);

export function addNamespaceObservability(chart: Chart, model: PlatformModel, region: string, namespace: NamespaceModel): void {
  const annotations = { [SYNC_WAVE]: WAVES.workloads };
  for (const w of namespace.workloads) {
    if (w.kind === 'http-service') {
      new HttpServiceMonitor(chart, `monitor-${w.identity.name}`, { identity: w.identity, namespace: namespace.name, annotations, metricsPort: w.metricsPort });
    } else if (model.observability.meshed && MESH_SCRAPED_KINDS.has(w.kind)) {
      new MeshPodMonitor(chart, `monitor-${w.identity.name}`, { identity: w.identity, namespace: namespace.name, annotations });
    }
  }
  const labels = (name: string) => ({
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': 'monitoring',
    'app.kubernetes.io/part-of': model.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [REGION_LABEL]: region,
  });
  const alerting = model.observability.alerting;
  if (alerting && alerting.namespace === namespace.name) {
    new AlertRouting(chart, 'alert-routing', { name: alerting.name, namespace: namespace.name, labels: labels(alerting.name), annotations: { [SYNC_WAVE]: WAVES.configuration }, alerting });
  }
  if (namespace.workloads.length === 0) return;
  const groups = namespaceRuleGroups(namespace, model.observability);
  if (groups.length > 0) {
    new AlertRuleSet(chart, 'alert-rules', { name: alertRuleSetName(model), namespace: namespace.name, labels: labels(alertRuleSetName(model)), annotations, groups });
  }
  // One dashboard per platform and cluster, beside the first HTTP service's namespace.
  const cluster = model.clusters.find((c) => c.region === region);
  if (cluster && dashboardNamespace(cluster) === namespace.name) {
    const panels = dashboardPanels(cluster, model.observability);
    const name = dashboardName(model);
    new PlatformDashboard(chart, 'dashboard', {
      name, namespace: namespace.name, labels: labels(name), annotations,
      title: `${model.name} (${region})`, uid: model.name.slice(0, 40), panels,
    });
  }
}

/** The platform's dashboard ConfigMap: `<platform>-dashboard`. */
export function dashboardName(model: PlatformModel): string {
  return `${model.name}-dashboard`;
}
