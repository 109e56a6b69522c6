import { Construct } from 'constructs';
import {
  ScaledObject, ScaledObjectSpecAdvanced, ScaledObjectSpecAdvancedScalingModifiersMetricType, ScaledObjectSpecFallbackBehavior,
} from '../../imports/keda-scaledobject-keda.sh';
import { TriggerAuthentication } from '../../imports/keda-triggerauthentication-keda.sh';
import { ASYNC_DEFAULTS, KEDA_FALLBACK } from '../model/defaults';
import { kedaFallbackReplicas } from '../model/keda-fallback';
import type { SecretParameter } from '../model/types';
import { BehaviorSpec } from '../spec/types';
import { TriggerSet } from './keda-triggers';
import { toApiMetadata } from './object-metadata';

export interface QueueScalerProps {
  /** Name of the ScaledObject and of the Deployment it scales. */
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** e.g. the Argo CD sync wave. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** minReplicaCount; 0 lets KEDA scale the Deployment to zero when the triggers are idle. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** How often KEDA polls the triggers. @default 30 */
  readonly pollingIntervalSeconds?: number;
  /** Idle seconds before scaling to zero (only with minReplicas 0). @default 300 */
  readonly cooldownSeconds?: number;
  /** Behavior of the HPA that KEDA creates. @default the HPA's own defaults */
  readonly behavior?: BehaviorSpec;
  /** Replicas held while the scaler fails (KEDA_FALLBACK). @default kedaFallbackReplicas(min, max) */
  readonly fallbackReplicas?: number;
  readonly triggers: TriggerSet;
}

/**
 * A KEDA ScaledObject on a Deployment of the same name. KEDA creates and owns the HPA
 * (keda-hpa-<name>), so nothing else may put an HPA on that Deployment, and the Deployment
 * leaves spec.replicas unset.
 */
export class QueueScaler extends Construct {
  public readonly scaledObject: ScaledObject;

  constructor(scope: Construct, id: string, props: QueueScalerProps) {
    super(scope, id);
    const advanced = advancedConfig(props.behavior, props.triggers);
    this.scaledObject = new ScaledObject(this, 'scaled-object', {
      metadata: toApiMetadata(props),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
        minReplicaCount: props.minReplicas,
        maxReplicaCount: props.maxReplicas,
        pollingInterval: props.pollingIntervalSeconds ?? ASYNC_DEFAULTS.pollingIntervalSeconds,
        cooldownPeriod: props.cooldownSeconds ?? ASYNC_DEFAULTS.cooldownSeconds,
        ...(fallbackAllowed(props.triggers) ? {
          fallback: {
            failureThreshold: KEDA_FALLBACK.failureThreshold,
            replicas: kedaFallbackReplicas(props.minReplicas, props.maxReplicas, props.fallbackReplicas),
            behavior: ScaledObjectSpecFallbackBehavior.CURRENT_REPLICAS_IF_HIGHER,
          },
        } : {}),
        ...(Object.keys(advanced).length > 0 ? { advanced } : {}),
        triggers: props.triggers.triggers,
      },
    });
  }
}

/**
 * KEDA's admission webhook refuses a fallback unless a scaling-modifiers formula is AverageValue,
 * or at least one trigger other than cpu/memory has metricType AverageValue (its default).
 */
function fallbackAllowed(triggers: TriggerSet): boolean {
  if (triggers.scalingModifiers) return triggers.scalingModifiers.metricType === ScaledObjectSpecAdvancedScalingModifiersMetricType.AVERAGE_VALUE;
  return triggers.triggers.some((t) => t.type !== 'cpu' && t.type !== 'memory' && (t.metricType === undefined || t.metricType === 'AverageValue'));
}

function advancedConfig(behavior: BehaviorSpec | undefined, triggers: TriggerSet): ScaledObjectSpecAdvanced {
  const rules = (r: BehaviorSpec['scaleUp']) => ({
    stabilizationWindowSeconds: r.stabilizationWindowSeconds,
    selectPolicy: r.selectPolicy,
    policies: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
  });
  return {
    ...(behavior ? { horizontalPodAutoscalerConfig: { behavior: { scaleUp: rules(behavior.scaleUp), scaleDown: rules(behavior.scaleDown) } } } : {}),
    ...(triggers.scalingModifiers ? { scalingModifiers: triggers.scalingModifiers } : {}),
  };
}

export type { SecretParameter };

export interface BrokerTriggerAuthProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly parameters: readonly SecretParameter[];
}

/**
 * Lets KEDA read broker credentials from a Secret by name and key: the manifests carry no
 * secret value, and the Secret (in the ScaledObject's namespace) is managed outside dist/.
 */
export class BrokerTriggerAuth extends Construct {
  public readonly triggerAuthentication: TriggerAuthentication;

  constructor(scope: Construct, id: string, props: BrokerTriggerAuthProps) {
    super(scope, id);
    this.triggerAuthentication = new TriggerAuthentication(this, 'trigger-authentication', {
      metadata: toApiMetadata(props),
      spec: {
        secretTargetRef: props.parameters.map((p) => ({ parameter: p.parameter, name: p.secret, key: p.key })),
      },
    });
  }
}
