import { ProbesSpec } from '../../spec/types';

/**
 * Pods as the simulation keeps them: cohorts of identical pods created by one scale-up,
 * with the moments they start running (after a node, if one had to be provisioned) and
 * turn ready (after their probes pass).
 */
export interface Cohort {
  count: number;
  readonly createdAt: number;
  /** Pod phase Running from here (status.startTime); Pending before. */
  readonly startAt: number;
  /** Ready condition True from here. */
  readonly readyAt: number;
}

/** Probe defaults as Kubernetes applies them (and the spec documents). */
const PROBE_DEFAULTS = { periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 0 };

export interface StartupTiming {
  /** Seconds from container start until the Ready condition turns True. */
  readonly readySeconds: number;
  /** The longest boot the startup probe tolerates before the kubelet restarts the container. */
  readonly startupBudgetSeconds: number;
}

/**
 * When a pod turns ready, from its probes. The startup probe runs at initialDelaySeconds and
 * every periodSeconds after; it passes at the first run at or after the app has booted, and
 * the container is restarted once failureThreshold runs have failed, so the slowest boot that
 * still passes is initialDelaySeconds + periodSeconds × (failureThreshold − 1). Readiness
 * probes run only after startup has passed, on their own period from their initial delay;
 * the first passing run sets Ready (successThreshold 1).
 *
 * `bootSeconds` defaults to that slowest boot: the probes are the only statement of start-up
 * time the spec has, and taking their whole budget is the cautious reading.
 */
export function startupTiming(probes: ProbesSpec, bootSeconds?: number): StartupTiming {
  const startup = { ...PROBE_DEFAULTS, ...probes.startup };
  const readiness = { ...PROBE_DEFAULTS, ...probes.readiness };
  const budget = startup.initialDelaySeconds + startup.periodSeconds * (startup.failureThreshold - 1);
  const boot = bootSeconds ?? budget;
  if (boot > budget) {
    throw new RangeError(`a ${boot}s boot exceeds the startup probe's budget of ${budget}s (initialDelaySeconds + periodSeconds × (failureThreshold − 1)); the kubelet would restart the container`);
  }
  const firstRunAtOrAfter = (t: number, initialDelay: number, period: number) =>
    initialDelay + Math.max(0, Math.ceil((t - initialDelay) / period)) * period;
  const startupPassed = firstRunAtOrAfter(boot, startup.initialDelaySeconds, startup.periodSeconds);
  const ready = firstRunAtOrAfter(startupPassed, readiness.initialDelaySeconds, readiness.periodSeconds);
  return { readySeconds: ready, startupBudgetSeconds: budget };
}

export interface NodeCapacity {
  /** Cores free for this workload's pods on existing nodes when the run starts. */
  readonly spareCores: number;
  /** Seconds from a pod not fitting until a new node has joined and the pod runs. */
  readonly provisionSeconds: number;
}

export class PodSet {
  readonly cohorts: Cohort[] = [];
  /** Cores of this pool's nodes this workload may use; grows when nodes are provisioned. */
  private schedulableCores: number;

  constructor(initial: number, private readonly cpuRequest: number, private readonly readySeconds: number, private readonly nodes?: NodeCapacity) {
    // Steady state: the initial pods have been ready for as long as anyone remembers.
    const past = -1e9;
    if (initial > 0) this.cohorts.push({ count: initial, createdAt: past, startAt: past, readyAt: past });
    this.schedulableCores = initial * cpuRequest + (nodes?.spareCores ?? Number.POSITIVE_INFINITY);
  }

  get total(): number {
    return this.cohorts.reduce((n, c) => n + c.count, 0);
  }

  readyAt(t: number): number {
    return this.cohorts.reduce((n, c) => n + (c.readyAt <= t ? c.count : 0), 0);
  }

  pendingAt(t: number): number {
    return this.cohorts.reduce((n, c) => n + (c.startAt > t ? c.count : 0), 0);
  }

  /** New pods: those that fit run at once, the rest wait for a node (cluster autoscaler). */
  add(t: number, count: number): void {
    const free = Math.max(0, Math.floor((this.schedulableCores - this.total * this.cpuRequest) / this.cpuRequest + 1e-9));
    const fitting = Math.min(count, free);
    if (fitting > 0) this.cohorts.push({ count: fitting, createdAt: t, startAt: t, readyAt: t + this.readySeconds });
    const waiting = count - fitting;
    if (waiting > 0 && this.nodes) {
      const startAt = t + this.nodes.provisionSeconds;
      this.cohorts.push({ count: waiting, createdAt: t, startAt, readyAt: startAt + this.readySeconds });
      // Nodes stay once added: the cluster autoscaler removes them only after minutes of idleness.
      this.schedulableCores += waiting * this.cpuRequest;
    }
  }

  /**
   * Removes pods in the ReplicaSet controller's order of preference: pending before running,
   * unready before ready, then the most recently ready first.
   */
  remove(t: number, count: number): void {
    const rank = (c: Cohort) => (c.startAt > t ? 0 : c.readyAt > t ? 1 : 2);
    const order = [...this.cohorts].sort((a, b) => rank(a) - rank(b) || b.readyAt - a.readyAt || b.createdAt - a.createdAt);
    let left = count;
    for (const cohort of order) {
      const taken = Math.min(left, cohort.count);
      cohort.count -= taken;
      left -= taken;
      if (left === 0) break;
    }
    for (let i = this.cohorts.length - 1; i >= 0; i--) if (this.cohorts[i].count === 0) this.cohorts.splice(i, 1);
  }
}
