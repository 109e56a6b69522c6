/**
 * Which services a region runs (`regions.<r>.runsOnly`, seed 001's "critical services only"), and
 * the connection budget of each external dependency those services share.
 */
import { resolveRegions, sortedKeys } from '../resolve';
import type { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

export function checkRegionServices(platform: PlatformSpec, out: IssueCollector): void {
  const declared = new Set(sortedKeys(platform.namespaces).flatMap((ns) => sortedKeys(platform.namespaces[ns].services)));
  for (const region of sortedKeys(platform.regions)) {
    const runsOnly = platform.regions[region].runsOnly;
    for (const name of sortedKeys(runsOnly)) {
      if (!declared.has(name)) {
        out.report(`${platform.name}.regions.${region}.runsOnly.${name}`, 'region-runs-only',
          `no namespace declares a service '${name}'; declared: ${[...declared].sort().join(', ')}`);
      }
    }
  }
  for (const region of resolveRegions(platform)) {
    const running = new Set(region.namespaces.flatMap((ns) => ns.services.map((s) => s.name)));
    for (const service of region.namespaces.flatMap((ns) => ns.services)) {
      for (const callee of service.spec.mesh?.calls ?? []) {
        if (declared.has(callee) && !running.has(callee)) {
          out.report(`${platform.name}.regions.${region.name}.runsOnly`, 'region-runs-only',
            `${service.name} runs in ${region.name} and calls ${callee}, which does not: add ${callee} to runsOnly or drop the call`);
        }
      }
    }
  }
}

export function checkExternalConnectionBudgets(platform: PlatformSpec, out: IssueCollector): void {
  const external = platform.mesh?.externalServices ?? {};
  const regions = resolveRegions(platform);
  for (const name of sortedKeys(external)) {
    const budget = external[name].connectionBudget;
    if (!budget) continue;
    const path = `${platform.name}.mesh.externalServices.${name}.connectionBudget`;
    for (const region of regions) {
      const services = new Map(region.namespaces.flatMap((ns) => ns.services.map((s) => [s.name, s] as const)));
      const terms: string[] = [];
      let total = 0;
      for (const client of sortedKeys(budget.clients)) {
        const service = services.get(client);
        if (!service) continue; // not run in this region (runsOnly), or unknown: checked below
        if (!(service.spec.mesh?.callsExternal ?? []).includes(name)) {
          out.report(`${path}.clients.${client}`, 'external-connection-budget', `${client} does not declare ${name} in mesh.callsExternal, so its pods cannot reach it`);
        }
        const pods = service.spec.autoscaling?.maxReplicas ?? service.spec.eventScaling?.maxReplicas ?? service.spec.replicas ?? 1;
        const perPod = budget.clients[client].connectionsPerPod;
        total += pods * perPod;
        terms.push(`${client} ${pods} × ${perPod}`);
      }
      if (total > budget.maxConnections) {
        out.report(`${path}.maxConnections`, 'external-connection-budget',
          `region ${region.name}: at maxReplicas the clients open ${total} connections (${terms.join(' + ')}), ${total - budget.maxConnections} over maxConnections ${budget.maxConnections}`);
      }
    }
    const everywhere = new Set(regions.flatMap((r) => r.namespaces.flatMap((ns) => ns.services.map((s) => s.name))));
    for (const client of sortedKeys(budget.clients)) {
      if (!everywhere.has(client)) out.report(`${path}.clients.${client}`, 'external-connection-budget', `no service '${client}' runs in any region`);
    }
  }
}
