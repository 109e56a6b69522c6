import { DEFAULT_DISRUPTION } from '../spec/disruption';
import { BehaviorSpec, NodePoolSpec } from '../spec/types';
import { gracePeriodSeconds } from '../spec/workers/resolve';
import { AsyncWorkloadBase } from '../spec/workers/types';
import { AsyncWorkerProps, EgressPeer } from './async-worker';
import { WorkloadIdentity, recommendedLabels } from './labels';
import { QueueScalerProps } from './queue-scaler';

/** What every KEDA-scaled async workload (queue worker, batch writer, consumer) is given by its chart. */
export interface ScaledWorkloadProps {
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName: string;
  /** Behavior of the HPA that KEDA creates. */
  readonly behavior: BehaviorSpec;
  /** Broker pods and anything else the workload reaches. */
  readonly egress: readonly EgressPeer[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The AsyncWorker props the spec decides the same way for every scaled workload. */
export function scaledWorkerProps(props: ScaledWorkloadProps, spec: AsyncWorkloadBase):
  Pick<AsyncWorkerProps, 'identity' | 'namespace' | 'resources' | 'nodePool' | 'priorityClassName' | 'terminationGracePeriodSeconds' | 'disruption' | 'egress' | 'annotations'> {
  return {
    identity: props.identity,
    namespace: props.namespace,
    resources: spec.resources,
    nodePool: props.nodePool,
    priorityClassName: props.priorityClassName,
    terminationGracePeriodSeconds: gracePeriodSeconds(spec),
    disruption: spec.disruption ?? DEFAULT_DISRUPTION,
    egress: props.egress,
    annotations: props.annotations,
  };
}

/** The ScaledObject props of a scaled workload, all but its triggers. */
export function scalerProps(props: ScaledWorkloadProps, spec: AsyncWorkloadBase): Omit<QueueScalerProps, 'triggers'> {
  return {
    name: props.identity.name,
    namespace: props.namespace,
    labels: recommendedLabels(props.identity),
    annotations: props.annotations,
    minReplicas: spec.minWorkers,
    maxReplicas: spec.maxWorkers,
    pollingIntervalSeconds: spec.pollingIntervalSeconds,
    cooldownSeconds: spec.cooldownSeconds,
    behavior: props.behavior,
    fallbackReplicas: spec.fallbackReplicas,
  };
}
