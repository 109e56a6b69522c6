import { Capacity, capacityOf } from './capacity';
import { FieldChange, KubeObject, ObjectChange } from './diff';
import { Lookup, Note, explain } from './meaning';
import { Rename, pairRenames } from './renames';

/** A danger or caution, with the object it is about. */
export interface Flag {
  readonly level: 'danger' | 'caution';
  readonly cluster: string;
  /** `Kind namespace/name`, or `Kind namespace/old → namespace/new` for a rename. */
  readonly subject: string;
  readonly text: string;
}

/** One version-label change shared by many objects, told once. */
export interface NoiseLine {
  readonly label: string;
  readonly before: unknown;
  readonly after: unknown;
  /** Objects whose label changes this way. */
  readonly objects: number;
  /** Of those, the objects nothing else changes on (they are left out of the details). */
  readonly labelOnly: number;
}

export interface ClusterRow {
  readonly platform: string;
  /** The cluster folder below the platform, or '' for the platform's GitOps objects. */
  readonly cluster: string;
  readonly added: number;
  /** Objects with a change beyond the version label. */
  readonly changed: number;
  readonly labelOnly: number;
  readonly removed: number;
  readonly renamed: number;
  readonly before: Capacity;
  readonly after: Capacity;
}

export interface Detail {
  readonly change: ObjectChange;
  /** The fields, version labels left out (they are in the noise lines) unless nothing else changes. */
  readonly fields: readonly FieldChange[];
  readonly notes: readonly Note[];
}

export interface Review {
  readonly clusters: readonly ClusterRow[];
  /** Dangers first, then cautions; in cluster order within a level. */
  readonly flags: readonly Flag[];
  readonly noise: readonly NoiseLine[];
  readonly renames: readonly Rename[];
  readonly details: readonly Detail[];
  readonly dangers: number;
  readonly cautions: number;
}

/** The objects of one cluster folder before and after, for its capacity. */
export type ClusterObjects = (cluster: string) => { before: Iterable<KubeObject>; after: Iterable<KubeObject> };

export const VERSION_LABEL = 'app.kubernetes.io/version';
const isVersionLabel = (field: FieldChange) => field.path.endsWith(`labels.${VERSION_LABEL}`);
/** A pod template's label change rolls the pods: never noise. */
const rollsPods = (field: FieldChange) => field.path.startsWith('spec.template.') || field.path.startsWith('spec.jobTemplate.');

const identity = (namespace: string | undefined, name: string) => `${namespace ? `${namespace}/` : ''}${name}`;
const subjectOf = (change: ObjectChange) => `${change.kind} ${identity(change.namespace, change.name)}`;

function splitCluster(folder: string): { platform: string; cluster: string } {
  const [platform, ...rest] = folder.split('/');
  return { platform, cluster: rest.join('/') };
}

/**
 * Everything a reviewer reads about one change set: per-cluster counts and capacity, risk flags,
 * renames paired, version-label noise folded into one line per value change, and the details.
 */
export function buildReview(changes: readonly ObjectChange[], lookup: Lookup, objectsOf: ClusterObjects): Review {
  const { renames, rest } = pairRenames(changes, lookup);
  const noise = new Map<string, { before: unknown; after: unknown; objects: number; labelOnly: number }>();
  const details: Detail[] = [];
  const labelOnly = new Set<ObjectChange>();
  for (const change of rest) {
    const version = change.fields.filter(isVersionLabel);
    const onlyLabel = change.change === 'changed' && version.length === change.fields.length && !version.some(rollsPods);
    // Count each object once per value change, whether its metadata, template or selector carries the label.
    for (const key of new Set(version.map((f) => JSON.stringify([f.before ?? null, f.after ?? null])))) {
      const [before, after] = JSON.parse(key);
      const line = noise.get(key) ?? { before, after, objects: 0, labelOnly: 0 };
      line.objects += 1;
      if (onlyLabel) line.labelOnly += 1;
      noise.set(key, line);
    }
    if (onlyLabel) { labelOnly.add(change); continue; }
    // A template's version label rolls the pods, but beside a new image it says nothing more: shown only alone.
    const substantive = change.fields.filter((f) => !isVersionLabel(f));
    const fields = substantive.length > 0 ? substantive : change.fields;
    details.push({ change, fields, notes: explain(change, lookup) });
  }

  const flags: Flag[] = [];
  for (const { change, notes } of details) {
    for (const note of notes) if (note.level !== 'info') flags.push({ level: note.level, cluster: change.cluster, subject: subjectOf(change), text: note.text });
  }
  for (const rename of renames) {
    const subject = `${rename.kind} ${identity(rename.namespace, rename.from)} → ${identity(rename.namespace, rename.to)}`;
    for (const note of rename.notes) if (note.level !== 'info') flags.push({ level: note.level, cluster: rename.cluster, subject, text: note.text });
  }
  const rank = (f: Flag) => (f.level === 'danger' ? 0 : 1);
  const ordered = flags.map((flag, i) => ({ flag, i }))
    .sort((x, y) => rank(x.flag) - rank(y.flag) || (x.flag.cluster < y.flag.cluster ? -1 : x.flag.cluster > y.flag.cluster ? 1 : 0) || x.i - y.i)
    .map(({ flag }) => flag);

  const folders = [...new Set([...changes.map((c) => c.cluster)])].sort();
  const clusters = folders.map((folder): ClusterRow => {
    const here = rest.filter((c) => c.cluster === folder);
    const count = (kind: ObjectChange['change']) => here.filter((c) => c.change === kind).length;
    // Capacity reads (and parses) every workload and autoscaler of the cluster: only when a format shows it.
    let measured: { before: Capacity; after: Capacity } | undefined;
    const measure = () => {
      if (!measured) {
        const { before, after } = objectsOf(folder);
        measured = { before: capacityOf(before), after: capacityOf(after) };
      }
      return measured;
    };
    return {
      ...splitCluster(folder),
      added: count('added'),
      changed: here.filter((c) => c.change === 'changed' && !labelOnly.has(c)).length,
      labelOnly: here.filter((c) => labelOnly.has(c)).length,
      removed: count('removed'),
      renamed: renames.filter((r) => r.cluster === folder).length,
      get before() { return measure().before; },
      get after() { return measure().after; },
    };
  });

  const noiseLines = [...noise.values()].map((line) => ({ label: VERSION_LABEL, ...line }))
    .sort((x, y) => y.objects - x.objects || (JSON.stringify(x.after) < JSON.stringify(y.after) ? -1 : 1));
  return {
    clusters, flags: ordered, noise: noiseLines, renames, details,
    dangers: ordered.filter((f) => f.level === 'danger').length,
    cautions: ordered.filter((f) => f.level === 'caution').length,
  };
}
