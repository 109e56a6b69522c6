import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../src/constructs/k8s';
import { MANAGED_BY, REGION_LABEL } from '../src/constructs/labels';
import { markSpecPath } from '../src/constructs/provenance';
import { ClusterModel, PlatformModel } from '../src/model/types';
import { addClusterAsyncObjects } from './async-workloads';
import { RESTRICTED_NAMESPACE_LABELS } from './labels';
import { addClusterMeshObjects, meshNamespaceLabels, meshNamespaces } from './mesh-objects';

export interface ClusterChartProps {
  readonly model: PlatformModel;
  readonly cluster: ClusterModel;
}

/**
 * Cluster-scoped objects of one region's cluster: its Namespaces first, so that
 * `kubectl apply -f dist/<platform>/<cluster>` succeeds in one pass.
 */
export class ClusterChart extends Chart {
  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    // Cluster-scoped: the chart sets no namespace.
    super(scope, id, { disableResourceNameHashes: true });
    const { model, cluster } = props;
    markSpecPath(this, `${model.name}.regions.${cluster.region}`);
    // Every Namespace first, then the other cluster-scoped objects.
    const namespaces = [
      ...cluster.namespaces.map((ns) => ({ name: ns.name, labels: ns.labels })),
      ...meshNamespaces(model).map((name) => ({ name, labels: {} })),
    ];
    for (const ns of namespaces) {
      new k8s.KubeNamespace(this, `namespace-${ns.name}`, {
        metadata: {
          name: ns.name,
          labels: {
            ...ns.labels,
            ...meshNamespaceLabels(model),
            ...RESTRICTED_NAMESPACE_LABELS,
            'app.kubernetes.io/part-of': model.partOf,
            'app.kubernetes.io/managed-by': MANAGED_BY,
            [REGION_LABEL]: cluster.region,
          },
        },
      });
    }
    addClusterAsyncObjects(this, model, cluster);
    addClusterMeshObjects(this, model, cluster);
  }
}
