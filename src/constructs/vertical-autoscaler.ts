import { Construct } from 'constructs';
import {
  VerticalPodAutoscaler, VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMaxAllowed,
  VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMinAllowed, VerticalPodAutoscalerSpecUpdatePolicyUpdateMode,
} from '../../imports/vpa-autoscaling.k8s.io';
import type { VerticalScalingSpec } from '../spec/types';
import * as k8s from './k8s';

export interface VerticalAutoscalerProps {
  readonly metadata: k8s.ObjectMeta;
  /** The Deployment (and its one container) the VPA watches. */
  readonly deploymentName: string;
  readonly containerName: string;
  readonly spec: VerticalScalingSpec;
}

const MODES: Readonly<Record<VerticalScalingSpec['updateMode'], VerticalPodAutoscalerSpecUpdatePolicyUpdateMode>> = {
  Off: VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.OFF,
  Initial: VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.INITIAL,
  Recreate: VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.RECREATE,
  InPlaceOrRecreate: VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.IN_PLACE_OR_RECREATE,
  Auto: VerticalPodAutoscalerSpecUpdatePolicyUpdateMode.AUTO,
};

type Bounds = NonNullable<VerticalScalingSpec['minAllowed']>;

function quantities<T>(bounds: Bounds | undefined, make: (q: string) => T): { [key: string]: T } | undefined {
  if (!bounds) return undefined;
  const entries = (['cpu', 'memory'] as const).filter((r) => bounds[r] !== undefined).map((r) => [r, make(bounds[r]!)] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * A VerticalPodAutoscaler (autoscaling.k8s.io/v1) for one workload's Deployment. In mode Off the
 * recommender only publishes status.recommendation (what the requests should be); the HPA keeps
 * scaling the replica count on utilization of the requests as written. The validator refuses a
 * mode that would rewrite requests the HPA scales on (rule vpa-hpa-conflict).
 */
export class VerticalAutoscaler extends Construct {
  public readonly vpa: VerticalPodAutoscaler;

  constructor(scope: Construct, id: string, props: VerticalAutoscalerProps) {
    super(scope, id);
    const { spec } = props;
    const minAllowed = quantities(spec.minAllowed, (q) => VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMinAllowed.fromString(q));
    const maxAllowed = quantities(spec.maxAllowed, (q) => VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesMaxAllowed.fromString(q));
    this.vpa = new VerticalPodAutoscaler(this, 'vpa', {
      metadata: props.metadata,
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        updatePolicy: { updateMode: MODES[spec.updateMode] },
        resourcePolicy: {
          containerPolicies: [{
            containerName: props.containerName,
            controlledResources: [...(spec.controlledResources ?? ['cpu', 'memory'])],
            ...(minAllowed ? { minAllowed } : {}),
            ...(maxAllowed ? { maxAllowed } : {}),
          }],
        },
      },
    });
  }
}
