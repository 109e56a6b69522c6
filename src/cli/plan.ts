import * as fs from 'fs';
import * as path from 'path';
import { KubeObject, ManifestTree, ObjectChange, diffIndexes } from '../review/diff';
import { CAPACITY_KINDS } from '../review/capacity';
import { compareTreeTexts } from '../review/tree-index';
import { Lookup, Note, explain } from '../review/meaning';
import { ClusterObjects, Review, buildReview } from '../review/review';
import { renderMarkdown } from '../review/markdown';
import { CliOptions, printIssues, selectPlatforms } from './commands';
import { UsageError } from './load-spec';
import { defaultOutDir } from './paths';
import { renderPlatforms } from '../compile';
import { capacityCommand } from './capacity';

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

/** The tree to review: a fresh render of the spec, or an already rendered folder (`--head`). */
function headTree(options: CliOptions): { tree: ManifestTree; platforms: Set<string> | undefined } {
  if (options.head === undefined) {
    const platforms = selectPlatforms(options);
    const tree = renderPlatforms(platforms, printIssues);
    // With --platform or --spec, only those platforms' folders of the base are compared: the other
    // platforms are not being changed, so they must not show up as removed.
    return { tree, platforms: options.platform || options.spec ? new Set(platforms.map((p) => p.name)) : undefined };
  }
  if (options.spec) throw new UsageError('--head compares two rendered folders; it takes --platform, not --spec');
  const dir = path.resolve(options.head);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`head folder '${dir}' does not exist or is not a folder`);
  const platforms = options.platform ? new Set([options.platform]) : undefined;
  const whole = readTree(dir);
  return { tree: platforms ? new Map([...whole].filter(([file]) => platforms.has(file.split('/')[0]))) : whole, platforms };
}

export interface ReviewInput {
  readonly changes: ObjectChange[];
  readonly lookup: Lookup;
  /** The objects of a changed cluster folder the capacity table reads (CAPACITY_KINDS), before and after. */
  readonly objectsOf: ClusterObjects;
}

/** The committed render (or `--base`) against a fresh render of the spec (or `--head`), object by object. */
export function changesAgainstBase(options: CliOptions): ReviewInput {
  // The default base is the committed render: dist/ of the repository, whatever the current folder.
  const baseDir = options.base !== undefined ? path.resolve(options.base) : defaultOutDir();
  if (!fs.existsSync(baseDir)) throw new UsageError(`base folder '${baseDir}' does not exist`);
  if (!fs.statSync(baseDir).isDirectory()) throw new UsageError(`base '${baseDir}' is a file, not a folder`);
  const { tree: next, platforms } = headTree(options);
  const whole = readTree(baseDir);
  const base = platforms ? new Map([...whole].filter(([file]) => platforms.has(file.split('/')[0]))) : whole;
  return compareTrees(base, next);
}

/**
 * Two renders compared (src/review/tree-index.ts): only the documents whose text differs are parsed
 * for the diff; lookups and the capacity table parse the unchanged documents of the changed
 * clusters they need, by kind, when they first ask.
 */
export function compareTrees(base: ManifestTree, next: ManifestTree): ReviewInput {
  const trees = compareTreeTexts(base, next);
  const changes = diffIndexes(trees.baseChanged, trees.nextChanged);
  const found = new Map<string, KubeObject | undefined>();
  const lookup: Lookup = (cluster, kind, namespace, name) => {
    const key = `${cluster}|${kind}|${namespace ?? ''}|${name}`;
    if (!found.has(key)) found.set(key, trees.find(cluster, kind, namespace, name));
    return found.get(key);
  };
  const objectsOf: ClusterObjects = (cluster) => ({
    before: trees.objectsOf(cluster, 'before', CAPACITY_KINDS),
    after: trees.objectsOf(cluster, 'after', CAPACITY_KINDS),
  });
  return { changes, lookup, objectsOf };
}

function byCluster(changes: ObjectChange[]): Map<string, ObjectChange[]> {
  const groups = new Map<string, ObjectChange[]>();
  for (const change of changes) {
    const group = groups.get(change.cluster);
    if (group) group.push(change);
    else groups.set(change.cluster, [change]);
  }
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

/** The notes of every change as the review grades them: a rename's halves carry the rename's notes. */
function notesByChange(input: ReviewInput, review: Review): Map<ObjectChange, readonly Note[]> {
  const notes = new Map<ObjectChange, readonly Note[]>(review.details.map((d) => [d.change, d.notes]));
  for (const rename of review.renames) {
    const same = (c: ObjectChange, name: string) => c.cluster === rename.cluster && c.kind === rename.kind && c.namespace === rename.namespace && c.name === name;
    const removed = input.changes.find((c) => c.change === 'removed' && same(c, rename.from));
    const added = input.changes.find((c) => c.change === 'added' && same(c, rename.to));
    if (removed) notes.set(removed, rename.notes);
    if (added) notes.set(added, [{ level: 'info', text: `the new name of ${rename.kind} ${rename.namespace ? `${rename.namespace}/` : ''}${rename.from}` }]);
  }
  for (const change of input.changes) if (!notes.has(change)) notes.set(change, explain(change, input.lookup));
  return notes;
}

/** The review as `plan --format json` adds it: the table, the flags, renames and noise, without whole objects. */
function reviewJson(review: Review) {
  return {
    clusters: review.clusters,
    flags: review.flags,
    renames: review.renames.map((r) => ({
      cluster: r.cluster, kind: r.kind, namespace: r.namespace ?? null, from: r.from, to: r.to,
      fields: r.fields.map((f) => ({ path: f.path, before: f.before ?? null, after: f.after ?? null })), notes: r.notes,
    })),
    noise: review.noise.map((n) => ({ ...n, before: n.before ?? null, after: n.after ?? null })),
  };
}

/**
 * `plan`: the diff, and what each change means for the running clusters (rollouts, capacity,
 * drains, pruning, renames, immutable fields). `--fail-on danger|caution` turns findings into exit code 4.
 * `--format markdown` prints the pull-request comment (src/review/markdown.ts).
 */
export function planCommand(options: CliOptions): number {
  if (options.capacity) return capacityCommand(options);
  const input = changesAgainstBase(options);
  const { changes } = input;
  const review = buildReview(changes, input.lookup, input.objectsOf);
  const { dangers, cautions } = review;
  const failOn = options.failOn;
  const exceeded = (failOn === 'danger' && dangers > 0) || (failOn === 'caution' && dangers + cautions > 0);
  const code = exceeded ? 4 : 0;
  if (options.format === 'markdown') {
    process.stdout.write(renderMarkdown(review));
    return code;
  }
  const notes = notesByChange(input, review);
  if (options.format === 'json') {
    printJson({
      summary: { ...counts(changes), dangers, cautions }, failOn: failOn ?? null, thresholdExceeded: exceeded,
      changes: changes.map((change) => ({ ...changeJson(change), notes: notes.get(change)!.map((note) => ({ level: note.level, text: note.text })) })),
      review: reviewJson(review),
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
      for (const note of notes.get(change)!) {
        out.push(`      ${note.level === 'info' ? '·' : note.level === 'caution' ? '! caution:' : '!! DANGER:'} ${note.text}`);
      }
    }
  }
  if (changes.length === 0) out.push('', 'no changes: the clusters already run what the spec says');
  process.stdout.write(`${out.join('\n')}\n`);
  return code;
}
