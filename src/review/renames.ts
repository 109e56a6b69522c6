import { FieldChange, KubeObject, ObjectChange, diffValues } from './diff';
import { Lookup, Note } from './meaning';

/** A removed object paired with an added one that is the same object under a new name. */
export interface Rename {
  readonly cluster: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly from: string;
  readonly to: string;
  readonly before: KubeObject;
  readonly after: KubeObject;
  /** What differs besides the name, with either name written `{name}`. */
  readonly fields: readonly FieldChange[];
  /** What the rename prunes from the running cluster; danger for workloads and Services. */
  readonly notes: readonly Note[];
}

/** At most this share of leaves (and at least one leaf) may differ, besides the name, for two objects to count as one renamed. */
export const RENAME_TOLERANCE = 0.1;
/** Above this many removed × added pairs in one group, only exact matches are paired (the pairing is quadratic). */
const MAX_FUZZY_PAIRS = 2500;

const PLACEHOLDER = '{name}';

/**
 * The object without its name: each of `names`, where it stands as a word in a key or value
 * (`store-web`, `web.store.svc`, `shop/web:1.4`), reads `{name}`, so labels, selectors and container
 * names derived from it match. Both names of a candidate pair are scrubbed from both objects, so an
 * image that merely contains the old name does not count as a difference.
 */
function withoutName(object: KubeObject, names: readonly string[] = [object.metadata.name]): unknown {
  // Longer names first: `web-v2` must become `{name}`, not `{name}-v2`.
  const words = [...new Set(names)].sort((a, b) => b.length - a.length)
    .map((name) => ({ name, word: new RegExp(`(?<![A-Za-z0-9_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`, 'g') }));
  const text = (value: string) => words.reduce((v, { name, word }) => (v.includes(name) ? v.replace(word, PLACEHOLDER) : v), value);
  const scrub = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(scrub);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), scrub(v)]));
    return value;
  };
  const { metadata, ...rest } = object;
  const { name: _name, ...otherMetadata } = metadata;
  return scrub({ ...rest, metadata: otherMetadata });
}

function leafCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  const children = Object.values(value as object);
  return children.length === 0 ? 1 : children.reduce((sum: number, child) => sum + leafCount(child), 0);
}

const identity = (namespace: string | undefined, name: string) => `${namespace ? `${namespace}/` : ''}${name}`;

function renameNotes(rename: Omit<Rename, 'notes'>, lookup: Lookup): Note[] {
  const { kind, namespace, from, to } = rename;
  const [old, next] = [identity(namespace, from), identity(namespace, to)];
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet') {
    const autoscaled = lookup(rename.cluster, 'HorizontalPodAutoscaler', namespace, to) ?? lookup(rename.cluster, 'ScaledObject', namespace, to);
    const cold = (rename.after as any).spec?.replicas === undefined && autoscaled
      ? `; ${next} starts at 1 pod until its autoscaler raises it`
      : `; ${next} starts its pods from scratch`;
    return [{ level: 'danger', text: `rename prunes the live ${kind} ${old} and all its pods${cold}` }];
  }
  if (kind === 'Service') {
    const dns = (name: string) => `${name}.${namespace ?? 'default'}.svc.cluster.local`;
    return [{ level: 'danger', text: `rename prunes Service ${old}: the DNS name ${dns(from)} stops resolving; clients must move to ${dns(to)}` }];
  }
  return [{ level: 'caution', text: `rename prunes ${kind} ${old} and creates ${next}` }];
}

/**
 * Pairs removed and added objects of the same cluster, kind and namespace whose contents, with the
 * name taken out, are (nearly) the same: closest pairs first, each object in at most one pair.
 * Returns the pairs and the changes left over.
 */
export function pairRenames(changes: readonly ObjectChange[], lookup: Lookup): { renames: Rename[]; rest: ObjectChange[] } {
  const groups = new Map<string, { removed: ObjectChange[]; added: ObjectChange[] }>();
  for (const change of changes) {
    if (change.change === 'changed') continue;
    const key = `${change.cluster}|${change.kind}|${change.namespace ?? ''}`;
    const group = groups.get(key) ?? { removed: [], added: [] };
    (change.change === 'removed' ? group.removed : group.added).push(change);
    groups.set(key, group);
  }
  const paired = new Set<ObjectChange>();
  const renames: Rename[] = [];
  for (const { removed, added } of groups.values()) {
    if (removed.length === 0 || added.length === 0) continue;
    const fuzzy = removed.length * added.length <= MAX_FUZZY_PAIRS;
    const scrubbed = new Map([...removed, ...added].map((c) => [c, withoutName((c.before ?? c.after)!)]));
    const texts = new Map([...scrubbed].map(([c, v]) => [c, JSON.stringify(v)]));
    const candidates: { a: ObjectChange; b: ObjectChange; fields: FieldChange[]; score: number }[] = [];
    for (const a of removed) {
      for (const b of added) {
        if (texts.get(a) === texts.get(b)) { candidates.push({ a, b, fields: [], score: 0 }); continue; }
        if (!fuzzy) continue;
        const names = [a.name, b.name];
        const [left, right] = [withoutName(a.before!, names), withoutName(b.after!, names)];
        const fields = diffValues(left, right);
        const leaves = Math.max(leafCount(left), leafCount(right));
        if (fields.length <= Math.max(1, Math.floor(leaves * RENAME_TOLERANCE))) candidates.push({ a, b, fields, score: fields.length / leaves });
      }
    }
    candidates.sort((x, y) => x.score - y.score);
    for (const { a, b, fields } of candidates) {
      if (paired.has(a) || paired.has(b)) continue;
      paired.add(a).add(b);
      const base = { cluster: a.cluster, kind: a.kind, namespace: a.namespace, from: a.name, to: b.name, before: a.before!, after: b.after!, fields };
      renames.push({ ...base, notes: renameNotes(base, lookup) });
    }
  }
  const order = (r: Rename) => `${r.cluster}|${r.kind}|${r.namespace ?? ''}|${r.from}`;
  renames.sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0));
  return { renames, rest: changes.filter((c) => !paired.has(c)) };
}
