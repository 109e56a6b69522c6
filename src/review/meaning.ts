import { scaleIntOrPercent } from '../spec/disruption';
import { parseQuantity } from '../spec/quantity';
import { brokerNotes } from './broker-meaning';
import { FieldChange, KubeObject, ObjectChange } from './diff';
import { postgresNotes } from './postgres-meaning';

/** What a change means for the running system, graded for the reviewer. */
export interface Note {
  readonly level: 'info' | 'caution' | 'danger';
  readonly text: string;
}

/** Looks up the object that shapes another (the HPA of a Deployment, …) in the new render. */
export type Lookup = (cluster: string, kind: string, namespace: string | undefined, name: string) => KubeObject | undefined;

const get = (object: unknown, path: string): any =>
  path.split('.').reduce((o: any, key) => (o === undefined || o === null ? undefined : o[key]), object);

const touches = (fields: readonly FieldChange[], prefix: string) =>
  fields.filter((f) => f.path === prefix || f.path.startsWith(`${prefix}.`) || f.path.startsWith(`${prefix}[`));

function replicaRange(change: ObjectChange, lookup: Lookup): { min: number; max: number } | undefined {
  const hpa = lookup(change.cluster, 'HorizontalPodAutoscaler', change.namespace, change.name);
  if (hpa) return { min: get(hpa, 'spec.minReplicas') ?? 1, max: get(hpa, 'spec.maxReplicas') };
  const scaled = lookup(change.cluster, 'ScaledObject', change.namespace, change.name);
  if (scaled) return { min: get(scaled, 'spec.minReplicaCount') ?? 0, max: get(scaled, 'spec.maxReplicaCount') ?? 100 };
  const deployment = lookup(change.cluster, 'Deployment', change.namespace, change.name);
  const fixed = get(deployment, 'spec.replicas');
  return typeof fixed === 'number' ? { min: fixed, max: fixed } : undefined;
}

function showAmount(resource: string, amount: number): string {
  return resource === 'cpu' ? `${+amount.toFixed(2)} CPU` : `${+(amount / 2 ** 30).toFixed(1)} GiB`;
}

function deploymentNotes(change: ObjectChange, lookup: Lookup): Note[] {
  const notes: Note[] = [];
  const { fields, before, after } = change;
  if (touches(fields, 'spec.selector').length > 0) {
    notes.push({ level: 'danger', text: 'the selector is immutable: apply will fail; the Deployment must be deleted and recreated, taking its pods with it' });
  }
  if (touches(fields, 'spec.replicas').length > 0 && lookup(change.cluster, 'HorizontalPodAutoscaler', change.namespace, change.name)) {
    notes.push({ level: 'caution', text: 'spec.replicas is set under an HPA: every sync resets the autoscaler\'s count' });
  }
  const template = touches(fields, 'spec.template');
  if (template.length > 0) {
    const range = replicaRange(change, lookup);
    const surge = get(after, 'spec.strategy.rollingUpdate.maxSurge') ?? '25%';
    const images = template.filter((f) => /\.containers\[[^\]]+\]\.image$/.test(f.path)).map((f) => String(f.after));
    const pods = range ? `${range.min}–${range.max} pods` : 'every pod';
    const perStep = range ? `, up to ${scaleIntOrPercent(surge, range.min)} extra pods at a time at minReplicas` : '';
    notes.push({ level: 'info', text: `rolling update of ${pods}${images.length ? ` to ${images.join(', ')}` : ''} (maxSurge ${surge}${perStep})` });
  }
  for (const resource of ['cpu', 'memory']) {
    const path = `spec.template.spec.containers.0.resources.requests.${resource}`;
    const old = parseQuantity(String(get(before, path) ?? ''));
    const next = parseQuantity(String(get(after, path) ?? ''));
    if (!(old > 0) || !(next > 0) || old === next) continue;
    const range = replicaRange(change, lookup);
    const delta = next - old;
    const sign = delta > 0 ? '+' : '−';
    const at = range ? `: ${sign}${showAmount(resource, Math.abs(delta) * range.min)} reserved at minReplicas, ${sign}${showAmount(resource, Math.abs(delta) * range.max)} at maxReplicas` : '';
    notes.push({ level: delta > 0 ? 'caution' : 'info', text: `${resource} request per pod ${get(before, path)} → ${get(after, path)}${at}` });
  }
  return notes;
}

