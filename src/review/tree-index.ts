import * as yaml from 'js-yaml';
import { KubeObject, ManifestTree, clusterOf } from './diff';
import { UNSUPPORTED, parseDumpedDocument } from './fast-yaml';

/**
 * Two renders read for a review with as little YAML parsing as the answer allows. Parsing is most
 * of a review's cost (js-yaml: about 60 % of a 20k-object plan), and most documents of a changed
 * file are byte-for-byte the same on both sides, so:
 * - a file whose text is the same on both sides is not split or parsed for the diff;
 * - the files that differ are split into their documents (at column-0 `---` lines, where YAML
 *   itself ends a document), and a document whose text appears on both sides of the same cluster
 *   folder is the same object: only the rest are parsed and diffed;
 * - the unchanged documents are parsed later, and only those of a kind that a lookup or the
 *   capacity table asks for (the kind is read from the document's top-level `kind:` line).
 */

export interface Doc {
  readonly cluster: string;
  readonly text: string;
  /** The top-level `kind:` read from the text without parsing; undefined when it is not a plain word. */
  readonly kind: string | undefined;
  /** Whether the same text stands on the other side in the same cluster folder. */
  same: boolean;
}

/** `metadata.name` as a dump writes it (`  name: <plain word>` among metadata's own keys), or undefined: parse to know. */
const NAME_LINE = /^metadata:\n(?:  [^\n]*\n)*?  name: ([a-z0-9][a-z0-9.-]*)$/m;
const names = new WeakMap<Doc, string | null>();
function nameOf(doc: Doc): string | undefined {
  let name = names.get(doc);
  if (name === undefined) names.set(doc, (name = NAME_LINE.exec(doc.text)?.[1] ?? null));
  return name ?? undefined;
}

export type ObjectIndex = Map<string, { cluster: string; object: KubeObject }>;

