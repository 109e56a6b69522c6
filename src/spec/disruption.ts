import { DEFAULT_DISRUPTION as DEFAULT_BUDGET } from '../model/defaults';
import { DisruptionSpec } from './types';

/** The budget a PodDisruptionBudget gets when the spec does not say (src/model/defaults.ts). */
export const DEFAULT_DISRUPTION: DisruptionSpec = DEFAULT_BUDGET;

/**
 * Kubernetes' intstr.GetScaledValueFromIntOrPercent with roundUp = true, as the disruption
 * controller uses it for both minAvailable and maxUnavailable.
 */
export function scaleIntOrPercent(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const match = /^([0-9]+)%$/.exec(value);
  if (!match) return Number.NaN;
  return Math.ceil((Number(match[1]) * total) / 100);
}

/** Pods the budget lets a drain evict when `replicas` pods are all healthy. */
export function evictionsAllowed(budget: DisruptionSpec, replicas: number): number {
  if (budget.maxUnavailable !== undefined) {
    return Math.max(0, Math.min(replicas, scaleIntOrPercent(budget.maxUnavailable, replicas)));
  }
  if (budget.minAvailable !== undefined) {
    return Math.max(0, replicas - scaleIntOrPercent(budget.minAvailable, replicas));
  }
  return replicas;
}

export function isIntOrPercent(value: unknown): boolean {
  return (typeof value === 'number' && Number.isInteger(value) && value >= 0)
    || (typeof value === 'string' && /^[0-9]+%$/.test(value));
}
