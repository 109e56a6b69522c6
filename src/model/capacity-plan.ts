/**
 * The capacity plan, resolved: the per-region target, the per-pod rate each region's instance of
 * the service runs at (region overrides applied), the node pools with their labels and budgets,
 * the overhead and the unit prices, every default from src/model/defaults.ts.
 */
import { parseQuantity } from '../spec/quantity';
import { resolveRegions, sortedKeys } from '../spec/resolve';
import { PlatformSpec } from '../spec/types';
import { CAPACITY_DEFAULTS } from './defaults';

export interface Resources {
  readonly cores: number;
  /** Bytes. */
  readonly memory: number;
}

export interface CapacityPlanModel {
  readonly targetRequestsPerSecond: number;
  /** Region names, sorted; the target is split evenly over them. */
  readonly regions: readonly string[];
  readonly targetPerRegion: number;
  readonly service: { readonly namespace: string; readonly name: string };
  /** Requests per second one pod serves, by region; undefined where neither the plan nor the service says. */
  readonly requestsPerPod: Readonly<Record<string, number | undefined>>;
  readonly overheadPerRegion: Resources;
  readonly pools: readonly { readonly name: string; readonly nodeLabels: Readonly<Record<string, string>>; readonly budgetPerRegion?: Resources }[];
  readonly prices?: { readonly perCoreHour: number; readonly perGiBHour: number; readonly currency: string };
  readonly hoursPerMonth: number;
}

const resources = (q: { cpu?: string; memory?: string } | undefined): Resources => ({
  cores: q?.cpu !== undefined ? parseQuantity(q.cpu) || 0 : 0,
  memory: q?.memory !== undefined ? parseQuantity(q.memory) || 0 : 0,
});

/** The platform's capacity plan, or undefined when the spec has none. */
export function resolveCapacityPlan(platform: PlatformSpec): CapacityPlanModel | undefined {
  const plan = platform.capacity;
  if (!plan) return undefined;
  const [namespace, name] = plan.service.split('/');
  const regions = resolveRegions(platform);
  const requestsPerPod: Record<string, number | undefined> = {};
  for (const region of regions) {
    const service = region.namespaces.find((n) => n.name === namespace)?.services.find((s) => s.name === name);
    requestsPerPod[region.name] = plan.requestsPerPod ?? service?.spec.autoscaling?.requestsPerSecondPerPod;
  }
  return {
    targetRequestsPerSecond: plan.targetRequestsPerSecond,
    regions: regions.map((r) => r.name),
    targetPerRegion: plan.targetRequestsPerSecond / Math.max(1, regions.length),
    service: { namespace, name },
    requestsPerPod,
    overheadPerRegion: resources(plan.overheadPerRegion),
    pools: sortedKeys(platform.nodePools).map((pool) => ({
      name: pool,
      nodeLabels: platform.nodePools[pool].nodeLabels,
      ...(platform.nodePools[pool].capacityPerRegion ? { budgetPerRegion: resources(platform.nodePools[pool].capacityPerRegion) } : {}),
    })),
    ...(plan.prices ? { prices: { perCoreHour: plan.prices.perCoreHour, perGiBHour: plan.prices.perGiBHour, currency: plan.prices.currency ?? CAPACITY_DEFAULTS.currency } } : {}),
    hoursPerMonth: CAPACITY_DEFAULTS.hoursPerMonth,
  };
}
