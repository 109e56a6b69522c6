import { parseQuantity } from '../../spec/quantity';
import { AutoscalingSpec, ServiceSpec } from '../../spec/types';
import { MetricTarget, PodModel } from './engine';
import { startupTiming } from './pods';

/**
 * What the simulator needs from a service's spec: its HPA metrics and a pod model. The spec
 * says what a pod requests and where the HPA aims, not what a request costs, so one bridging
 * assumption is made and stated: at the requests-per-second target a pod runs at the CPU
 * target (the two targets describe the same operating point). Without a CPU target, a pod at
 * its requests-per-second target is taken to use its whole CPU request.
 */
export interface PodAssumptions {
  /** The app's boot time; @default the startup probe's whole budget (see startupTiming). */
  readonly bootSeconds?: number;
  /** Memory in use with no load, % of the request. @default 50 */
  readonly memoryIdlePercent?: number;
  /** Memory in use at the target load, % of the request. @default memoryIdlePercent (flat) */
  readonly memoryAtTargetPercent?: number;
}

export interface ServiceModel {
  readonly metrics: MetricTarget[];
  readonly pod: PodModel;
  /** What one unit of `--load` is. */
  readonly loadUnit: string;
}

export function modelService(spec: ServiceSpec, autoscaling: AutoscalingSpec, assumptions: PodAssumptions = {}): ServiceModel {
  const cpuRequest = parseQuantity(spec.resources.requests.cpu);
  const cpuLimit = spec.resources.limits.cpu === undefined ? undefined : parseQuantity(spec.resources.limits.cpu);
  const memoryRequest = parseQuantity(spec.resources.requests.memory);
  const rps = autoscaling.requestsPerSecondPerPod;
  const cpuTarget = autoscaling.cpuUtilization;

  // Load unit: requests per second when the HPA sees them, else pods' worth at the CPU target.
  const cpuAtOneUnit = rps ? (cpuRequest * (cpuTarget ?? 100)) / 100 / rps : (cpuRequest * (cpuTarget ?? 100)) / 100;
  const unitsAtTarget = rps ?? 1;
  const idle = (memoryRequest * (assumptions.memoryIdlePercent ?? 50)) / 100;
  const atTarget = (memoryRequest * (assumptions.memoryAtTargetPercent ?? assumptions.memoryIdlePercent ?? 50)) / 100;

  const metrics: MetricTarget[] = [];
  if (cpuTarget !== undefined) metrics.push({ type: 'cpu', utilization: cpuTarget });
  if (autoscaling.memoryUtilization !== undefined) metrics.push({ type: 'memory', utilization: autoscaling.memoryUtilization });
  if (rps !== undefined) metrics.push({ type: 'rps', averageValue: rps });

  return {
    metrics,
    pod: {
      cpuRequestCores: cpuRequest,
      cpuLimitCores: cpuLimit,
      cpuCoresPerUnit: cpuAtOneUnit,
      memoryRequestBytes: memoryRequest,
      memoryIdleBytes: idle,
      memoryBytesPerUnit: (atTarget - idle) / unitsAtTarget,
      readySeconds: startupTiming(spec.probes, assumptions.bootSeconds).readySeconds,
    },
    loadUnit: rps ? 'req/s' : 'pods of load at the CPU target',
  };
}
