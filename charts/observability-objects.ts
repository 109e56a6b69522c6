import { Chart } from 'cdk8s';
import { MANAGED_BY, REGION_LABEL } from '../src/constructs/labels';
import { namespaceRuleGroups } from '../src/constructs/observability/alert-rules';
import { AlertRuleSet } from '../src/constructs/observability/alert-rule-set';
import { dashboardPanels, NamespaceDashboard } from '../src/constructs/observability/dashboard';
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
export function addNamespaceObservability(chart: Chart, model: PlatformModel, region: string, namespace: NamespaceModel): void {
  const annotations = { [SYNC_WAVE]: WAVES.workloads };
  for (const w of namespace.workloads) {
    if (w.kind === 'http-service') {
      new HttpServiceMonitor(chart, `monitor-${w.identity.name}`, { identity: w.identity, namespace: namespace.name, annotations, metricsPort: w.metricsPort });
    } else if (model.observability.meshed && w.kind !== 'kafka-cluster' && w.kind !== 'rabbitmq-cluster') {
      // (Kafka and RabbitMQ pods run without a sidecar; their constructs render their own PodMonitor.)
      new MeshPodMonitor(chart, `monitor-${w.identity.name}`, { identity: w.identity, namespace: namespace.name, annotations });
    }
  }
  if (namespace.workloads.length === 0) return;
  const labels = (name: string) => ({
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': 'monitoring',
    'app.kubernetes.io/part-of': model.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [REGION_LABEL]: region,
  });
  const groups = namespaceRuleGroups(namespace, model.observability);
  if (groups.length > 0) {
    new AlertRuleSet(chart, 'alert-rules', { name: alertRuleSetName(model), namespace: namespace.name, labels: labels(alertRuleSetName(model)), annotations, groups });
  }
  const panels = dashboardPanels(namespace, model.observability);
  if (panels.length > 0) {
    const name = dashboardName(model);
    new NamespaceDashboard(chart, 'dashboard', {
      name, namespace: namespace.name, labels: labels(name), annotations,
      title: `${model.name} / ${namespace.name}`, uid: `${model.name}-${namespace.name}`.slice(0, 40), panels,
    });
  }
}

/** The dashboard ConfigMap of a namespace: `<platform>-dashboard`. */
export function dashboardName(model: PlatformModel): string {
  return `${model.name}-dashboard`;
}
