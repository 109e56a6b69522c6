/**
 * Cross-object rules on workloads over a rendered tree: autoscalers target objects that exist and
 * own their replica count, PodDisruptionBudgets select pods and let a drain through at the floor,
 * Services select pods. Everything is matched within one cluster folder and namespace.
 */
import { findingOn, TreeFinding } from './finding';
import {
  addonCharts, asJson, clusterOfFolder, describeObject, Json, mapSelector, podSources, PodSource, selectorMatches, selectsAddonPods, TreeObject,
} from './objects';

interface Autoscaler {
  readonly scaler: TreeObject;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** The fewest replicas it scales the target to. */
  readonly min: number;
  /** Field path of the scaler's target name and floor. */
  readonly refPath: string;
  readonly minPath: string;
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const int = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isInteger(value) ? value : fallback);

/** HPAs (autoscaling/*) and KEDA ScaledObjects, with the target they scale and their floor. */
function autoscalers(objects: readonly TreeObject[]): Autoscaler[] {
  const out: Autoscaler[] = [];
  for (const o of objects) {
    const spec = asJson(o.object.spec);
    const ref = asJson(spec.scaleTargetRef);
    if (o.group === 'autoscaling' && o.kind === 'HorizontalPodAutoscaler') {
      // minReplicas defaults to 1 (autoscaling/v2).
      out.push({ scaler: o, group: groupOf(String(ref.apiVersion ?? '')), kind: String(ref.kind ?? ''), name: String(ref.name ?? ''),
        min: int(spec.minReplicas, 1), refPath: 'spec.scaleTargetRef', minPath: 'spec.minReplicas' });
    } else if (o.group === 'keda.sh' && o.kind === 'ScaledObject') {
      // KEDA defaults the target to apps/v1 Deployment and minReplicaCount to 0.
      out.push({ scaler: o, group: groupOf(String(ref.apiVersion ?? 'apps/v1')), kind: String(ref.kind ?? 'Deployment'), name: String(ref.name ?? ''),
        min: int(spec.minReplicaCount, 0), refPath: 'spec.scaleTargetRef', minPath: 'spec.minReplicaCount' });
    }
  }
  return out;
}

const scopeKey = (o: TreeObject) => `${o.folder}\0${o.namespace ?? ''}`;

/** Items grouped by cluster folder and namespace: every rule matches within one. */
function byScope<T>(items: readonly T[], objectOf: (item: T) => TreeObject): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = scopeKey(objectOf(item));
    if (!out.has(key)) out.set(key, []);
    out.get(key)!.push(item);
  }
  return out;
}
const SCALED_KINDS = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet']);

function checkScaleTargets(objects: readonly TreeObject[], scalers: readonly Autoscaler[], out: TreeFinding[]): Map<TreeObject, Autoscaler> {
  const scaled = new Map<TreeObject, Autoscaler>();
  const scopes = byScope(objects, (o) => o);
  for (const a of scalers) {
    const target = (scopes.get(scopeKey(a.scaler)) ?? []).find((o) => o.group === a.group && o.kind === a.kind && o.name === a.name);
    if (!target) {
      out.push(findingOn(a.scaler, 'scale-target-exists', `${a.refPath}.name`,
        `scales ${a.group ? `${a.group}/` : ''}${a.kind} ${a.scaler.namespace ? `${a.scaler.namespace}/` : ''}${a.name}, which is not in ${a.scaler.folder}/`));
      continue;
    }
    scaled.set(target, a);
    const replicas = asJson(target.object.spec).replicas;
    if (replicas !== undefined && replicas !== null) {
      out.push(findingOn(target, 'autoscaled-replicas-unset', 'spec.replicas',
        `sets replicas: ${JSON.stringify(replicas)} but ${describeObject(a.scaler)} scales it; every sync resets the count to ${JSON.stringify(replicas)} and fights the autoscaler`));
    }
  }
  return scaled;
}

/** The replicas a workload never goes below: its autoscaler's floor, else spec.replicas (default 1). */
function floorOf(source: PodSource, scaled: Map<TreeObject, Autoscaler>): number | undefined {
  const o = source.owner;
  if (!SCALED_KINDS.has(`${o.group}/${o.kind}`)) return o.kind === 'Pod' ? 1 : undefined;
  return scaled.get(o)?.min ?? int(asJson(o.object.spec).replicas, 1);
}