function describeRules(rules: any): string {
  if (!rules) return 'default';
  const policies = (rules.policies ?? []).map((p: any) => `${p.type === 'Percent' ? `${p.value}%` : `${p.value} pods`}/${p.periodSeconds}s`);
  return `${policies.join(rules.selectPolicy === 'Min' ? ' or (lower) ' : ' or (higher) ')}, window ${rules.stabilizationWindowSeconds ?? 0}s`;
}

/** HPAs and KEDA ScaledObjects alike: KEDA's behavior lives under advanced.horizontalPodAutoscalerConfig. */
function autoscalerNotes(change: ObjectChange): Note[] {
  const notes: Note[] = [];
  const { before, after } = change;
  const keda = change.kind === 'ScaledObject';
  const [minField, maxField] = keda ? ['spec.minReplicaCount', 'spec.maxReplicaCount'] : ['spec.minReplicas', 'spec.maxReplicas'];
  const behaviorPath = keda ? 'spec.advanced.horizontalPodAutoscalerConfig.behavior' : 'spec.behavior';
  const fields = change.fields;
  const min = [get(before, minField), get(after, minField)];
  const max = [get(before, maxField), get(after, maxField)];
  if (min[0] !== min[1]) {
    notes.push({ level: min[1] < min[0] ? 'caution' : 'info', text: `floor ${min[0]} → ${min[1]} pods${min[1] < min[0] ? ': less headroom for a sudden spike' : ''}` });
  }
  if (max[0] !== max[1]) {
    const perPod = (get(after, 'spec.metrics') ?? []).find((m: any) => m.type === 'Pods')?.pods?.target?.averageValue;
    const carries = perPod !== undefined ? ` (${(max[1] * parseQuantity(String(perPod))).toLocaleString('en-US')} req/s at ${perPod} per pod)` : '';
    notes.push({
      level: max[1] < max[0] ? 'caution' : 'info',
      text: `ceiling ${max[0]} → ${max[1]} pods${carries}${max[1] < max[0] ? ': load beyond the new ceiling queues or fails' : ''}`,
    });
  }
  for (const direction of ['scaleUp', 'scaleDown']) {
    if (touches(fields, `${behaviorPath}.${direction}`).length > 0) {
      notes.push({
        level: 'info',
        text: `${direction === 'scaleUp' ? 'scale-up' : 'scale-down'} ${describeRules(get(before, `${behaviorPath}.${direction}`))} → ${describeRules(get(after, `${behaviorPath}.${direction}`))}`,
      });
    }
  }
  const targets = (o: any) => new Map<string, number>((get(o, 'spec.metrics') ?? []).map((m: any) =>
    [m.resource?.name ?? m.pods?.metric?.name, m.resource?.target?.averageUtilization ?? parseQuantity(String(m.pods?.target?.averageValue ?? ''))]));
  const [old, next] = [targets(before), targets(after)];
  for (const [metric, value] of next) {
    const was = old.get(metric);
    if (was === undefined || was === value) continue;
    const ratio = was / value;
    notes.push({
      level: 'info',
      text: `${metric} target ${was} → ${value}: at the same load the HPA runs ${ratio > 1 ? `${((ratio - 1) * 100).toFixed(0)}% more` : `${((1 - ratio) * 100).toFixed(0)}% fewer`} pods`,
    });
  }
  return notes;
}

function budgetNotes(change: ObjectChange, lookup: Lookup): Note[] {
  const range = replicaRange(change, lookup);
  if (!range) return [];
  const spec = get(change.after, 'spec') ?? {};
  const allowed = spec.maxUnavailable !== undefined
    ? scaleIntOrPercent(spec.maxUnavailable, range.min)
    : range.min - scaleIntOrPercent(spec.minAvailable, range.min);
  return [{
    level: allowed < 1 ? 'danger' : 'info',
    text: allowed < 1 ? `no pod may be evicted at ${range.min} replicas: node drains will block` : `a drain may evict ${allowed} of ${range.min} pods at minReplicas`,
  }];
}

