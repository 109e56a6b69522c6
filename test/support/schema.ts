/**
 * Validates rendered objects against their upstream schemas:
 * - core Kubernetes kinds with kubernetes-models (4.x, CommonJS);
 * - CRD kinds with the CRD's own openAPIV3Schema read from ../shared/crds, made strict the way
 *   `kubectl --validate=strict` is (unknown fields are errors, not silently pruned).
 */
import Ajv, { ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';

export const CRD_DIR = path.resolve(__dirname, '../../crds');

interface KubeObject { apiVersion: string; kind: string; metadata?: { name?: string } }

type SchemaNode = Record<string, unknown>;

/** Unknown fields become errors, except where the CRD explicitly preserves them. */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (node === null || typeof node !== 'object') return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node as SchemaNode)) out[key] = strictify(value);
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** CRD patterns are Go regular expressions; `(?i)` (case-insensitive) is the one construct JS lacks. */
const goRegExp = Object.assign(
  (pattern: string, flags: string) =>
    pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), `${flags}i`) : new RegExp(pattern, flags),
  { code: 'new RegExp' },
);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
let crdSchemas: Map<string, SchemaNode> | undefined;
const crdValidators = new Map<string, ValidateFunction>();

/** Compiled on first use: compiling all 24 CRDs up front costs seconds per test file. */
function crdValidator(key: string): ValidateFunction | undefined {
  const schema = loadCrdSchemas().get(key);
  if (!schema) return undefined;
  if (!crdValidators.has(key)) crdValidators.set(key, ajv.compile(schema));
  return crdValidators.get(key);
}

function loadCrdSchemas(): Map<string, SchemaNode> {
  if (crdSchemas) return crdSchemas;
  crdSchemas = new Map();
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) files.push(full);
    }
  };
  walk(CRD_DIR);
  for (const file of files.sort()) {
    for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]) {
      if (doc?.kind !== 'CustomResourceDefinition') continue;
      for (const version of doc.spec.versions) {
        const schema = strictify(version.schema.openAPIV3Schema) as SchemaNode;
        // metadata is validated by the API server itself, not by the CRD schema.
        (schema.properties as SchemaNode).metadata = { type: 'object' };
        (schema.properties as SchemaNode).apiVersion = { type: 'string' };
        (schema.properties as SchemaNode).kind = { type: 'string' };
        crdSchemas.set(`${doc.spec.group}/${version.name}:${doc.spec.names.kind}`, schema);
      }
    }
  }
  return crdSchemas;
}

function coreModel(apiVersion: string, kind: string): any | undefined {
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require(modulePath)[kind];
  } catch {
    return undefined;
  }
}

/** Schema errors of one object; an empty list means valid. Unknown kinds are an error too. */
export function schemaErrors(object: KubeObject): string[] {
  const id = `${object.kind}/${object.metadata?.name ?? '?'}`;
  const crd = crdValidator(`${object.apiVersion}:${object.kind}`);
  if (crd) {
    if (crd(object)) return [];
    return (crd.errors ?? []).map((e) => `${id}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${(e.params as any).additionalProperty}'` : ''}`);
  }
  const Model = coreModel(object.apiVersion, object.kind);
  if (!Model) return [`${id}: no schema known for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${id}: ${(error as Error).message}`];
  }
}

/** Every object of every YAML file below `dir`, with the file it came from. */
export function loadRenderedObjects(tree: Map<string, string>): { file: string; object: KubeObject }[] {
  const out: { file: string; object: KubeObject }[] = [];
  for (const [file, text] of tree) {
    for (const object of yaml.loadAll(text) as KubeObject[]) if (object) out.push({ file, object });
  }
  return out;
}
