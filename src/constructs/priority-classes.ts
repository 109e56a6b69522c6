import { Construct } from 'constructs';
import { PriorityTier } from '../spec/workers/types';
import { priorityClassName, servingPriorityClassName } from '../model/identity';
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

/**
 * The serving path (HTTP services and the edge controllers): ten times the `high` worker tier, so
 * on a shared pool a full node evicts workers, never the API, and the API and edge schedule first.
 * A backlog waits; a request that finds no pod is lost.
 */
export const SERVING_CLASS = {
  value: 1000000,
  preemptionPolicy: 'PreemptLowerPriority',
  description: 'The serving path (HTTP services, ingress-nginx, Kong): scheduled before every async tier, preempts them when its pool is full.',
} as const;


export interface ServingPriorityClassProps {
  readonly platformName: string;
  readonly labels: Readonly<Record<string, string>>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The PriorityClass of the serving path (cluster-scoped). */
export class ServingPriorityClass extends Construct {
  public readonly priorityClass: k8s.KubePriorityClass;

  constructor(scope: Construct, id: string, props: ServingPriorityClassProps) {
    super(scope, id);
    this.priorityClass = new k8s.KubePriorityClass(this, 'serving', {
      metadata: {
        name: servingPriorityClassName(props.platformName),
        labels: { ...props.labels },
        ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
      },
      value: SERVING_CLASS.value,
      preemptionPolicy: SERVING_CLASS.preemptionPolicy,
      globalDefault: false,
      description: SERVING_CLASS.description,
    });
  }
}

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