/**
 * StatefulSets hold data per pod: a replica change adds or removes nodes with their volumes,
 * and for a sharded store (a Redis Cluster) moves data between them, so it is never routine.
 */
function statefulSetNotes(change: ObjectChange): Note[] {
  const notes: Note[] = [];
  const replicas = touches(change.fields, 'spec.replicas')[0];
  if (replicas) {
    notes.push({ level: 'danger', text: `StatefulSet replicas ${replicas.before} → ${replicas.after}: ` +
      `${Number(replicas.after) < Number(replicas.before) ? 'pods and the data they serve are removed' : 'new, empty pods join'}; ` +
      'a formed cluster does not reshape itself (slots must be resharded, nodes added or removed by an operator)' });
  }
  if (touches(change.fields, 'spec.template').length > 0) {
    notes.push({ level: 'caution', text: `rolling restart of all ${get(change.after, 'spec.replicas')} pods, one at a time from the highest ordinal` });
  }
  if (touches(change.fields, 'spec.volumeClaimTemplates').length > 0 || touches(change.fields, 'spec.selector').length > 0) {
    notes.push({ level: 'danger', text: 'volumeClaimTemplates and the selector are immutable: apply will fail; the StatefulSet must be recreated' });
  }
  return notes;
}

/** A Redis Cluster's bootstrap Job carries the wanted shape: a changed one means data moves. */
function redisBootstrapNotes(change: ObjectChange): Note[] {
  const env = (o: unknown, name: string) => (get(o, 'spec.template.spec.containers.0.env') ?? []).find((e: any) => e.name === name)?.value;
  const notes: Note[] = [];
  for (const [name, what] of [['REDIS_SHARDS', 'shards'], ['REDIS_REPLICAS_PER_SHARD', 'replicas per shard']] as const) {
    const [before, after] = [env(change.before, name), env(change.after, name)];
    if (before !== undefined && after !== undefined && before !== after) {
      notes.push({ level: 'danger', text: `Redis Cluster ${what} ${before} → ${after}: ${name === 'REDIS_SHARDS' ? 'slots (and their keys) move between primaries' : 'replicas are added or removed'}; the bootstrap refuses a formed cluster of another shape (exit 3) until an operator reshapes it` });
    }
  }
  return notes;
}

/** The notes for one object change; every change gets at least one. */
export function explain(change: ObjectChange, lookup: Lookup): Note[] {
  const postgres = postgresNotes(change);
  if (postgres) return postgres;
  if (change.change === 'removed') {
    if (change.kind === 'Namespace') return [{ level: 'danger', text: `prunes namespace ${change.name} and everything in it` }];
    return [{ level: 'caution', text: `Argo CD prunes ${change.kind} ${change.name}` }];
  }
  if (change.change === 'added') return [{ level: 'info', text: `creates ${change.kind} ${change.name}` }];
  if (change.fields.every((f) => f.path.startsWith('metadata.labels') || f.path.startsWith('metadata.annotations'))) {
    return [{ level: 'info', text: 'metadata only: nothing running changes' }];
  }
  const notes: Note[] = [];
  if (change.kind === 'Deployment') notes.push(...deploymentNotes(change, lookup));
  if (change.kind === 'HorizontalPodAutoscaler' || change.kind === 'ScaledObject') notes.push(...autoscalerNotes(change));
  if (change.kind === 'PodDisruptionBudget') notes.push(...budgetNotes(change, lookup));
  if (change.kind === 'StatefulSet') notes.push(...statefulSetNotes(change));
  if (change.kind === 'Job') notes.push(...redisBootstrapNotes(change));
  notes.push(...brokerNotes(change));
  if (change.kind === 'Service' && touches(change.fields, 'spec.selector').length > 0) {
    notes.push({ level: 'caution', text: 'the Service selects different pods: traffic moves as soon as it syncs' });
  }
  if (notes.length === 0) notes.push({ level: 'info', text: `${change.fields.length} field(s) change` });
  return notes;
}
