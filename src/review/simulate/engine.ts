import { BehaviorSpec } from '../../spec/types';
import { BehaviorState } from './behavior';
import { Cohort, NodeCapacity, PodSet } from './pods';
import { MetricKind, PodGroup, proposeReplicas } from './replica-calculator';

/**
 * The HPA controller against a model of the pods it scales, one simulated second at a time.
 * Traffic reaches ready pods only, split evenly; a pod serves at most what its CPU limit
 * allows, so a saturated pod reports at most limit ÷ request of utilization. metrics-server
 * samples every `resolutionSeconds` over the preceding window; the controller syncs every
 * `syncPeriodSeconds` and reads the newest sample at least `delaySeconds` old.
 */
export type MetricTarget =
  | { readonly type: 'cpu'; readonly utilization: number }
  | { readonly type: 'memory'; readonly utilization: number }
  | { readonly type: 'rps'; readonly averageValue: number };

export interface PodModel {
  readonly cpuRequestCores: number;
  /** No cap without a limit: the pod may burst into the node's idle CPU. */
  readonly cpuLimitCores?: number;
  /** CPU one unit of load costs a pod. */
  readonly cpuCoresPerUnit: number;
  readonly memoryRequestBytes: number;
  readonly memoryIdleBytes: number;
  readonly memoryBytesPerUnit: number;
  /** Seconds from running to Ready (see startupTiming). */
  readonly readySeconds: number;
}

export interface ControllerSettings {
  /** --horizontal-pod-autoscaler-sync-period. @default 15 */
  readonly syncPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-tolerance. @default 0.1 */
  readonly tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period. @default 300 */
  readonly cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. @default 30 */
  readonly initialReadinessDelaySeconds: number;
}

export interface MetricsPipeline {
  /**
   * metrics-server --metric-resolution, also the window each sample averages over.
   * @default 15: the value metrics-server's released components.yaml (and Helm chart) sets;
   * the binary's own default is 60 s.
   */
  readonly resolutionSeconds: number;
  /** Extra age of the newest sample the controller can read (API and adapter latency). @default 0 */
  readonly delaySeconds: number;
}

export const CONTROLLER_DEFAULTS: ControllerSettings = {
  syncPeriodSeconds: 15, tolerance: 0.1, cpuInitializationPeriodSeconds: 300, initialReadinessDelaySeconds: 30,
};
export const METRICS_DEFAULTS: MetricsPipeline = { resolutionSeconds: 15, delaySeconds: 0 };

export interface SimulationConfig {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly behavior: BehaviorSpec;
  /** @default minReplicas */
  readonly initialReplicas?: number;
  readonly metrics: readonly MetricTarget[];
  readonly pod: PodModel;
  /** Offered load, in units per second, at each second. */
  readonly load: (seconds: number) => number;
  readonly durationSeconds: number;
  readonly controller?: Partial<ControllerSettings>;
  readonly metricsPipeline?: Partial<MetricsPipeline>;
  readonly nodes?: NodeCapacity;
}

export interface ReplicaChange {
  readonly atSeconds: number;
  readonly from: number;
  readonly to: number;
  /** The controller's own proposal (max over metrics), before stabilization, rate limits and min/max. */
  readonly recommended: number;
  /** Pods the offered load needs at the target, uncapped: what a perfect controller would run. */
  readonly needed: number;
}

/** One controller sync: what the cluster looked like and what the controller did. */
export interface SyncPoint {
  readonly atSeconds: number;
  readonly load: number;
  /** scale.spec.replicas after this sync's decision. */
  readonly replicas: number;
  /** Pods ready (and serving) when the sync ran. */
  readonly ready: number;
  readonly pending: number;
  /** Load the ready pods can serve (at their CPU limit; at the target without a limit). */
  readonly capacity: number;
  readonly served: number;
  readonly needed: number;
  /** undefined when no metric could be computed (the controller skips the sync). */
  readonly recommended?: number;
}

export interface SimulationResult {
  readonly changes: ReplicaChange[];
  readonly syncs: SyncPoint[];
  /** Load units per pod at the HPA target (the tightest metric): what `needed` divides by. */
  readonly loadPerPodAtTarget: number;
  /** Load one ready pod can serve at most. */
  readonly podCapacity: number;
  /** Offered minus served, summed over seconds (unit·s): the load the cluster turned away or queued. */
  readonly unservedUnitSeconds: number;
}

/** Load one pod carries at each metric's target; Infinity where the metric ignores load. */
export function loadPerPodAtTarget(metrics: readonly MetricTarget[], pod: PodModel): number {
  const perMetric = metrics.map((m) => {
    if (m.type === 'rps') return m.averageValue;
    if (m.type === 'cpu') return (pod.cpuRequestCores * m.utilization) / 100 / pod.cpuCoresPerUnit;
    const room = (pod.memoryRequestBytes * m.utilization) / 100 - pod.memoryIdleBytes;
    return pod.memoryBytesPerUnit > 0 ? Math.max(0, room) / pod.memoryBytesPerUnit : Number.POSITIVE_INFINITY;
  });
  return Math.min(...perMetric);
}

/** A quantity's MilliValue, as the metrics APIs hand the controller integers. */
function milli(x: number): number {
  return Math.floor(x * 1000 + 1e-6);
}

