import { parseQuantity } from '../spec/quantity';
import { KubeObject } from './diff';

/** Pods and reserved resources of one cluster at its autoscalers' floors and ceilings. */
export interface Capacity {
  readonly podsAtFloor: number;
  readonly podsAtCeiling: number;
  /** Cores requested (requests × pods). */
  readonly coresAtFloor: number;
  readonly coresAtCeiling: number;
  /** Bytes of memory requested (requests × pods). */
  readonly memoryAtFloor: number;
  readonly memoryAtCeiling: number;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet']);
/** The only kinds {@link capacityOf} reads: a caller may hand it just these. */
export const CAPACITY_KINDS: ReadonlySet<string> = new Set([...WORKLOADS, 'HorizontalPodAutoscaler', 'ScaledObject']);

/** Requests of one pod: the sum over its containers (init containers run before, so they do not add up). */
function podRequests(workload: KubeObject): { cores: number; memory: number } {
  const containers: any[] = (workload as any).spec?.template?.spec?.containers ?? [];
  let cores = 0;
  let memory = 0;
  for (const container of containers) {
    const requests = container?.resources?.requests ?? {};
    if (requests.cpu !== undefined) cores += parseQuantity(String(requests.cpu)) || 0;
    if (requests.memory !== undefined) memory += parseQuantity(String(requests.memory)) || 0;
  }
  return { cores, memory };
}

/** One Deployment or StatefulSet with its replica range and what one pod requests. */
export interface WorkloadRange {
  readonly object: KubeObject;
  readonly min: number;
  readonly max: number;
  readonly cores: number;
  /** Bytes. */
  readonly memory: number;
}

/**
 * The replica range of every workload among `objects`: an HPA's or ScaledObject's min/max when one
 * targets it (by scaleTargetRef), else its fixed spec.replicas (default 1, as the API defaults it).
 * KEDA's defaults: minReplicaCount 0, maxReplicaCount 100; an HPA's minReplicas defaults to 1.
 */
export function workloadRanges(objects: Iterable<KubeObject>): WorkloadRange[] {
  const workloads: KubeObject[] = [];
  const ranges = new Map<string, { min: number; max: number }>();
  for (const object of objects) {
    const spec = (object as any).spec ?? {};
    if (WORKLOADS.has(object.kind)) workloads.push(object);
    else if (object.kind === 'HorizontalPodAutoscaler' && spec.scaleTargetRef) {
      ranges.set(`${spec.scaleTargetRef.kind}|${object.metadata.namespace ?? ''}|${spec.scaleTargetRef.name}`, { min: spec.minReplicas ?? 1, max: spec.maxReplicas ?? 1 });
    } else if (object.kind === 'ScaledObject' && spec.scaleTargetRef) {
      ranges.set(`${spec.scaleTargetRef.kind ?? 'Deployment'}|${object.metadata.namespace ?? ''}|${spec.scaleTargetRef.name}`, { min: spec.minReplicaCount ?? 0, max: spec.maxReplicaCount ?? 100 });
    }
  }
  return workloads.map((workload) => {
    const fixed = (workload as any).spec?.replicas ?? 1;
    const range = ranges.get(`${workload.kind}|${workload.metadata.namespace ?? ''}|${workload.metadata.name}`) ?? { min: fixed, max: fixed };
    return { object: workload, ...range, ...podRequests(workload) };
  });
}

/** Pods, cores and memory of `objects` at their floors and ceilings (see {@link workloadRanges}). */
export function capacityOf(objects: Iterable<KubeObject>): Capacity {
  const total = { podsAtFloor: 0, podsAtCeiling: 0, coresAtFloor: 0, coresAtCeiling: 0, memoryAtFloor: 0, memoryAtCeiling: 0 };
  for (const { min, max, cores, memory } of workloadRanges(objects)) {
    total.podsAtFloor += min;
    total.podsAtCeiling += max;
    total.coresAtFloor += min * cores;
    total.coresAtCeiling += max * cores;
    total.memoryAtFloor += min * memory;
    total.memoryAtCeiling += max * memory;
  }
  return total;
}
