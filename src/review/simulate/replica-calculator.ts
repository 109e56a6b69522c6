/**
 * The replica calculator of the HPA controller (pkg/controller/podautoscaler/replica_calculator.go),
 * ported over groups of identical pods instead of single pods: GetResourceReplicas for CPU and
 * memory utilization targets, calcPlainMetricReplicas for Pods metrics (requests per second).
 * Values are integers in the API's milli-units, as upstream sums them.
 */

/** How groupPods classified a group of identical pods for one metric. */
export type PodStanding = 'counted' | 'ignored' | 'missing';

export interface PodGroup {
  readonly count: number;
  readonly standing: PodStanding;
  /** The metric sample of each pod (milli-units); 0 when missing. */
  readonly value: number;
  /** Each pod's request of the resource (milli-units); unused for Pods metrics. */
  readonly request: number;
}

export type MetricKind = 'resource' | 'pods';

interface Entry { count: number; value: number; request: number }

function sum(entries: readonly Entry[], pick: (e: Entry) => number): number {
  return entries.reduce((n, e) => n + e.count * pick(e), 0);
}

/** GetResourceUtilizationRatio (integer percent) or GetMetricUtilizationRatio (integer average). */
function ratio(kind: MetricKind, entries: readonly Entry[], target: number): number {
  if (kind === 'resource') {
    const utilization = Math.trunc((sum(entries, (e) => e.value) * 100) / sum(entries, (e) => e.request));
    return utilization / target;
  }
  const average = Math.trunc(sum(entries, (e) => e.value) / sum(entries, () => 1));
  return average / target;
}

/**
 * The replica proposal for one metric, or undefined where upstream returns an error
 * ("did not receive metrics for any ready pods"). `target` is the utilization percent
 * (resource) or the average value in milli-units (pods).
 */
export function proposeReplicas(kind: MetricKind, current: number, groups: readonly PodGroup[], target: number, tolerance: number): number | undefined {
  const counted = groups.filter((g) => g.standing === 'counted' && g.count > 0);
  const ignored = groups.filter((g) => g.standing === 'ignored' && g.count > 0);
  const missing = groups.filter((g) => g.standing === 'missing' && g.count > 0);
  const readyPodCount = sum(counted, () => 1);
  if (readyPodCount === 0) return undefined;

  const usageRatio = ratio(kind, counted, target);
  const rebalanceIgnored = ignored.length > 0 && usageRatio > 1;
  if (!rebalanceIgnored && missing.length === 0) {
    if (Math.abs(1 - usageRatio) <= tolerance) return current;
    return Math.ceil(usageRatio * readyPodCount);
  }

  const metrics: Entry[] = counted.map((g) => ({ count: g.count, value: g.value, request: g.request }));
  // Missing pods: 100 % of request (or the target) on a scale-down, 0 on a scale-up.
  // Upstream's resource path adds them only when the ratio is strictly above or below 1.
  const scaleDown = usageRatio < 1;
  const scaleUp = kind === 'resource' ? usageRatio > 1 : usageRatio >= 1;
  for (const g of missing) {
    if (scaleDown) metrics.push({ count: g.count, value: kind === 'resource' ? g.request : target, request: g.request });
    else if (scaleUp) metrics.push({ count: g.count, value: 0, request: g.request });
  }
  // Unready (and pending) pods count as using nothing, and only on a scale-up.
  if (rebalanceIgnored) for (const g of ignored) metrics.push({ count: g.count, value: 0, request: g.request });

  const newUsageRatio = ratio(kind, metrics, target);
  if (Math.abs(1 - newUsageRatio) <= tolerance || (usageRatio < 1 && newUsageRatio > 1) || (usageRatio > 1 && newUsageRatio < 1)) {
    return current;
  }
  const proposal = Math.ceil(newUsageRatio * sum(metrics, () => 1));
  if (kind === 'resource' && ((newUsageRatio < 1 && proposal > current) || (newUsageRatio > 1 && proposal < current))) return current;
  return proposal;
}
