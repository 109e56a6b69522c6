import { Chart } from 'cdk8s';
import { MANAGED_BY, REGION_LABEL } from '../src/constructs/labels';
import { AsyncPriorityClasses } from '../src/constructs/priority-classes';
import { BrokerTriggerAuth } from '../src/constructs/queue-scaler';
import { ClusterModel, NamespaceModel, PlatformModel } from '../src/model/types';
import { SYNC_WAVE, WAVES } from './labels';

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
      annotations: { [SYNC_WAVE]: WAVES.workloads },
      parameters: auth.parameters,
    });
  }
}

/** Cluster-scoped objects the async workloads need: one PriorityClass per tier in use. */
export function addClusterAsyncObjects(chart: Chart, model: PlatformModel, cluster: ClusterModel): void {
  if (model.priorityTiers.length === 0) return;
  new AsyncPriorityClasses(chart, 'async-priority-classes', {
    platformName: model.name,
    tiers: model.priorityTiers,
    labels: {
      'app.kubernetes.io/part-of': model.partOf,
      'app.kubernetes.io/managed-by': MANAGED_BY,
      [REGION_LABEL]: cluster.region,
    },
    annotations: { [SYNC_WAVE]: WAVES.cluster },
  });
}
