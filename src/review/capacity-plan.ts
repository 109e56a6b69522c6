import type { CapacityPlanModel, Resources } from '../model/capacity-plan';
import { WorkloadRange, workloadRanges } from './capacity';
import { KubeObject } from './diff';

/**
 * `plan --capacity`: seed 000's "Scaling Math" and "Resource Requirements", computed from the
 * spec's capacity plan (target, per-pod rate, pools, overhead, prices) and the render (each
 * region's replica ranges and requests, region overrides included).
 */

/** Cores, memory (bytes), pods and monthly cost at one point of the replica range. */
export interface Point {
  readonly pods: number;
  readonly cores: number;
  readonly memory: number;
  /** Per month (730 h) at the plan's unit prices; undefined without prices. */
  readonly cost?: number;
}

export interface PoolRow {
  /** A node pool of the spec, `(no pool)` for pods that select none, or `overhead` for the plan's overheadPerRegion. */
  readonly pool: string;
  readonly floor: Point;
  /** The plan's service at the pods its share needs (never below its floor), everything else at its floor. */
  readonly target: Point;
  readonly ceiling: Point;
  /** The pool's capacityPerRegion from the spec, and what it costs. */
  readonly budget?: Point;
}

export interface ScalingMath {
  readonly service: string;
  /** The region's even share of the target, unrounded. */
  readonly requestsPerSecond: number;
  readonly requestsPerPod: number;
  /** Share ÷ rate, rounded up. */
  readonly podsNeeded: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Requests per second the ceiling serves at the per-pod rate. */
  readonly servedAtCeiling: number;
  /** Pods beyond the need at the ceiling, and as a share of the need (negative: short). */
  readonly headroomPods: number;
  readonly headroomPercent: number;
  /** The floor as a share of the need, in percent. */
  readonly floorPercent: number;
  readonly meetsTarget: boolean;
}

export interface CapacityFlag {
  readonly level: 'danger';
  readonly rule: 'capacity-target';
  readonly region: string;
  readonly text: string;
}

export interface RegionCapacity {
  readonly region: string;
  /** Undefined when the region renders no instance of the plan's service. */
  readonly scaling?: ScalingMath;
  readonly pools: readonly PoolRow[];
  readonly total: PoolRow;
}

export interface CapacityReport {
  readonly platform: string;
  readonly targetRequestsPerSecond: number;
  readonly regions: readonly RegionCapacity[];
  /** Sums over the regions. */
  readonly total: PoolRow;
  readonly currency?: string;
  readonly hoursPerMonth: number;
  readonly flags: readonly CapacityFlag[];
}

const GiB = 2 ** 30;
const NO_POOL = '(no pool)';

function costOf(plan: CapacityPlanModel, cores: number, memory: number): number | undefined {
  if (!plan.prices) return undefined;
  return (cores * plan.prices.perCoreHour + (memory / GiB) * plan.prices.perGiBHour) * plan.hoursPerMonth;
}

function point(plan: CapacityPlanModel, pods: number, cores: number, memory: number): Point {
  const cost = costOf(plan, cores, memory);
  return { pods, cores, memory, ...(cost !== undefined ? { cost } : {}) };
}

const fromResources = (plan: CapacityPlanModel, r: Resources, pods = 0) => point(plan, pods, r.cores, r.memory);

function sum(plan: CapacityPlanModel, pool: string, rows: readonly PoolRow[]): PoolRow {
  const add = (pick: (row: PoolRow) => Point | undefined) => {
    const points = rows.map(pick).filter((p): p is Point => p !== undefined);
    return point(plan, points.reduce((n, p) => n + p.pods, 0), points.reduce((n, p) => n + p.cores, 0), points.reduce((n, p) => n + p.memory, 0));
  };
  const budgets = rows.some((r) => r.budget);
  return { pool, floor: add((r) => r.floor), target: add((r) => r.target), ceiling: add((r) => r.ceiling), ...(budgets ? { budget: add((r) => r.budget) } : {}) };
}

/** The pool a pod template selects: the spec pool all of whose node labels its nodeSelector carries. */
function poolOf(plan: CapacityPlanModel, workload: KubeObject): string {
  const selector: Record<string, string> = (workload as any).spec?.template?.spec?.nodeSelector ?? {};
  const pool = plan.pools.find((p) => Object.entries(p.nodeLabels).every(([k, v]) => selector[k] === v));
  return pool?.name ?? NO_POOL;
}

