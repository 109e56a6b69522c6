import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../src/constructs/k8s';
import { MANAGED_BY, REGION_LABEL } from '../src/constructs/labels';
import { LoadTest, loadPlan } from '../src/constructs/load-test';
import { NamespaceBudget, namespaceDemand } from '../src/constructs/namespace-budget';
import { LOAD_TEST_DEFAULTS } from '../src/model/defaults';
import { LoadTestModel, PlatformModel } from '../src/model/types';
import { RESTRICTED_NAMESPACE_LABELS } from './labels';
import { platformLabels } from './mesh-objects';

export interface LoadTestChartProps {
  readonly model: PlatformModel;
  readonly loadTest: LoadTestModel;
  readonly region: string;
}

/**
 * One region's load test, applied by hand (`kubectl apply -f dist/<platform>/loadtest/<region>/`):
 * its own namespace (restricted, never meshed: it plays the outside client), the script, the
 * TestRun, and the namespace's quota. The folder sits beside the cluster folders, so the
 * ApplicationSet, which syncs exactly `<platform>/<cluster>/`, never applies it.
 */
export class LoadTestChart extends Chart {
  constructor(scope: Construct, id: string, props: LoadTestChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { model, region } = props;
    const namespace = LOAD_TEST_DEFAULTS.namespace;
    const labels = platformLabels(model, region, 'load-test');
    new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: namespace,
        // Injection off, said explicitly (istioctl analyze IST0102): the runners play outside clients.
        labels: { ...RESTRICTED_NAMESPACE_LABELS, 'istio-injection': 'disabled', 'app.kubernetes.io/part-of': model.partOf, 'app.kubernetes.io/managed-by': MANAGED_BY, [REGION_LABEL]: region },
      },
    });
    const name = `${model.name}-${region}`;
    new LoadTest(this, 'load-test', {
      metadata: { name, namespace, labels },
      plan: loadPlan(props.loadTest.url, props.loadTest.requestsPerSecond[region]),
    });
    const objects = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
    new NamespaceBudget(this, 'budget', { metadata: { namespace, labels: platformLabels(model, region, 'namespace-budget') }, demand: namespaceDemand(objects, false) });
  }
}
