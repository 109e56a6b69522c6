import { resolveRegions } from '../resolve';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

/**
 * The capacity plan's rules: it names a service with a per-pod rate (error), and every region can
 * carry its even share of the target at maxReplicas (warning, at the path that sets maxReplicas
 * there, so a region override that lowers the ceiling is pointed at).
 */
export function checkCapacityPlan(platform: PlatformSpec, out: IssueCollector): void {
  const plan = platform.capacity;
  if (!plan) return;
  const path = `${platform.name}.capacity`;
  const [namespace, name, ...rest] = plan.service.split('/');
  const service = platform.namespaces[namespace]?.services?.[name ?? ''];
  if (rest.length > 0 || !name || !Object.prototype.hasOwnProperty.call(platform.namespaces, namespace) || !service) {
    out.report(`${path}.service`, 'capacity-plan', `'${plan.service}' is not an HTTP service of the platform; write namespace/service, e.g. web/api`);
    return;
  }
  const regions = resolveRegions(platform);
  const share = plan.targetRequestsPerSecond / Math.max(1, regions.length);
  for (const region of regions) {
    const resolved = region.namespaces.find((n) => n.name === namespace)?.services.find((s) => s.name === name);
    const rate = plan.requestsPerPod ?? resolved?.spec.autoscaling?.requestsPerSecondPerPod;
    if (!resolved || rate === undefined) {
      out.report(`${path}.requestsPerPod`, 'capacity-plan', `neither the plan nor ${plan.service}'s autoscaling in ${region.name} gives requests per second per pod`);
      return;
    }
    const max = resolved.spec.autoscaling?.maxReplicas ?? resolved.spec.eventScaling?.maxReplicas ?? resolved.spec.replicas ?? 1;
    const needed = Math.ceil(share / rate);
    if (needed > max) {
      out.warn(resolved.pathOf(resolved.spec.autoscaling ? 'autoscaling' : resolved.spec.eventScaling ? 'eventScaling' : 'replicas'), 'capacity-target',
        `${region.name} must serve ${Math.round(share).toLocaleString('en-US')} req/s (${plan.targetRequestsPerSecond.toLocaleString('en-US')} ÷ ${regions.length} regions), which at ${rate} req/s per pod needs ${needed.toLocaleString('en-US')} pods, but maxReplicas is ${max.toLocaleString('en-US')}`);
    }
  }
}