function scalingMath(plan: CapacityPlanModel, region: string, service: WorkloadRange | undefined): ScalingMath | undefined {
  const rate = plan.requestsPerPod[region];
  if (!service || rate === undefined) return undefined;
  const share = plan.targetPerRegion;
  const podsNeeded = Math.ceil(share / rate);
  return {
    service: `${plan.service.namespace}/${plan.service.name}`,
    requestsPerSecond: share,
    requestsPerPod: rate,
    podsNeeded,
    minReplicas: service.min,
    maxReplicas: service.max,
    servedAtCeiling: service.max * rate,
    headroomPods: service.max - podsNeeded,
    headroomPercent: ((service.max - podsNeeded) / podsNeeded) * 100,
    floorPercent: (service.min / podsNeeded) * 100,
    meetsTarget: service.max >= podsNeeded,
  };
}

/** One region's cluster: its scaling math and resources per pool (objects: the cluster folder's render). */
export function regionCapacity(plan: CapacityPlanModel, region: string, objects: Iterable<KubeObject>): RegionCapacity {
  const workloads = workloadRanges(objects);
  const isService = (w: WorkloadRange) => w.object.kind === 'Deployment' && w.object.metadata.namespace === plan.service.namespace && w.object.metadata.name === plan.service.name;
  const service = workloads.find(isService);
  const scaling = scalingMath(plan, region, service);
  const names = [...plan.pools.map((p) => p.name), NO_POOL];
  const pools = names.flatMap((name): PoolRow[] => {
    const here = workloads.filter((w) => poolOf(plan, w.object) === name);
    const budget = plan.pools.find((p) => p.name === name)?.budgetPerRegion;
    if (here.length === 0 && !budget) return [];
    const at = (pods: (w: WorkloadRange) => number) => point(plan,
      here.reduce((n, w) => n + pods(w), 0), here.reduce((n, w) => n + pods(w) * w.cores, 0), here.reduce((n, w) => n + pods(w) * w.memory, 0));
    const targetPods = (w: WorkloadRange) => (isService(w) && scaling ? Math.max(w.min, scaling.podsNeeded) : w.min);
    return [{ pool: name, floor: at((w) => w.min), target: at(targetPods), ceiling: at((w) => w.max), ...(budget ? { budget: fromResources(plan, budget) } : {}) }];
  });
  const overhead = plan.overheadPerRegion;
  if (overhead.cores > 0 || overhead.memory > 0) {
    const fixed = fromResources(plan, overhead);
    pools.push({ pool: 'overhead', floor: fixed, target: fixed, ceiling: fixed, budget: fixed });
  }
  return { region, ...(scaling ? { scaling } : {}), pools, total: sum(plan, 'total', pools) };
}

/** Every region of a platform; `objectsOf(region)` gives the render of its cluster folder. */
export function capacityReport(platform: string, plan: CapacityPlanModel, objectsOf: (region: string) => Iterable<KubeObject>): CapacityReport {
  const regions = plan.regions.map((region) => regionCapacity(plan, region, objectsOf(region)));
  const flags: CapacityFlag[] = [];
  for (const { region, scaling } of regions) {
    if (!scaling || scaling.meetsTarget) continue;
    flags.push({
      level: 'danger', rule: 'capacity-target', region,
      text: `${region} cannot serve its ${Math.floor(scaling.requestsPerSecond).toLocaleString('en-US')} req/s even at maxReplicas: ` +
        `${scaling.maxReplicas.toLocaleString('en-US')} pods × ${scaling.requestsPerPod} req/s = ${scaling.servedAtCeiling.toLocaleString('en-US')} req/s; ` +
        `it needs ${scaling.podsNeeded.toLocaleString('en-US')} pods`,
    });
  }
  return {
    platform,
    targetRequestsPerSecond: plan.targetRequestsPerSecond,
    regions,
    total: sum(plan, 'total', regions.map((r) => r.total)),
    ...(plan.prices ? { currency: plan.prices.currency } : {}),
    hoursPerMonth: plan.hoursPerMonth,
    flags,
  };
}
