/**
 * `validate --tree DIR`: every check the render gate makes, and the cross-object rules of
 * workload-rules.ts and reference-rules.ts, over a rendered tree read back from disk (ours or
 * hand-edited). Nothing is rendered and nothing is compiled: the schema validators are the
 * precompiled ones in build/schema-gate.
 */
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { UNSUPPORTED, parseDumpedDocument } from '../../review/fast-yaml';
import { splitDocuments } from '../../review/tree-index';
import { checkCrossObjectRules } from '../gate';
import { applicationsOf } from '../argocd/applications';
import { checkRenderedObjects, RenderedObject } from '../schema-gate';
import type { RuleId } from '../../spec/rules/catalogue';
import { findingOn, TreeFinding } from './finding';
import { treeObjects } from './objects';
import { checkReferenceRules } from './reference-rules';
import { checkWorkloadRules } from './workload-rules';

export interface LoadedTree {
  /** Every object, named by its file relative to the folder of platforms (`hyperscale/us-east/10-web.yaml`). */
  readonly objects: RenderedObject[];
  readonly files: number;
  /** Each file's name in `objects` → its path on disk. */
  readonly paths: ReadonlyMap<string, string>;
  /** Files or documents that are not YAML objects. */
  readonly unreadable: TreeFinding[];
}

const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every YAML file below `dir`, sorted, skipping hidden folders (synth's staging folders). */
export function yamlFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => byteOrder(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isYaml(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/**
 * Names files as if `root` were inside a folder of platforms, whatever was passed: the output
 * folder (`dist/`: platform/cluster/file), one platform (cluster/file) or one cluster folder (file).
 * The Argo CD and add-on rules read the platform and cluster from those positions.
 */
function namer(root: string, files: readonly string[]): (file: string) => string {
  const depth = Math.max(1, ...files.map((f) => path.relative(root, f).split(path.sep).length));
  const absolute = path.resolve(root);
  const prefix = depth >= 3 ? [] : depth === 2 ? [path.basename(absolute)] : [path.basename(path.dirname(absolute)), path.basename(absolute)];
  return (file) => [...prefix, ...path.relative(root, file).split(path.sep)].join('/');
}

/**
 * How the API server's YAML-to-JSON step reads (go-yaml into interface{}): the core schema, where a
 * timestamp-like value stays a string, plus merge keys.
 */
// (js-yaml exports its types; @types/js-yaml does not declare them.)
const TREE_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge] });

/**
 * The documents of one file. What synth writes goes through the review's fast reader (most of a
 * large tree's time is parsing); anything it declines, through js-yaml with TREE_SCHEMA.
 */
function readDocuments(text: string): unknown[] {
  const documents: unknown[] = [];
  // Directives and merge keys (`<<`) change how the whole file reads: js-yaml handles those.
  if (!text.startsWith('%') && !text.includes('\n%') && !text.includes('<<')) {
    const chunks = splitDocuments(text);
    for (const [i, chunk] of chunks.entries()) {
      const parsed = parseDumpedDocument(chunk);
      if (parsed === UNSUPPORTED) return yaml.loadAll(text, undefined, { schema: TREE_SCHEMA });
      // A comment before the first `---` is no document when the file is read whole.
      if (i === 0 && !chunk.startsWith('---') && chunks.length > 1) continue;
      documents.push(...parsed);
    }
    return documents;
  }
  return yaml.loadAll(text, undefined, { schema: TREE_SCHEMA });
}

/** Loads the given YAML files (default: all below `root`), each document with its file. */
export function loadRenderedTree(root: string, files: readonly string[] = yamlFilesBelow(root)): LoadedTree {
  const name = namer(root, files);
  const objects: RenderedObject[] = [];
  const unreadable: TreeFinding[] = [];
  const paths = new Map<string, string>();
  const fileFinding = (file: string, where: string, message: string) =>
    unreadable.push(findingOn({ file, kind: '', name: '' }, 'rendered-yaml', where, message));
  for (const full of files) {
    const file = name(full);
    paths.set(file, full);
    let documents: unknown[];
    try {
      documents = readDocuments(fs.readFileSync(full, 'utf8'));
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      fileFinding(file, mark ? `line ${mark.line + 1}` : '(file)', `not valid YAML: ${(error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0]}`);
      continue;
    }
    documents.forEach((object, i) => {
      if (object === null || object === undefined) return;
      if (typeof object !== 'object' || Array.isArray(object)) fileFinding(file, `document ${i + 1}`, 'is not a Kubernetes object (a mapping with apiVersion and kind)');
      else objects.push({ file, object });
    });
  }
  return { objects, files: files.length, paths, unreadable };
}

/** `Kind ns/name` (gate) or `Kind/ns/name` (add-on rules) as kind, namespace and name. */
function parseObject(text: string): { kind: string; namespace?: string; name: string } {
  const [kind, ...rest] = text.includes(' ') ? [text.slice(0, text.indexOf(' ')), ...text.slice(text.indexOf(' ') + 1).split('/')] : text.split('/');
  return rest.length >= 2 ? { kind, namespace: rest[0], name: rest.slice(1).join('/') } : { kind, name: rest[0] ?? '' };
}

/**
 * The repository folder the Applications' source paths start with (`dist/` for ours), found where a
 * path names one of the tree's platform folders, so a copy of dist/ elsewhere is matched as well.
 */
function sourcePrefix(objects: readonly RenderedObject[]): string {
  const platforms = new Set(objects.map((o) => o.file.split('/')[0]));
  for (const app of applicationsOf(objects)) {
    for (const sourcePath of app.paths) {
      const segments = sourcePath.split('/');
      const at = segments.findIndex((segment) => platforms.has(segment));
      if (at >= 0) return segments.slice(0, at).map((s) => `${s}/`).join('');
    }
  }
  return 'dist/';
}

/** Every finding on a loaded tree: unreadable files, upstream schemas, then the cross-object rules. */
export function validateRenderedTree(tree: LoadedTree): TreeFinding[] {
  const { objects } = tree;
  const schema = checkRenderedObjects(objects).map((f) => findingOn(
    { file: f.file, kind: f.kind, namespace: f.namespace, name: f.name }, 'upstream-schema', f.path,
    f.rule ? `${f.message} (x-kubernetes-validations: ${f.rule})` : f.message,
  ));
  const fromGate = (f: { rule: RuleId; file: string; object: string; path: string; message: string; fix?: string }) =>
    findingOn({ file: f.file, ...parseObject(f.object) }, f.rule, f.path, f.message, f.fix);
  // The render gate's own cross-object rules, then the rules only a tree read back needs.
  const gate = checkCrossObjectRules(objects, sourcePrefix(objects)).map(fromGate);
  const views = treeObjects(objects);
  return [...tree.unreadable, ...schema, ...gate, ...checkWorkloadRules(views), ...checkReferenceRules(views)];
}