/** An IntOrString of a PDB scaled against `count` pods, rounding up as the disruption controller does. */
function scaled(value: unknown, count: number): number | undefined {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return m ? Math.ceil((Number(m[1]) * count) / 100) : undefined;
}

/** Disruptions the PDB allows with `count` healthy pods (the controller's disruptionsAllowed). */
function disruptionsAllowed(spec: Json, count: number): { allowed: number; by: string } | undefined {
  if (spec.minAvailable !== undefined) {
    const n = scaled(spec.minAvailable, count);
    return n === undefined ? undefined : { allowed: count - n, by: `minAvailable ${JSON.stringify(spec.minAvailable)} keeps ${n}` };
  }
  if (spec.maxUnavailable !== undefined) {
    const n = scaled(spec.maxUnavailable, count);
    return n === undefined ? undefined : { allowed: Math.min(n, count), by: `maxUnavailable ${JSON.stringify(spec.maxUnavailable)} allows ${n}` };
  }
  return undefined;
}

function checkDisruptionBudgets(objects: readonly TreeObject[], sources: Map<string, PodSource[]>, scaledBy: Map<TreeObject, Autoscaler>, out: TreeFinding[]): void {
  for (const pdb of objects.filter((o) => o.group === 'policy' && o.kind === 'PodDisruptionBudget')) {
    const spec = asJson(pdb.object.spec);
    const selector = asJson(spec.selector);
    const selected = (sources.get(scopeKey(pdb)) ?? []).filter((s) => selectorMatches(selector, s.labels));
    if (selected.length === 0) {
      if (!selectsAddonPods(selector, pdb.namespace, addonCharts(objects, clusterOfFolder(pdb.folder)))) {
        out.push(findingOn(pdb, 'pdb-selects-pods', 'spec.selector', `selects no pod template in ${pdb.folder}/ namespace ${pdb.namespace ?? '(none)'}`));
      }
      continue;
    }
    const floors = selected.map((s) => floorOf(s, scaledBy));
    if (floors.some((f) => f === undefined)) continue; // DaemonSet or Job pods: no replica floor to reason about.
    const count = (floors as number[]).reduce((a, b) => a + b, 0);
    if (count === 0) continue; // Scaled to zero: nothing to drain.
    const verdict = disruptionsAllowed(spec, count);
    if (!verdict || verdict.allowed > 0) continue;
    const owners = selected.map((s) => {
      const a = scaledBy.get(s.owner);
      return `${describeObject(s.owner)} at ${a ? `${a.minPath.split('.').pop()} ${a.min}` : `replicas ${floorOf(s, scaledBy)}`}`;
    }).join(', ');
    const field = spec.minAvailable !== undefined ? 'spec.minAvailable' : 'spec.maxUnavailable';
    out.push(findingOn(pdb, 'pdb-allows-drain', field,
      `${verdict.by} of ${count} pod(s) (${owners}): 0 disruptions allowed, so a node drain waits forever`));
  }
}

function checkServiceSelectors(objects: readonly TreeObject[], sources: Map<string, PodSource[]>, out: TreeFinding[]): void {
  for (const svc of objects.filter((o) => o.group === '' && o.kind === 'Service')) {
    const spec = asJson(svc.object.spec);
    const selector = asJson(spec.selector);
    // No selector: endpoints are managed by hand or by a controller; ExternalName has no endpoints.
    if (spec.type === 'ExternalName' || Object.keys(selector).length === 0) continue;
    if ((sources.get(scopeKey(svc)) ?? []).some((s) => selectorMatches(mapSelector(selector), s.labels))) continue;
    if (selectsAddonPods(mapSelector(selector), svc.namespace, addonCharts(objects, clusterOfFolder(svc.folder)))) continue;
    out.push(findingOn(svc, 'service-selects-pods', 'spec.selector',
      `selector ${JSON.stringify(selector)} matches no pod template in ${svc.folder}/ namespace ${svc.namespace ?? '(none)'}, so the Service has no endpoints`));
  }
}

export function checkWorkloadRules(objects: readonly TreeObject[]): TreeFinding[] {
  const out: TreeFinding[] = [];
  const sources = byScope(podSources(objects), (s) => s.owner);
  const scaledBy = checkScaleTargets(objects, autoscalers(objects), out);
  checkDisruptionBudgets(objects, sources, scaledBy, out);
  checkServiceSelectors(objects, sources, out);
  return out;
}
