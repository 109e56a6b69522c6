import { BehaviorSpec, ScalingRulesSpec } from '../../spec/types';

/**
 * The autoscaling/v2 `behavior` half of the HPA controller (pkg/controller/podautoscaler/
 * horizontal.go: normalizeDesiredReplicasWithBehaviors), ported step for step:
 * stabilizeRecommendationWithBehaviors, then convertDesiredReplicasWithBehaviorRate with
 * calculateScale{Up,Down}Limit…, and storeScaleEvent with its reuse of outdated slots.
 * Times are whole seconds of simulated clock.
 */
interface ScaleEvent { change: number; at: number; outdated: boolean }
interface Recommendation { replicas: number; at: number }

export class BehaviorState {
  private readonly recommendations: Recommendation[];
  private readonly upEvents: ScaleEvent[] = [];
  private readonly downEvents: ScaleEvent[] = [];

  /** `initial` is recorded as if the controller had seen it at `at` (recordInitialRecommendation). */
  constructor(private readonly behavior: BehaviorSpec, initial: number, at: number) {
    this.recommendations = [{ replicas: initial, at }];
  }

  /** Stabilized, then rate-limited and clamped: what the controller writes to scale.spec.replicas. */
  normalize(now: number, current: number, desired: number, min: number, max: number): number {
    const stabilized = this.stabilize(now, current, desired);
    return this.limitRate(now, current, stabilized, min, max);
  }

  /** Upstream keeps the unstabilized recommendation; windows use strict "after the cutoff". */
  private stabilize(now: number, current: number, desired: number): number {
    const upCutoff = now - this.behavior.scaleUp.stabilizationWindowSeconds;
    const downCutoff = now - this.behavior.scaleDown.stabilizationWindowSeconds;
    let up = desired;
    let down = desired;
    let oldIndex = -1;
    this.recommendations.forEach((rec, i) => {
      if (rec.at > upCutoff) up = Math.min(up, rec.replicas);
      if (rec.at > downCutoff) down = Math.max(down, rec.replicas);
      if (rec.at < upCutoff && rec.at < downCutoff) oldIndex = i;
    });
    let recommendation = current;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    const entry = { replicas: desired, at: now };
    if (oldIndex >= 0) this.recommendations[oldIndex] = entry;
    else this.recommendations.push(entry);
    return recommendation;
  }

  private limitRate(now: number, current: number, desired: number, min: number, max: number): number {
    if (desired > current) {
      const limit = Math.max(current, this.scaleUpLimit(now, current, this.behavior.scaleUp));
      return Math.min(desired, Math.min(max, limit));
    }
    if (desired < current) {
      const limit = Math.min(current, this.scaleDownLimit(now, current, this.behavior.scaleDown));
      return Math.max(desired, Math.max(min, limit));
    }
    return desired;
  }

  private changeInPeriod(events: readonly ScaleEvent[], now: number, period: number): number {
    return events.filter((e) => e.at > now - period).reduce((n, e) => n + e.change, 0);
  }

  private periodStart(now: number, current: number, period: number): number {
    return current - this.changeInPeriod(this.upEvents, now, period) + this.changeInPeriod(this.downEvents, now, period);
  }

  private scaleUpLimit(now: number, current: number, rules: ScalingRulesSpec): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const proposals = rules.policies.map((p) => {
      const start = this.periodStart(now, current, p.periodSeconds);
      // Rounded up so that a small Percent policy can still add a pod.
      return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    });
    return rules.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
  }

  private scaleDownLimit(now: number, current: number, rules: ScalingRulesSpec): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const proposals = rules.policies.map((p) => {
      const start = this.periodStart(now, current, p.periodSeconds);
      // int32(float64(start) * (1 - v/100)): truncated, unlike the ceiling on the way up.
      return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    });
    // The biggest allowed change is the lowest floor, so Max picks the minimum here.
    return rules.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
  }

  /** storeScaleEvent: one event per rescale; a slot older than the direction's longest period is reused. */
  recordScale(now: number, from: number, to: number): void {
    const up = to > from;
    const events = up ? this.upEvents : this.downEvents;
    const rules = up ? this.behavior.scaleUp : this.behavior.scaleDown;
    const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
    let reuse = -1;
    events.forEach((e, i) => {
      if (e.at < now - longest) e.outdated = true;
      if (e.outdated) reuse = i;
    });
    const event = { change: Math.abs(to - from), at: now, outdated: false };
    if (reuse >= 0) events[reuse] = event;
    else events.push(event);
  }
}
