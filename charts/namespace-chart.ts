import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ScalableService } from '../src/constructs/scalable-service';
import { resolveBehavior } from '../src/spec/behavior';
import { imageVersion } from '../src/spec/image';
import { ResolvedNamespace } from '../src/spec/resolve';
import { BehaviorSpec, PlatformSpec, ServiceSpec } from '../src/spec/types';
import { addNamespaceAsyncWorkloads } from './async-workloads';
import { SYNC_WAVE, WAVES } from './labels';
import { addNamespaceMeshObjects } from './mesh-objects';

export interface NamespaceChartProps {
  readonly platform: PlatformSpec;
  readonly region: string;
  readonly namespace: ResolvedNamespace;
}

/** The behavior of the HPA a service gets: its own, or the one KEDA creates for it. */
function scalingBehavior(platform: PlatformSpec, spec: ServiceSpec): BehaviorSpec | undefined {
  const named = spec.autoscaling?.behavior ?? spec.eventScaling?.behavior;
  return named === undefined ? undefined : resolveBehavior(platform, named);
}

/** Every workload of one namespace in one region's cluster, in name order. */
export class NamespaceChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespaceChartProps) {
    super(scope, id, { namespace: props.namespace.name, disableResourceNameHashes: true });
    const { platform, region, namespace } = props;
    const partOf = platform.partOf ?? platform.name;
    for (const service of namespace.services) {
      const spec = service.spec;
      new ScalableService(this, service.name, {
        identity: {
          name: service.name,
          instance: `${platform.name}-${service.name}`,
          component: spec.component ?? 'api',
          partOf,
          version: imageVersion(spec.image, spec.version)!,
          region,
        },
        namespace: namespace.name,
        spec,
        behavior: scalingBehavior(platform, spec),
        nodePool: platform.nodePools[spec.nodePool],
        requestsPerSecondMetric: platform.requestsPerSecondMetric,
        annotations: { [SYNC_WAVE]: WAVES.workloads },
      });
    }
    addNamespaceAsyncWorkloads(this, platform, region, namespace);
    addNamespaceMeshObjects(this, platform, region, namespace);
  }
}
