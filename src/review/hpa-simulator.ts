import { BehaviorSpec, ScalingRulesSpec } from '../spec/types';

/**
 * A step-by-step model of the HorizontalPodAutoscaler controller (autoscaling/v2 with behavior),
 * following the upstream replica calculator: a recommendation every sync period, the 10 %
 * tolerance, stabilization windows (scale up to the lowest recommendation of the up-window, down
 * to the highest of the down-window), and rate limits from the policies over their periods.
 * It shows what a behavior profile does to a load curve before any cluster sees it.
 */
export interface SimulationInput {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly behavior: BehaviorSpec;
  /** Replicas running when the simulation starts. @default minReplicas */
  readonly initialReplicas?: number;
  /** Load in units one pod serves at the HPA target (e.g. req/s ÷ target req/s per pod), per second. */
  readonly load: (seconds: number) => number;
  readonly durationSeconds: number;
  /** @default 15 (the controller's --horizontal-pod-autoscaler-sync-period) */
  readonly syncPeriodSeconds?: number;
  /** @default 0.1 (the controller's --horizontal-pod-autoscaler-tolerance) */
  readonly tolerance?: number;
}

export interface ReplicaChange {
  readonly atSeconds: number;
  readonly from: number;
  readonly to: number;
  /** The load-driven recommendation at that moment (what the pods would need, unthrottled). */
  readonly recommended: number;
}

interface ScaleEvent { readonly at: number; readonly delta: number }

/** Replicas changed within the last `period` seconds, in one direction. */
function changedInPeriod(events: readonly ScaleEvent[], now: number, period: number, up: boolean): number {
  return events.filter((e) => e.at > now - period && (up ? e.delta > 0 : e.delta < 0)).reduce((n, e) => n + Math.abs(e.delta), 0);
}

function scaleUpLimit(current: number, events: readonly ScaleEvent[], now: number, rules: ScalingRulesSpec): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((policy) => {
    const periodStart = current - changedInPeriod(events, now, policy.periodSeconds, true);
    return policy.type === 'Pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
  });
  return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
}

function scaleDownLimit(current: number, events: readonly ScaleEvent[], now: number, rules: ScalingRulesSpec): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((policy) => {
    const periodStart = current + changedInPeriod(events, now, policy.periodSeconds, false);
    // Upstream truncates here (int32 conversion), unlike the ceiling on the way up.
    return policy.type === 'Pods' ? periodStart - policy.value : Math.trunc(periodStart * (1 - policy.value / 100));
  });
  // Max selects the policy allowing the biggest change, which for scale-down is the lowest floor.
  return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
}

/** Every replica change over the run, in time order. */
export function simulateHpa(input: SimulationInput): ReplicaChange[] {
  const sync = input.syncPeriodSeconds ?? 15;
  const tolerance = input.tolerance ?? 0.1;
  const { behavior, minReplicas, maxReplicas } = input;
  let current = input.initialReplicas ?? minReplicas;
  // The run starts in steady state: the running count is the recommendation at t = 0.
  const recommendations: { at: number; replicas: number }[] = [{ at: 0, replicas: current }];
  const events: ScaleEvent[] = [];
  const changes: ReplicaChange[] = [];

  for (let now = sync; now <= input.durationSeconds; now += sync) {
    const ratio = input.load(now) / current;
    const raw = Math.abs(ratio - 1) <= tolerance ? current : Math.ceil(input.load(now));
    const recommended = Math.min(maxReplicas, Math.max(minReplicas, raw));
    recommendations.push({ at: now, replicas: recommended });

    // Stabilization: only what the whole window agrees on counts.
    const upWindow = recommendations.filter((r) => r.at > now - behavior.scaleUp.stabilizationWindowSeconds || r.at === now);
    const downWindow = recommendations.filter((r) => r.at > now - behavior.scaleDown.stabilizationWindowSeconds || r.at === now);
    const upBound = Math.min(...upWindow.map((r) => r.replicas));
    const downBound = Math.max(...downWindow.map((r) => r.replicas));
    let desired = current;
    if (upBound > current) desired = upBound;
    else if (downBound < current) desired = downBound;

    if (desired > current) desired = Math.min(desired, scaleUpLimit(current, events, now, behavior.scaleUp));
    else if (desired < current) desired = Math.max(desired, scaleDownLimit(current, events, now, behavior.scaleDown));
    desired = Math.min(maxReplicas, Math.max(minReplicas, desired));

    if (desired !== current) {
      changes.push({ atSeconds: now, from: current, to: desired, recommended });
      events.push({ at: now, delta: desired - current });
      current = desired;
    }
    // Keep memory bounded: nothing older than the longest window or policy period matters.
    const horizon = Math.max(behavior.scaleUp.stabilizationWindowSeconds, behavior.scaleDown.stabilizationWindowSeconds,
      ...behavior.scaleUp.policies.map((p) => p.periodSeconds), ...behavior.scaleDown.policies.map((p) => p.periodSeconds));
    while (recommendations.length && recommendations[0].at <= now - horizon - sync) recommendations.shift();
  }
  return changes;
}

/** Replicas running at a moment, from a change list. */
export function replicasAt(changes: readonly ReplicaChange[], initial: number, atSeconds: number): number {
  return changes.filter((c) => c.atSeconds <= atSeconds).reduce((_, c) => c.to, initial);
}

/** A piecewise-constant load from `[[fromSecond, load], …]` points. */
export function stepLoad(points: readonly (readonly [number, number])[]): (seconds: number) => number {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  return (t) => sorted.filter(([from]) => from <= t).reduce((_, [, load]) => load, sorted[0]?.[1] ?? 0);
}
