import { parseQuantity } from '../quantity';
import { resolveRegions, sortedKeys } from '../resolve';
import { PlatformSpec, ResourcesSpec } from '../types';
import type { IssueCollector } from '../validate';
import { resolveAsync } from '../workers/resolve';

const RESOURCES = ['cpu', 'memory'] as const;

/** One workload's claim on a node pool in one region. */
interface PoolDemand {
  readonly name: string;
  readonly pool: string;
  readonly min: number;
  readonly max: number;
  readonly requests: ResourcesSpec['requests'] | undefined;
}

function show(resource: 'cpu' | 'memory', amount: number): string {
  return resource === 'cpu' ? `${+amount.toFixed(1)} CPU` : `${+(amount / 2 ** 30).toFixed(1)} GiB`;
}

/** Every workload of a region with its pool and replica range: HTTP services, queue workers, writers, consumers. */
export function regionDemands(platform: PlatformSpec, region: string, namespaces: readonly string[]): PoolDemand[] {
  const demands: PoolDemand[] = [];
  for (const ns of resolveRegions(platform).find((r) => r.name === region)?.namespaces ?? []) {
    for (const s of ns.services) {
      const range = s.spec.autoscaling ?? s.spec.eventScaling;
      demands.push({
        name: s.name, pool: s.spec.nodePool, requests: s.spec.resources?.requests,
        min: range?.minReplicas ?? s.spec.replicas ?? 0, max: range?.maxReplicas ?? s.spec.replicas ?? 0,
      });
    }
  }
  for (const ns of namespaces) {
    const async = platform.namespaces[ns].async;
    if (!async) continue;
    const resolved = resolveAsync(platform, ns, region);
    for (const q of resolved.queues) {
      demands.push({ name: q.name, pool: q.spec.nodePool ?? async.celery?.nodePool ?? '', requests: q.spec.resources?.requests, min: q.spec.minWorkers, max: q.spec.maxWorkers });
    }
    for (const w of [...resolved.batchWriters, ...resolved.kafkaConsumers]) {
      demands.push({ name: w.name, pool: w.spec.nodePool ?? '', requests: w.spec.resources?.requests, min: w.spec.minWorkers, max: w.spec.maxWorkers });
    }
  }
  return demands;
}

/**
 * Does each node pool hold its workloads? At minReplicas it must (an error: the floor could never
 * be scheduled); at maxReplicas it should (a warning, pool-capacity-at-max: the autoscaler would leave pods Pending).
 * Runs only on an otherwise valid spec, where every workload resolves.
 */
export function checkCapacity(platform: PlatformSpec, out: IssueCollector): void {
  // Regions with the same finding are reported in one line: "regions apac, eu-west: …".
  const findings = new Map<string, { path: string; error: boolean; regions: string[] }>();
  const note = (path: string, error: boolean, region: string, message: string) => {
    const key = `${path}\u0000${message}`;
    const found = findings.get(key) ?? { path, error, regions: [] };
    found.regions.push(region);
    findings.set(key, found);
  };
  const namespaces = sortedKeys(platform.namespaces);
  for (const region of sortedKeys(platform.regions)) {
    const demands = regionDemands(platform, region, namespaces);
    for (const pool of sortedKeys(platform.nodePools)) {
      const capacity = platform.nodePools[pool].capacityPerRegion;
      if (!capacity) continue;
      const onPool = demands.filter((d) => d.pool === pool);
      for (const resource of RESOURCES) {
        const available = capacity[resource] === undefined ? Number.NaN : parseQuantity(capacity[resource]!);
        if (Number.isNaN(available)) continue;
        let atMin = 0;
        let atMax = 0;
        const terms: string[] = [];
        for (const d of onPool) {
          const request = parseQuantity(d.requests?.[resource] ?? '');
          if (!(request > 0)) continue;
          atMin += d.min * request;
          atMax += d.max * request;
          terms.push(`${d.name} ${d.max} × ${d.requests![resource]}`);
        }
        const path = `${platform.name}.nodePools.${pool}.capacityPerRegion.${resource}`;
        if (atMin > available) {
          note(path, true, region, `minReplicas alone need ${show(resource, atMin)}, more than the pool's ${show(resource, available)}`);
        } else if (atMax > available) {
          note(path, false, region,
            `at maxReplicas the pool's workloads need ${show(resource, atMax)} (${terms.join(' + ')}), ` +
            `but the pool has ${show(resource, available)}; replicas beyond that stay Pending until the pool grows`);
        }
      }
    }
  }
  for (const [key, { path, error, regions }] of findings) {
    const message = `${regions.length > 1 ? 'regions' : 'region'} ${regions.join(', ')}: ${key.split('\u0000')[1]}`;
    if (error) out.report(path, 'pool-capacity', message);
    else out.warn(path, 'pool-capacity-at-max', message);
  }
}