const KIND_LINE = /^kind:[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*(?:#.*)?$/m;
/** A document marker line: `---` alone or followed by a space and content (`--- {a: 1}`). */
const MARKER = /^---(?=[ \t\r]|$)/gm;

/** The documents of one file, each chunk starting at its `---` marker line (the header comment is one more chunk). */
export function splitDocuments(text: string): string[] {
  const starts = [0];
  for (const match of text.matchAll(MARKER)) if (match.index! > 0) starts.push(match.index!);
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

const hasDirective = (text: string) => text.startsWith('%') || text.includes('\n%');
const sortedFiles = (tree: ManifestTree) => [...tree.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const byFile = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function identityKey(cluster: string, object: KubeObject): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : 'core';
  return `${cluster}|${group}/${object.kind}|${object.metadata.namespace ?? ''}|${object.metadata.name}`;
}

/**
 * Parses documents one at a time, each text at most once. A document that fails to parse is
 * reported as its whole file fails (line numbers of the file, as a whole-file parse gives them).
 */
class Parser {
  // By cluster, then by the document's own text: a key built by concatenating them would copy and rehash every document.
  private readonly cache = new Map<string, Map<string, KubeObject[]>>();

  objects(doc: Doc, fileText: string): KubeObject[] {
    let cluster = this.cache.get(doc.cluster);
    if (!cluster) this.cache.set(doc.cluster, (cluster = new Map()));
    let objects = cluster.get(doc.text);
    if (!objects) {
      try {
        // The core schema: the render holds no timestamps or merge keys, and resolving them costs a tenth of the parse.
        const fast = parseDumpedDocument(doc.text);
        const all = fast === UNSUPPORTED ? yaml.loadAll(doc.text, undefined, { schema: yaml.CORE_SCHEMA }) : fast;
        objects = (all as KubeObject[]).filter((o) => o?.kind);
      } catch (error) {
        yaml.loadAll(fileText, undefined, { schema: yaml.CORE_SCHEMA });
        throw error;
      }
      cluster.set(doc.text, objects);
    }
    return objects;
  }
}

/** One side of the comparison: its files, and the documents of the files that differ from the other side. */
interface Side {
  readonly tree: ManifestTree;
  readonly files: string[];
  /** Documents of the files whose text differs from the other side's, by file. */
  readonly docs: Map<string, Doc[]>;
}

function side(tree: ManifestTree, other: ManifestTree): Side {
  const files = sortedFiles(tree);
  const docs = new Map<string, Doc[]>();
  for (const file of files) {
    const text = tree.get(file)!;
    if (other.get(file) === text) continue;
    const cluster = clusterOf(file);
    // A directive (`%YAML`) applies to the documents after it: such a file is one chunk, parsed whole.
    const chunks = hasDirective(text) ? [text] : splitDocuments(text);
    docs.set(file, chunks.map((chunk) => ({ cluster, text: chunk, kind: KIND_LINE.exec(chunk)?.[1], same: false })));
  }
  return { tree, files, docs };
}

/** Marks the documents whose text the other side holds in the same cluster folder, as a multiset. */
function markSame(a: Side, b: Side): void {
  // Most documents stand at the same place in the same file on both sides: compare those directly
  // (a string compare, no hashing of megabytes of text), and match the rest through a multiset.
  for (const [file, docsA] of a.docs) {
    const docsB = b.docs.get(file);
    if (!docsB) continue;
    for (let i = 0; i < Math.min(docsA.length, docsB.length); i++) {
      if (docsA[i].text === docsB[i].text) { docsA[i].same = true; docsB[i].same = true; }
    }
  }
  // Per cluster, text → how many of a's unmatched documents carry it (then: how many b matched).
  const counts = new Map<string, Map<string, number>>();
  const of = (doc: Doc) => {
    let texts = counts.get(doc.cluster);
    if (!texts) counts.set(doc.cluster, (texts = new Map()));
    return texts;
  };
  for (const docs of a.docs.values()) for (const doc of docs) if (!doc.same) of(doc).set(doc.text, (of(doc).get(doc.text) ?? 0) + 1);
  const matched = new Map<string, Map<string, number>>();
  for (const docs of b.docs.values()) {
    for (const doc of docs) {
      if (doc.same) continue;
      const left = counts.get(doc.cluster)?.get(doc.text) ?? 0;
      if (left === 0) continue;
      doc.same = true;
      counts.get(doc.cluster)!.set(doc.text, left - 1);
      let m = matched.get(doc.cluster);
      if (!m) matched.set(doc.cluster, (m = new Map()));
      m.set(doc.text, (m.get(doc.text) ?? 0) + 1);
    }
  }
  for (const docs of a.docs.values()) {
    for (const doc of docs) {
      if (doc.same) continue;
      const m = matched.get(doc.cluster);
      const n = m?.get(doc.text) ?? 0;
      if (n > 0) { doc.same = true; m!.set(doc.text, n - 1); }
    }
  }
}

export interface TreeComparison {
  /** The objects that differ, by identity, in file order: what the diff compares. */
  readonly baseChanged: ObjectIndex;
  readonly nextChanged: ObjectIndex;
  /** Objects of `kinds` in one cluster folder of the new render (`after`) or the base (`before`), in file order. */
  objectsOf(cluster: string, which: 'before' | 'after', kinds: ReadonlySet<string>): KubeObject[];
  /** The first object of the new render with this kind, namespace and name in a cluster folder (unchanged files first). */
  find(cluster: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
}

/** Reads `base` and `next` for a review (see the module comment). */
export function compareTreeTexts(base: ManifestTree, next: ManifestTree): TreeComparison {
  const [before, after] = [side(base, next), side(next, base)];
  markSame(before, after);
  const parser = new Parser();
  const changedIndex = (s: Side): ObjectIndex => {
    const index: ObjectIndex = new Map();
    for (const [file, docs] of [...s.docs].sort(([x], [y]) => byFile(x, y))) {
      for (const doc of docs) {
        if (doc.same) continue;
        for (const object of parser.objects(doc, s.tree.get(file)!)) index.set(identityKey(doc.cluster, object), { cluster: doc.cluster, object });
      }
    }
    return index;
  };
  const nextChanged = changedIndex(after);
  const baseChanged = changedIndex(before);

  const unchanged = new Map<string, Doc[]>();
  const unchangedDocs = (file: string): Doc[] => {
    let docs = unchanged.get(file);
    if (!docs) {
      const text = next.get(file)!;
      const chunks = hasDirective(text) ? [text] : splitDocuments(text);
      docs = chunks.map((chunk) => ({ cluster: clusterOf(file), text: chunk, kind: KIND_LINE.exec(chunk)?.[1], same: true }));
      unchanged.set(file, docs);
    }
    return docs;
  };
  // The same order as a whole-file index gave: the unchanged files of the new render, then the
  // changed files of the side asked for, each in file order (sums over them come out bit-identical).
  const objectsOf = (cluster: string, which: 'before' | 'after', kinds: ReadonlySet<string>): KubeObject[] => {
    const s = which === 'after' ? after : before;
    const out: KubeObject[] = [];
    const take = (doc: Doc, fileText: string) => {
      if (doc.kind !== undefined && !kinds.has(doc.kind)) return;
      for (const object of parser.objects(doc, fileText)) if (kinds.has(object.kind)) out.push(object);
    };
    for (const file of after.files) {
      if (clusterOf(file) !== cluster || after.docs.has(file)) continue;
      for (const doc of unchangedDocs(file)) take(doc, next.get(file)!);
    }
    for (const file of s.files) {
      if (clusterOf(file) !== cluster) continue;
      for (const doc of s.docs.get(file) ?? []) take(doc, s.tree.get(file)!);
    }
    return out;
  };
  // Lookups parse only documents whose kind line and metadata.name line could match, in objectsOf's order.
  const candidates = new Map<string, { doc: Doc; fileText: string }[]>();
  const find = (cluster: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined => {
    const key = `${cluster}|${kind}`;
    let docs = candidates.get(key);
    if (!docs) {
      docs = [];
      const add = (doc: Doc, fileText: string) => { if (doc.kind === undefined || doc.kind === kind) docs!.push({ doc, fileText }); };
      for (const file of after.files) {
        if (clusterOf(file) !== cluster || after.docs.has(file)) continue;
        for (const doc of unchangedDocs(file)) add(doc, next.get(file)!);
      }
      for (const file of after.files) {
        if (clusterOf(file) !== cluster) continue;
        for (const doc of after.docs.get(file) ?? []) add(doc, next.get(file)!);
      }
      candidates.set(key, docs);
    }
    for (const { doc, fileText } of docs) {
      const guess = nameOf(doc);
      if (guess !== undefined && guess !== name) continue;
      const found = parser.objects(doc, fileText).find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? '') === (namespace ?? ''));
      if (found) return found;
    }
    return undefined;
  };
  return { baseChanged, nextChanged, objectsOf, find };
}
