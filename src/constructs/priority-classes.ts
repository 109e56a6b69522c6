import { Construct } from 'constructs';
import { PriorityTier } from '../spec/workers/types';
import { priorityClassName } from '../model/identity';
import * as k8s from './k8s';

/**
 * Values and preemption of the tiers. Pods without a class have priority 0, so every tier
 * schedules ahead of them; only `high` preempts, evicting lower-priority pods of its node pool
 * (on a shared general-purpose pool: normal and low workers) when it cannot otherwise fit.
 * User classes must stay at or below 1,000,000,000 (above is reserved for system classes).
 */
export const TIER_CLASSES: Readonly<Record<PriorityTier, { value: number; preemptionPolicy: 'PreemptLowerPriority' | 'Never'; description: string }>> = {
  high: {
    value: 100000,
    preemptionPolicy: 'PreemptLowerPriority',
    description: 'Urgent async work (e.g. emergency dispatch): scheduled first, preempts lower-priority pods when its pool is full.',
  },
  normal: {
    value: 10000,
    preemptionPolicy: 'Never',
    description: 'Regular async work: scheduled before low-tier pods, never preempts.',
  },
  low: {
    value: 1000,
    preemptionPolicy: 'Never',
    description: 'Deferrable async work (reports, analytics): scheduled last, first to be preempted, never preempts.',
  },
};

export { priorityClassName } from '../model/identity';

export interface AsyncPriorityClassesProps {
  readonly platformName: string;
  /** The tiers in use; one PriorityClass each, in high, normal, low order. */
  readonly tiers: readonly PriorityTier[];
  readonly labels: Readonly<Record<string, string>>;
  /** e.g. the Argo CD sync wave of cluster-scoped objects. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** PriorityClasses (cluster-scoped, no namespace) for the async tiers a cluster runs. */
export class AsyncPriorityClasses extends Construct {
  public readonly classes: k8s.KubePriorityClass[] = [];

  constructor(scope: Construct, id: string, props: AsyncPriorityClassesProps) {
    super(scope, id);
    for (const tier of (['high', 'normal', 'low'] as const).filter((t) => props.tiers.includes(t))) {
      const { value, preemptionPolicy, description } = TIER_CLASSES[tier];
      this.classes.push(new k8s.KubePriorityClass(this, tier, {
        metadata: {
          name: priorityClassName(props.platformName, tier),
          labels: { ...props.labels },
          ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
        },
        value,
        preemptionPolicy,
        globalDefault: false,
        description,
      }));
    }
  }
}