export function simulate(config: SimulationConfig): SimulationResult {
  const controller = { ...CONTROLLER_DEFAULTS, ...config.controller };
  const pipeline = { ...METRICS_DEFAULTS, ...config.metricsPipeline };
  const { pod, minReplicas, maxReplicas } = config;
  const initial = config.initialReplicas ?? minReplicas;
  const window = pipeline.resolutionSeconds;
  const perPodAtTarget = loadPerPodAtTarget(config.metrics, pod);
  const podCapacity = pod.cpuLimitCores === undefined ? Number.POSITIVE_INFINITY : pod.cpuLimitCores / pod.cpuCoresPerUnit;
  const pods = new PodSet(initial, pod.cpuRequestCores, pod.readySeconds, config.nodes);
  const behavior = new BehaviorState(config.behavior, initial, 0);
  let specReplicas = initial;

  // Load served by each ready pod, per second: the series every sample is taken from.
  const servedPerPod: number[] = [];
  const changes: ReplicaChange[] = [];
  const syncs: SyncPoint[] = [];
  let unserved = 0;
  const needed = (t: number) => (Number.isFinite(perPodAtTarget) ? Math.ceil(config.load(t) / perPodAtTarget - 1e-9) : 0);

  for (let t = 0; t <= config.durationSeconds; t++) {
    const ready = pods.readyAt(t);
    const load = config.load(t);
    const perPod = ready > 0 ? Math.min(load / ready, podCapacity) : 0;
    servedPerPod[t] = perPod;
    if (t > 0) unserved += load - perPod * ready;
    if (t === 0 || t % controller.syncPeriodSeconds !== 0) continue;

    const sampleAt = Math.floor((t - pipeline.delaySeconds) / pipeline.resolutionSeconds) * pipeline.resolutionSeconds;
    const recommended = recommend(t, sampleAt);
    const current = specReplicas;
    let desired = current;
    // A target scaled to zero by hand has autoscaling switched off (upstream: ScalingDisabled).
    if (current === 0 && minReplicas !== 0) desired = 0;
    else if (current > maxReplicas) desired = maxReplicas;
    else if (current < minReplicas) desired = minReplicas;
    else if (recommended !== undefined) desired = behavior.normalize(t, current, recommended, minReplicas, maxReplicas);

    syncs.push({
      atSeconds: t, load, replicas: desired, ready, pending: pods.pendingAt(t),
      capacity: ready * (Number.isFinite(podCapacity) ? podCapacity : perPodAtTarget), served: perPod * ready,
      needed: needed(t), recommended,
    });
    if (desired !== current) {
      changes.push({ atSeconds: t, from: current, to: desired, recommended: recommended ?? current, needed: needed(t) });
      behavior.recordScale(t, current, desired);
      if (desired > current) pods.add(t, desired - current);
      else pods.remove(t, current - desired);
      specReplicas = desired;
    }
  }
  return { changes, syncs, loadPerPodAtTarget: perPodAtTarget, podCapacity, unservedUnitSeconds: unserved };

  /** computeReplicasForMetrics: the highest valid proposal; none when every metric fails. */
  function recommend(t: number, sampleAt: number): number | undefined {
    let best: number | undefined;
    let invalid = 0;
    for (const metric of config.metrics) {
      const groups = pods.cohorts.map((c) => podGroup(metric, c, t, sampleAt));
      const [kind, target]: [MetricKind, number] = metric.type === 'rps' ? ['pods', milli(metric.averageValue)] : ['resource', metric.utilization];
      const proposal = proposeReplicas(kind, specReplicas, groups, target, controller.tolerance);
      if (proposal === undefined) invalid++;
      else if (best === undefined || proposal > best) best = proposal;
    }
    // Upstream refuses to act when every metric failed, or when some failed and the rest say scale down.
    if (invalid === config.metrics.length || (invalid > 0 && best !== undefined && best < specReplicas)) return undefined;
    return best;
  }

  /** groupPods for one cohort, with the sample metrics-server would hold for each of its pods. */
  function podGroup(metric: MetricTarget, c: Cohort, t: number, sampleAt: number): PodGroup {
    const request = metric.type === 'cpu' ? milli(pod.cpuRequestCores) : metric.type === 'memory' ? Math.round(pod.memoryRequestBytes) : 0;
    if (c.startAt > t) return { count: c.count, standing: 'ignored', value: 0, request }; // Pending
    // A pod appears in metrics once it has run for a whole window before the sample.
    if (sampleAt < c.startAt + window) return { count: c.count, standing: 'missing', value: 0, request };
    const averageServed = () => {
      let total = 0;
      for (let s = sampleAt - window + 1; s <= sampleAt; s++) if (s >= c.readyAt) total += servedPerPod[Math.max(0, s)];
      return total / window;
    };
    if (metric.type === 'memory') {
      const bytes = pod.memoryIdleBytes + (sampleAt >= c.readyAt ? servedPerPod[Math.max(0, sampleAt)] * pod.memoryBytesPerUnit : 0);
      return { count: c.count, standing: 'counted', value: Math.floor(bytes), request };
    }
    if (metric.type === 'rps') return { count: c.count, standing: 'counted', value: milli(averageServed()), request };
    const value = milli(averageServed() * pod.cpuCoresPerUnit);
    const isReady = c.readyAt <= t;
    let ignore: boolean;
    if (c.startAt + controller.cpuInitializationPeriodSeconds > t) {
      // Within the CPU initialization period: unready, or ready for less than one sample window.
      ignore = !isReady || sampleAt < c.readyAt + window;
    } else {
      // Afterwards only a pod that has never been ready is ignored (its condition last
      // changed within initial-readiness-delay of its start).
      const lastTransition = isReady ? c.readyAt : c.startAt;
      ignore = !isReady && c.startAt + controller.initialReadinessDelaySeconds > lastTransition;
    }
    return { count: c.count, standing: ignore ? 'ignored' : 'counted', value, request };
  }
}
