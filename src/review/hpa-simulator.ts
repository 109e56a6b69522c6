import { BehaviorSpec } from '../spec/types';
import { ReplicaChange, simulate } from './simulate/engine';

/**
 * The HPA simulator's public face. `simulate` (./simulate/engine) is the faithful model: CPU
 * capped at the limit, pods unready while their probes pass, metrics that lag, the replica
 * calculator's treatment of unready and missing pods. `simulateHpa` keeps the idealised model
 * for behavior profiles alone: every pod ready the moment it is created, each metric read
 * exactly, load measured in pods' worth at the target. It runs the same controller code, so
 * the two differ only in what the controller is shown.
 */
export { simulate } from './simulate/engine';
export type { MetricTarget, PodModel, ReplicaChange, SimulationConfig, SimulationResult, SyncPoint } from './simulate/engine';
export { stepLoad } from './simulate/load';

export interface IdealSimulationInput {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly behavior: BehaviorSpec;
  /** Replicas running when the simulation starts. @default minReplicas */
  readonly initialReplicas?: number;
  /** Load in pods' worth at the HPA target, per second. */
  readonly load: (seconds: number) => number;
  readonly durationSeconds: number;
  /** @default 15 */
  readonly syncPeriodSeconds?: number;
  /** @default 0.1 */
  readonly tolerance?: number;
}

/** Every replica change of the idealised model (the optimistic bound), in time order. */
export function simulateHpa(input: IdealSimulationInput): ReplicaChange[] {
  return simulate({
    minReplicas: input.minReplicas, maxReplicas: input.maxReplicas, behavior: input.behavior,
    initialReplicas: input.initialReplicas, load: input.load, durationSeconds: input.durationSeconds,
    // One unit of load is one pod at target; a Pods metric reports it exactly, a second old.
    metrics: [{ type: 'rps', averageValue: 1 }],
    pod: { cpuRequestCores: 1, cpuCoresPerUnit: 1, memoryRequestBytes: 1, memoryIdleBytes: 0, memoryBytesPerUnit: 0, readySeconds: 0 },
    controller: { syncPeriodSeconds: input.syncPeriodSeconds ?? 15, tolerance: input.tolerance ?? 0.1 },
    metricsPipeline: { resolutionSeconds: 1, delaySeconds: 0 },
  }).changes;
}

/** Replicas running at a moment, from a change list. */
export function replicasAt(changes: readonly ReplicaChange[], initial: number, atSeconds: number): number {
  return changes.filter((c) => c.atSeconds <= atSeconds).reduce((_, c) => c.to, initial);
}
