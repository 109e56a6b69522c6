/**
 * Rules over what a platform claims about its own scaling: the Cluster Autoscaler's ceiling holds
 * every pool's workloads at maxReplicas, a source document's load/pods/CPU claims agree with the
 * HPA targets, and a namespace the compiler cannot size says so.
 */
import { foreignPodsIn } from '../../model/resolve';
import { parseQuantity } from '../quantity';
import { sortedKeys } from '../resolve';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { regionDemands } from './capacity';

/** The HPA's tolerance: no change while the usage ratio is within 10 % of 1 (kube-controller-manager default). */
const HPA_TOLERANCE = 0.1;

// One formatter: toLocaleString builds a new Intl.NumberFormat on every call.
const WHOLE_NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fmt = (n: number) => WHOLE_NUMBER.format(n);

/** Redis Cluster pods of a region, on their pools. */
function redisDemands(platform: PlatformSpec, region: string) {
  const out: { name: string; pool: string; max: number; requests: { cpu: string; memory: string } }[] = [];
  for (const ns of sortedKeys(platform.namespaces)) {
    for (const [name, base] of Object.entries(platform.namespaces[ns].data?.redis ?? {})) {
      const r = { ...base, ...(platform.regions[region].data?.redis?.[name] ?? {}) };
      out.push({ name, pool: r.nodePool, max: r.shards * (1 + r.replicasPerShard), requests: r.resources.requests });
    }
  }
  return out;
}

export function checkAutoscalerCapacity(platform: PlatformSpec, out: IssueCollector): void {
  const namespaces = sortedKeys(platform.namespaces);
  for (const pool of sortedKeys(platform.nodePools)) {
    const ca = platform.nodePools[pool].clusterAutoscaler;
    if (!ca) continue;
    const path = `${platform.name}.nodePools.${pool}.clusterAutoscaler`;
    if (ca.minNodesPerZone > ca.maxNodesPerZone) {
      out.report(`${path}.minNodesPerZone`, 'autoscaler-capacity', `minNodesPerZone (${ca.minNodesPerZone}) > maxNodesPerZone (${ca.maxNodesPerZone})`);
      continue;
    }
    for (const region of sortedKeys(platform.regions)) {
      const zones = platform.regions[region].zones.length;
      const nodes = ca.maxNodesPerZone * zones;
      const demands = [...regionDemands(platform, region, namespaces), ...redisDemands(platform, region)].filter((d) => d.pool === pool);
      for (const resource of ['cpu', 'memory'] as const) {
        const perNode = parseQuantity(ca.allocatablePerNode[resource]);
        const need = demands.reduce((sum, d) => sum + d.max * (parseQuantity(d.requests?.[resource] ?? '') || 0), 0);
        if (need <= nodes * perNode) continue;
        const unit = resource === 'cpu' ? (v: number) => `${+v.toFixed(2)} CPU` : (v: number) => `${+(v / 2 ** 30).toFixed(1)} GiB`;
        out.report(`${path}.maxNodesPerZone`, 'autoscaler-capacity',
          `region ${region}: at maxReplicas the pool's workloads request ${unit(need)}, but ${ca.maxNodesPerZone} nodes × ${zones} zones × ` +
          `${ca.allocatablePerNode[resource]} allocatable is ${unit(nodes * perNode)}: the Cluster Autoscaler stops at ${nodes} nodes and the rest stay Pending`);
      }
    }
  }
}

/** Operating points are platform-wide claims: checked once, against the platform-wide targets. */
export function checkOperatingPoints(platform: PlatformSpec, out: IssueCollector): void {
  for (const ns of sortedKeys(platform.namespaces)) {
    for (const svc of sortedKeys(platform.namespaces[ns].services)) {
      const a = platform.namespaces[ns].services[svc].autoscaling;
      if (!a?.operatingPoints) continue;
      a.operatingPoints.forEach((p, i) => {
        const path = `${platform.name}.namespaces.${ns}.services.${svc}.autoscaling.operatingPoints[${i}]`;
        const perPod = p.requestsPerSecond / p.replicas;
        if (a.requestsPerSecondPerPod !== undefined) {
          const needed = Math.min(a.maxReplicas, Math.max(a.minReplicas, Math.ceil(p.requestsPerSecond / a.requestsPerSecondPerPod)));
          if (needed !== p.replicas) {
            out.warn(`${path}.replicas`, 'operating-point',
              `"${p.says}": ${fmt(p.requestsPerSecond)} req/s at ${fmt(a.requestsPerSecondPerPod)} req/s per pod is ${needed} pods, not ${p.replicas} ` +
              `(${p.replicas} pods serve ${fmt(perPod)} req/s each, ${Math.round((100 * perPod) / a.requestsPerSecondPerPod)} % of the per-pod target)`);
          }
          if (p.cpuUtilization !== undefined && a.cpuUtilization !== undefined) {
            // CPU grows with load: the rate a pod serves at the CPU target, by this claim.
            const atTarget = (perPod * a.cpuUtilization) / p.cpuUtilization;
            if (Math.abs(atTarget / a.requestsPerSecondPerPod - 1) > HPA_TOLERANCE) {
              out.warn(`${path}.cpuUtilization`, 'operating-point',
                `"${p.says}": ${fmt(perPod)} req/s per pod at ${p.cpuUtilization} % CPU is ${fmt(atTarget)} req/s per pod at the ${a.cpuUtilization} % CPU target, ` +
                `not the ${fmt(a.requestsPerSecondPerPod)} req/s the HPA targets: the ${atTarget < a.requestsPerSecondPerPod ? 'CPU' : 'request-rate'} metric decides the pod count, ` +
                `and ${fmt(a.maxReplicas)} pods carry ${fmt(a.maxReplicas * Math.min(atTarget, a.requestsPerSecondPerPod))} req/s, not ${fmt(a.maxReplicas * a.requestsPerSecondPerPod)}`);
            }
          }
        }
      });
    }
  }
}

export function checkQuotaSkipped(platform: PlatformSpec, out: IssueCollector): void {
  for (const ns of sortedKeys(platform.namespaces)) {
    const foreign = foreignPodsIn(platform, ns);
    if (foreign.length === 0) continue;
    out.warn(`${platform.name}.namespaces.${ns}`, 'namespace-quota-skipped',
      `namespace ${ns} also runs pods of ${foreign.join(', ')}, which the compiler does not render: it gets no ResourceQuota or LimitRange, since they could not admit pods it cannot size`);
  }
}
