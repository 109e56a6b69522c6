import * as yaml from 'js-yaml';
import { mergeKeyFor } from './merge-keys';

/** Manifest files by path below dist/ (e.g. `hyperscale/us-east/10-web.yaml`) → YAML text. */
export type ManifestTree = ReadonlyMap<string, string>;

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface FieldChange {
  /** JSON path inside the object, e.g. `spec.maxReplicas` or `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ObjectChange {
  readonly change: 'added' | 'removed' | 'changed';
  /** The cluster folder (`<platform>/<region>`), or the platform folder for GitOps objects. */
  readonly cluster: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly before?: KubeObject;
  readonly after?: KubeObject;
  /** For `changed` only: every leaf that differs. */
  readonly fields: readonly FieldChange[];
}

/** Objects of a tree by identity: cluster, group/kind, namespace, name. */
export function indexObjects(tree: ManifestTree): Map<string, { cluster: string; object: KubeObject }> {
  const index = new Map<string, { cluster: string; object: KubeObject }>();
  for (const [file, text] of [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cluster = clusterOf(file);
    // The core schema: the render holds no timestamps or merge keys, and resolving them costs a tenth of the parse.
    for (const object of yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA }) as KubeObject[]) {
      if (!object?.kind) continue;
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : 'core';
      index.set(`${cluster}|${group}/${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`, { cluster, object });
    }
  }
  return index;
}

/**
 * Every differing leaf between two JSON values. Lists with a merge key (see merge-keys.ts) pair their
 * items by it, and the path names the item: `containers[name=web].image`; other lists compare by index.
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  collectDiff(before, after, path, out);
  return out;
}

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

/** Sorted union of two objects' keys; one sort when both have the same keys (the usual case). */
function unionKeys(before: object, after: object): string[] {
  const a = Object.keys(before);
  const b = Object.keys(after);
  const same = a.length === b.length && a.every((key, i) => key === b[i]);
  return (same ? a : [...new Set([...a, ...b])]).sort();
}

// One walk over both values, appending to `out`: equal subtrees yield nothing (no serialising at
// every level, which made a 20k-object diff quadratic in depth, and no arrays built per level).
// The trees come from YAML's core schema: only plain objects, arrays and scalars, no Dates.
function collectDiff(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (before === after) return;
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after)) {
    if (!(Number.isNaN(before) && Number.isNaN(after))) out.push({ path, before, after });
    return;
  }
  if (Array.isArray(before)) { collectListDiff(before, after as unknown[], path, out); return; }
  for (const key of unionKeys(before, after)) collectDiff((before as any)[key], (after as any)[key], path ? `${path}.${key}` : key, out);
}

function collectListDiff(before: readonly unknown[], after: readonly unknown[], path: string, out: FieldChange[]): void {
  const key = mergeKeyFor(path, before, after);
  if (key === undefined) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) collectDiff(before[i], after[i], `${path}[${i}]`, out);
    return;
  }
  const byKey = (list: readonly unknown[]) => new Map(list.map((item) => [(item as any)[key], item]));
  const [old, next] = [byKey(before), byKey(after)];
  // Items in the order they appear, the new list's first: a reader follows the render.
  for (const id of new Set([...next.keys(), ...old.keys()])) collectDiff(old.get(id), next.get(id), `${path}[${key}=${id}]`, out);
}

/** Keeps the files of `tree` whose text differs in `other`: a file that reads the same holds the same objects. */
export function changedFiles(tree: ManifestTree, other: ManifestTree): ManifestTree {
  return new Map([...tree].filter(([file, text]) => other.get(file) !== text));
}

/** The cluster folder of a manifest file: `hyperscale/us-east/10-web.yaml` → `hyperscale/us-east`. */
export function clusterOf(file: string): string {
  return file.split('/').slice(0, -1).join('/');
}

/**
 * Object-level changes from one render to the next, in a stable order. Only changed files are
 * parsed: a review of a one-line change to a 20,000-object platform reads a few files, not all.
 */
export function diffTrees(before: ManifestTree, after: ManifestTree): ObjectChange[] {
  return diffIndexes(indexObjects(changedFiles(before, after)), indexObjects(changedFiles(after, before)));
}

/** Object-level changes between two indexes (see {@link indexObjects}). */
export function diffIndexes(old: ReturnType<typeof indexObjects>, next: ReturnType<typeof indexObjects>): ObjectChange[] {
  const keys = [...new Set([...old.keys(), ...next.keys()])].sort();
  const changes: ObjectChange[] = [];
  for (const key of keys) {
    const a = old.get(key);
    const b = next.get(key);
    const object = (b ?? a)!.object;
    const base = { cluster: (b ?? a)!.cluster, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name };
    if (!a) changes.push({ ...base, change: 'added', after: b!.object, fields: [] });
    else if (!b) changes.push({ ...base, change: 'removed', before: a.object, fields: [] });
    else {
      const fields = diffValues(a.object, b.object);
      if (fields.length > 0) changes.push({ ...base, change: 'changed', before: a.object, after: b.object, fields });
    }
  }
  return changes;
}
