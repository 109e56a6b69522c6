/** Checks of async workloads; the pod-level ones are shared with HTTP services. */
import { isPositiveInt } from '../rules/pod-checks';
import type { IssueCollector } from '../validate';

export {
  checkDisruptionAt, checkEnvAt, checkImageAt, checkNodePoolAt, checkResourcesAt, isPositiveInt,
} from '../rules/pod-checks';

/** KEDA's pollingInterval (≥ 1 s) and cooldownPeriod (≥ 0 s). */
export function checkKedaTiming(spec: { pollingIntervalSeconds?: number; cooldownSeconds?: number }, path: string, out: IssueCollector): void {
  if (spec.pollingIntervalSeconds !== undefined && !isPositiveInt(spec.pollingIntervalSeconds)) {
    out.report(`${path}.pollingIntervalSeconds`, 'keda-timing', `pollingIntervalSeconds (${spec.pollingIntervalSeconds}) must be an integer ≥ 1`);
  }
  const cooldown = spec.cooldownSeconds;
  if (cooldown !== undefined && !(Number.isInteger(cooldown) && cooldown >= 0)) {
    out.report(`${path}.cooldownSeconds`, 'keda-timing', `cooldownSeconds (${cooldown}) must be an integer ≥ 0`);
  }
}
