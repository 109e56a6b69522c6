import { Chart } from 'cdk8s';
import { MANAGED_BY, REGION_LABEL } from '../src/constructs/labels';
import { AsyncPriorityClasses, ServingPriorityClass } from '../src/constructs/priority-classes';
import { BrokerTriggerAuth } from '../src/constructs/queue-scaler';
import { ClusterModel, NamespaceModel, PlatformModel } from '../src/model/types';

/** TriggerAuthentications of the brokers that the namespace's scaled workloads read, one per broker. */
export function addTriggerAuths(chart: Chart, model: PlatformModel, region: string, namespace: NamespaceModel): void {
  for (const auth of namespace.triggerAuths) {
    new BrokerTriggerAuth(chart, `trigger-auth-${auth.brokerKey}`, {
      name: auth.name,
      namespace: namespace.name,
      labels: {
        'app.kubernetes.io/name': auth.name,
        'app.kubernetes.io/component': 'keda-auth',
        'app.kubernetes.io/part-of': model.partOf,
        'app.kubernetes.io/managed-by': MANAGED_BY,
        [REGION_LABEL]: region,
      },
      parameters: auth.parameters,
    });
  }
}

/** PriorityClasses: the serving path's, then one per async tier in use. */
export function addClusterAsyncObjects(chart: Chart, model: PlatformModel, cluster: ClusterModel): void {
  const labels = {
    'app.kubernetes.io/part-of': model.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [REGION_LABEL]: cluster.region,
  };
  if (model.servingPriorityClassName) {
    new ServingPriorityClass(chart, 'serving-priority-class', { platformName: model.name, labels });
  }
  if (model.priorityTiers.length === 0) return;
  new AsyncPriorityClasses(chart, 'async-priority-classes', {
    platformName: model.name,
    tiers: model.priorityTiers,
    labels: {
      'app.kubernetes.io/part-of': model.partOf,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      [REGION_LABEL]: cluster.region,
    },
  });
}
