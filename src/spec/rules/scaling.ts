import { POLICY_TYPES, SELECT_POLICIES } from '../behavior-profiles';
import { behaviorProfiles } from '../behavior';
import { hasOwnEntry } from '../own-entry';
import { checkDisruptionAt } from './pod-checks';
import { ResolvedService } from '../resolve';
import { BehaviorSpec, PlatformSpec, ScalingRulesSpec } from '../types';
import type { IssueCollector } from '../validate';

/** The HPA API's own bounds (autoscaling/v2 validation). */
const MAX_POLICY_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_SECONDS = 3600;

function checkRules(rules: ScalingRulesSpec | undefined, path: string, out: IssueCollector): void {
  if (!rules) {
    out.report(path, 'behavior', 'scaleUp and scaleDown must both be given');
    return;
  }
  if (!SELECT_POLICIES.includes(rules.selectPolicy)) {
    out.report(`${path}.selectPolicy`, 'behavior', `selectPolicy '${rules.selectPolicy}' is not one of ${SELECT_POLICIES.join(', ')}`);
  }
  const window = rules.stabilizationWindowSeconds;
  if (!Number.isInteger(window) || window < 0 || window > MAX_STABILIZATION_SECONDS) {
    out.report(`${path}.stabilizationWindowSeconds`, 'behavior', `stabilizationWindowSeconds (${window}) must be an integer in 0-${MAX_STABILIZATION_SECONDS}`);
  }
  const policies = rules.policies ?? [];
  if (policies.length === 0 && rules.selectPolicy !== 'Disabled') {
    out.report(`${path}.policies`, 'behavior', 'at least one policy is required unless selectPolicy is Disabled');
  }
  policies.forEach((policy, i) => {
    const at = `${path}.policies[${i}]`;
    if (!POLICY_TYPES.includes(policy.type)) {
      out.report(`${at}.type`, 'behavior', `policy type '${policy.type}' is not one of ${POLICY_TYPES.join(', ')}`);
    }
    if (!Number.isInteger(policy.value) || policy.value < 1) {
      out.report(`${at}.value`, 'behavior', `policy value (${policy.value}) must be a positive integer`);
    }
    if (!Number.isInteger(policy.periodSeconds) || policy.periodSeconds < 1 || policy.periodSeconds > MAX_POLICY_PERIOD_SECONDS) {
      out.report(`${at}.periodSeconds`, 'behavior', `periodSeconds (${policy.periodSeconds}) must be an integer in 1-${MAX_POLICY_PERIOD_SECONDS}`);
    }
  });
}

export function checkBehavior(platform: PlatformSpec, behavior: string | BehaviorSpec, path: string, out: IssueCollector): void {
  if (typeof behavior === 'string') {
    if (!hasOwnEntry(behaviorProfiles(platform), behavior)) {
      out.report(path, 'behavior', `unknown behavior profile '${behavior}'; known: ${Object.keys(behaviorProfiles(platform)).sort().join(', ')}`);
    }
    return;
  }
  if (!behavior || typeof behavior !== 'object') {
    out.report(path, 'behavior', 'behavior must name a profile or give scaleUp and scaleDown');
    return;
  }
  checkRules(behavior.scaleUp, `${path}.scaleUp`, out);
  checkRules(behavior.scaleDown, `${path}.scaleDown`, out);
}

function checkAutoscaling(platform: PlatformSpec, service: ResolvedService, out: IssueCollector): number | undefined {
  const a = service.spec.autoscaling!;
  const path = service.pathOf('autoscaling');
  const { minReplicas: min, maxReplicas: max } = a;
  if (!Number.isInteger(min) || min < 1) {
    out.report(path, 'min-max-replicas', `minReplicas (${min}) must be an integer ≥ 1`);
    return undefined;
  }
  if (!Number.isInteger(max) || min > max) {
    out.report(path, 'min-max-replicas', `minReplicas (${min}) > maxReplicas (${max})`);
  }
  const targets = [a.cpuUtilization, a.memoryUtilization, a.requestsPerSecondPerPod].filter((t) => t !== undefined);
  if (targets.length === 0) {
    out.report(path, 'autoscaling-target', 'autoscaling needs at least one target: cpuUtilization, memoryUtilization or requestsPerSecondPerPod');
  }
  for (const key of ['cpuUtilization', 'memoryUtilization'] as const) {
    const value = a[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 100)) {
      out.report(`${path}.${key}`, 'autoscaling-target', `${key} (${value}) must be an integer percentage in 1-100 of the request`);
    }
  }
  if (a.requestsPerSecondPerPod !== undefined && !(a.requestsPerSecondPerPod > 0)) {
    out.report(`${path}.requestsPerSecondPerPod`, 'autoscaling-target', `requestsPerSecondPerPod (${a.requestsPerSecondPerPod}) must be > 0`);
  }
  if (a.peakRequestsPerSecond !== undefined && a.requestsPerSecondPerPod && a.requestsPerSecondPerPod > 0 && Number.isInteger(max)) {
    const needed = Math.ceil(a.peakRequestsPerSecond / a.requestsPerSecondPerPod);
    if (needed > max) {
      out.report(path, 'capacity',
        `peak ${a.peakRequestsPerSecond} req/s at ${a.requestsPerSecondPerPod} req/s per pod needs ${needed} pods, but maxReplicas is ${max}`);
    }
  }
  checkBehavior(platform, a.behavior, `${path}.behavior`, out);
  return min;
}

/** Rules about how many pods run: fixed or autoscaled counts, HPA behavior, disruption budgets. */
export function checkScaling(platform: PlatformSpec, service: ResolvedService, _region: string, out: IssueCollector): void {
  const { replicas, autoscaling, eventScaling } = service.spec;
  let replicasAtMin: number | undefined;
  const modes = [replicas, autoscaling, eventScaling].filter((m) => m !== undefined).length;
  if (autoscaling !== undefined && eventScaling !== undefined) {
    // KEDA creates its own HPA for a ScaledObject: two HPAs on one Deployment undo each other's scaling.
    out.report(service.pathOf('eventScaling'), 'replicas-mode',
      'autoscaling (an HPA) and eventScaling (a KEDA ScaledObject, which owns an HPA of its own) target the same Deployment; ' +
      'they would fight over spec.replicas: keep one, e.g. move the CPU target into eventScaling.cpuUtilization');
  } else if (modes !== 1) {
    out.report(service.pathOf(eventScaling || autoscaling ? 'replicas' : 'autoscaling'), 'replicas-mode',
      'give exactly one of replicas (a fixed count), autoscaling (an HPA) or eventScaling (a KEDA ScaledObject); ' +
      'an autoscaler and a fixed count would fight over spec.replicas');
  } else if (eventScaling) {
    // Bounds and triggers are checked with the other KEDA rules (workers/validate); here only the PDB.
    const min = eventScaling.minReplicas;
    if (Number.isInteger(min) && min >= 1) replicasAtMin = min;
  } else if (autoscaling) {
    replicasAtMin = checkAutoscaling(platform, service, out);
  } else if (!Number.isInteger(replicas) || replicas! < 1) {
    out.report(service.pathOf('replicas'), 'min-max-replicas', `replicas (${replicas}) must be an integer ≥ 1`);
  } else {
    replicasAtMin = replicas;
  }
  if (replicasAtMin !== undefined) checkDisruptionAt(service.spec.disruption, replicasAtMin, service.pathOf('disruption'), out);
}
