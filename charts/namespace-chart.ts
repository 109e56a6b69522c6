import { ApiObject, Chart } from 'cdk8s';
import { DEMAND_KINDS, NamespaceBudget, namespaceDemand } from '../src/constructs/namespace-budget';
import { Construct } from 'constructs';
import { ClusterModel, NamespaceModel, PlatformModel } from '../src/model/types';
import { addTriggerAuths } from './async-workloads';
import { addNamespaceMeshObjects, platformLabels } from './mesh-objects';
import { addNamespaceObservability } from './observability-objects';
import { renderWorkload } from './workload-renderers';
import { markSpecPath } from '../src/constructs/provenance';
import { NodeTuningNote } from '../src/constructs/node-tuning';

export interface NamespaceChartProps {
  readonly model: PlatformModel;
  readonly cluster: ClusterModel;
  readonly namespace: NamespaceModel;
}

/**
 * Every workload of one namespace in one region's cluster, in the model's order (HTTP services,
 * queue workers, beat, batch writers, Kafka consumers, each by name), then the TriggerAuthentications
 * KEDA reads, the namespace's mesh objects, and its monitors and alert rules.
 */
export class NamespaceChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespaceChartProps) {
    super(scope, id, { namespace: props.namespace.name, disableResourceNameHashes: true });
    const { model, cluster, namespace } = props;
    markSpecPath(this, `${model.name}.namespaces.${namespace.name}`);
    for (const workload of namespace.workloads) renderWorkload(this, workload, {});
    addTriggerAuths(this, model, cluster.region, namespace);
    addNamespaceMeshObjects(this, model, cluster.region, namespace);
    addNamespaceObservability(this, model, cluster.region, namespace);
    for (const { pool, tuning } of namespace.nodeTuning) {
      new NodeTuningNote(this, `node-tuning:${pool}`, { namespace: namespace.name, labels: platformLabels(model, cluster.region, 'node-tuning'), pool, tuning });
    }
    // Last, sized from everything above. A namespace that also runs pods rendered elsewhere (a
    // declared external service's or broker's) gets none: its quota could not admit pods it cannot size.
    if (namespace.foreignPods.length === 0) {
      // Only what the demand reads is resolved to JSON: synth resolves every object again anyway.
      const objects = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && DEMAND_KINDS.has(c.kind)).map((o) => o.toJson());
      const demand = namespaceDemand(objects, model.mesh !== undefined);
      if (demand.owners.length > 0) {
        new NamespaceBudget(this, 'namespace-budget', {
          metadata: { namespace: namespace.name, labels: platformLabels(model, cluster.region, 'namespace-budget') },
          demand,
        });
      }
    }
  }
}
