import { parseQuantity } from '../quantity';
import { resolveRegions, sortedKeys } from '../resolve';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

const RESOURCES = ['cpu', 'memory'] as const;

function show(resource: 'cpu' | 'memory', amount: number): string {
  return resource === 'cpu' ? `${+amount.toFixed(1)} CPU` : `${+(amount / 2 ** 30).toFixed(1)} GiB`;
}

/**
 * Does each node pool hold its workloads? At minReplicas it must (an error: the floor could never
 * be scheduled); at maxReplicas it should (a warning: the autoscaler would leave pods Pending).
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
  for (const region of resolveRegions(platform)) {
    for (const pool of sortedKeys(platform.nodePools)) {
      const capacity = platform.nodePools[pool].capacityPerRegion;
      if (!capacity) continue;
      const services = region.namespaces.flatMap((ns) => ns.services).filter((s) => s.spec.nodePool === pool);
      for (const resource of RESOURCES) {
        const available = capacity[resource] === undefined ? Number.NaN : parseQuantity(capacity[resource]!);
        if (Number.isNaN(available)) continue;
        let atMin = 0;
        let atMax = 0;
        const terms: string[] = [];
        for (const s of services) {
          const request = parseQuantity(s.spec.resources?.requests?.[resource] ?? '');
          const min = s.spec.autoscaling?.minReplicas ?? s.spec.replicas ?? 0;
          const max = s.spec.autoscaling?.maxReplicas ?? s.spec.replicas ?? 0;
          if (!(request > 0)) continue;
          atMin += min * request;
          atMax += max * request;
          terms.push(`${s.name} ${max} × ${s.spec.resources.requests[resource]}`);
        }
        const path = `${platform.name}.nodePools.${pool}.capacityPerRegion.${resource}`;
        if (atMin > available) {
          note(path, true, region.name, `minReplicas alone need ${show(resource, atMin)}, more than the pool's ${show(resource, available)}`);
        } else if (atMax > available) {
          note(path, false, region.name,
            `at maxReplicas the pool's workloads need ${show(resource, atMax)} (${terms.join(' + ')}), ` +
            `but the pool has ${show(resource, available)}; replicas beyond that stay Pending until the pool grows`);
        }
      }
    }
  }
  for (const [key, { path, error, regions }] of findings) {
    const message = `${regions.length > 1 ? 'regions' : 'region'} ${regions.join(', ')}: ${key.split('\u0000')[1]}`;
    if (error) out.report(path, 'pool-capacity', message);
    else out.warn(path, 'pool-capacity', message);
  }
}
