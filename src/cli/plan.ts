import * as fs from 'fs';
import * as path from 'path';
import { KubeObject, ManifestTree, ObjectChange, changedFiles, clusterOf, diffIndexes, indexObjects } from '../review/diff';
import { Lookup, Note, explain } from '../review/meaning';
import { CliOptions, printIssues, selectPlatforms } from './commands';
import { UsageError } from './load-spec';
import { defaultOutDir } from './paths';
import { renderPlatforms } from '../compile';

/** Every YAML file below `dir`, keyed by relative path (the shape `renderPlatforms` returns). */
export function readTree(dir: string): ManifestTree {
  const tree = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) tree.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return tree;
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;
const show = (value: unknown) => (value === undefined ? '(unset)' : JSON.stringify(value));

function heading(change: ObjectChange): string {
  return `  ${MARK[change.change]} ${change.kind} ${change.namespace ? `${change.namespace}/` : ''}${change.name}`;
}

/** The committed render (or `--base`) against a fresh render of the spec, object by object. */
function changesAgainstBase(options: CliOptions): { changes: ObjectChange[]; lookup: Lookup } {
  // The default base is the committed render: dist/ of the repository, whatever the current folder.
  const baseDir = options.base !== undefined ? path.resolve(options.base) : defaultOutDir();
  if (!fs.existsSync(baseDir)) throw new UsageError(`base folder '${baseDir}' does not exist`);
  if (!fs.statSync(baseDir).isDirectory()) throw new UsageError(`base '${baseDir}' is a file, not a folder`);
  const platforms = selectPlatforms(options);
  const next = renderPlatforms(platforms, printIssues);
  // With --platform or --spec, only those platforms' folders of the base are compared: the other
  // platforms are not being changed, so they must not show up as removed.
  const names = new Set(platforms.map((p) => p.name));
  const whole = readTree(baseDir);
  const base = options.platform || options.spec ? new Map([...whole].filter(([file]) => names.has(file.split('/')[0]))) : whole;
  // Each file is parsed at most once: changed files for the diff, and the unchanged files of the
  // same clusters for lookups (the HPA of a changed Deployment lives in its cluster folder).
  const changedNext = changedFiles(next, base);
  const nextIndex = indexObjects(changedNext);
  const changes = diffIndexes(indexObjects(changedFiles(base, next)), nextIndex);
  const clusters = new Set(changes.map((c) => c.cluster));
  const unchangedRelated = new Map([...next].filter(([file]) => !changedNext.has(file) && clusters.has(clusterOf(file))));
  const byName = new Map<string, KubeObject>();
  for (const { cluster, object } of [...nextIndex.values(), ...indexObjects(unchangedRelated).values()]) {
    byName.set(`${cluster}|${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`, object);
  }
  const lookup: Lookup = (cluster, kind, namespace, name) => byName.get(`${cluster}|${kind}|${namespace ?? ''}|${name}`);
  return { changes, lookup };
}

function byCluster(changes: ObjectChange[]): Map<string, ObjectChange[]> {
  const groups = new Map<string, ObjectChange[]>();
  for (const change of changes) groups.set(change.cluster, [...(groups.get(change.cluster) ?? []), change]);
  return groups;
}

function counts(changes: ObjectChange[]): Record<ObjectChange['change'], number> {
  const count = (kind: ObjectChange['change']) => changes.filter((c) => c.change === kind).length;
  return { changed: count('changed'), added: count('added'), removed: count('removed') };
}

function summary(changes: ObjectChange[]): string {
  const { changed, added, removed } = counts(changes);
  return `${changed} changed, ${added} added, ${removed} removed`;
}

/** A change as `--format json` prints it: identity and changed fields, not the whole objects. */
function changeJson(change: ObjectChange) {
  return {
    cluster: change.cluster, change: change.change, kind: change.kind, namespace: change.namespace ?? null, name: change.name,
    fields: change.fields.map((f) => ({ path: f.path, before: f.before ?? null, after: f.after ?? null })),
  };
}

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** `diff`: which objects and fields change between the base render and the spec. */
export function diffCommand(options: CliOptions): number {
  const { changes } = changesAgainstBase(options);
  if (options.format === 'json') {
    printJson({ summary: counts(changes), changes: changes.map(changeJson) });
    return 0;
  }
  const out: string[] = [`diff: ${summary(changes)}`];
  for (const [cluster, group] of byCluster(changes)) {
    out.push('', cluster);
    for (const change of group) {
      out.push(heading(change));
      for (const field of change.fields) out.push(`      ${field.path}: ${show(field.before)} → ${show(field.after)}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/**
 * `plan`: the diff, and what each change means for the running clusters (rollouts, capacity,
 * drains, pruning, immutable fields). `--fail-on danger|caution` turns findings into exit code 4.
 */
export function planCommand(options: CliOptions): number {
  const { changes, lookup } = changesAgainstBase(options);
  const notes = changes.map((change) => ({ change, notes: explain(change, lookup) }));
  const all: Note[] = notes.flatMap((n) => n.notes);
  const dangers = all.filter((n) => n.level === 'danger').length;
  const cautions = all.filter((n) => n.level === 'caution').length;
  const failOn = options.failOn;
  const exceeded = (failOn === 'danger' && dangers > 0) || (failOn === 'caution' && dangers + cautions > 0);
  const code = exceeded ? 4 : 0;
  if (options.format === 'json') {
    printJson({
      summary: { ...counts(changes), dangers, cautions }, failOn: failOn ?? null, thresholdExceeded: exceeded,
      changes: notes.map(({ change, notes: n }) => ({ ...changeJson(change), notes: n.map((note) => ({ level: note.level, text: note.text })) })),
    });
    return code;
  }
  const out: string[] = [`plan: ${summary(changes)}; ${dangers} danger(s), ${cautions} caution(s)`];
  for (const [cluster, group] of byCluster(changes)) {
    out.push('', cluster);
    for (const change of group) {
      out.push(heading(change));
      for (const field of change.fields.slice(0, 8)) out.push(`      ${field.path}: ${show(field.before)} → ${show(field.after)}`);
      if (change.fields.length > 8) out.push(`      … and ${change.fields.length - 8} more field(s)`);
      for (const note of notes.find((n) => n.change === change)!.notes) {
        out.push(`      ${note.level === 'info' ? '·' : note.level === 'caution' ? '! caution:' : '!! DANGER:'} ${note.text}`);
      }
    }
  }
  if (changes.length === 0) out.push('', 'no changes: the clusters already run what the spec says');
  process.stdout.write(`${out.join('\n')}\n`);
  return code;
}
