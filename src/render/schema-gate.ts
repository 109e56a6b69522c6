/**
 * The schema gate: every rendered object is checked against its upstream schema before anything
 * is written, so nothing the API server would reject reaches dist/.
 *
 * - Kubernetes built-in kinds: kubernetes-models 4.x, whose validators the package ships
 *   precompiled (ajv standalone). Like `kubectl --validate=false` it does not flag unknown fields
 *   of built-ins; types, enums, required fields and formats of known fields are checked.
 * - Kinds of the vendored CRDs (crds/): each served version's openAPIV3Schema, compiled ahead of
 *   time by scripts/build-schema-gate.mjs, strict as `kubectl --validate=strict` (unknown fields are
 *   errors unless the schema preserves them), with the schema's defaults applied to a copy first,
 *   then its CEL rules (see cel-rules.ts for what is evaluated and what is skipped). metadata is
 *   checked against ObjectMeta.
 * - Any other apiVersion/kind is a finding: the gate never lets an object through unchecked.
 *
 * Nothing is compiled here at run time; modules are required lazily, once per kind.
 */
import * as yaml from 'js-yaml';
import { celViolations } from './cel-rules';
import { SchemaError, builtinValidator, crdModule, objectMetaValidator } from './gate-modules';

export interface RenderedObject {
  /** The output file the object is written to, relative to the output folder. */
  file: string;
  object: unknown;
  /** The spec path that produced the object (compile knows it; a tree read from disk does not). */
  specPath?: string;
}

export interface Finding {
  file: string;
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
  /** The field, as the API server names it: `spec.template.spec.containers[0].ports[0].containerPort`. */
  path: string;
  message: string;
  /** The CEL rule broken, for x-kubernetes-validations findings. */
  rule?: string;
  /** The spec path that produced the object, when known. */
  specPath?: string;
}

interface ObjectHead {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A JSON pointer into `root` as a field path: array indexes and odd map keys in brackets. */
export function fieldPath(root: unknown, pointer: string): string {
  if (pointer === '') return '(root)';
  let out = '';
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += out ? `.${key}` : key;
    else out += `[${key}]`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return out;
}

/** One ajv error as a pointer to the offending field and a message about it. */
function describe(error: SchemaError): { pointer: string; message: string } {
  const property = (error.params.missingProperty ?? error.params.additionalProperty) as string | undefined;
  const child = property === undefined ? error.instancePath : `${error.instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  if (error.keyword === 'required') return { pointer: child, message: 'required field is missing' };
  if (error.keyword === 'additionalProperties') return { pointer: child, message: `unknown field '${property}'` };
  const allowed = error.keyword === 'enum' ? `: ${JSON.stringify(error.params.allowedValues)}` : '';
  return { pointer: error.instancePath, message: `${error.message ?? error.keyword}${allowed}` };
}

function schemaFindings(errors: SchemaError[] | null | undefined, object: unknown, finding: (path: string, message: string) => Finding): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const error of errors ?? []) {
    const { pointer, message } = describe(error);
    const path = fieldPath(object, pointer);
    const key = `${path}\0${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(finding(path, message));
    }
  }
  return out;
}

function checkOne({ file, object, specPath }: RenderedObject): Finding[] {
  const head = (object !== null && typeof object === 'object' ? object : {}) as ObjectHead;
  const apiVersion = typeof head.apiVersion === 'string' ? head.apiVersion : '';
  const kind = typeof head.kind === 'string' ? head.kind : '';
  const namespace = typeof head.metadata?.namespace === 'string' ? head.metadata.namespace : undefined;
  const name = typeof head.metadata?.name === 'string' ? head.metadata.name : '';
  const finding = (path: string, message: string, rule?: string): Finding => ({
    file, apiVersion, kind, ...(namespace === undefined ? {} : { namespace }), name, path, message, ...(rule ? { rule } : {}), ...(specPath ? { specPath } : {}),
  });
  if (!apiVersion || !kind) return [finding('(root)', 'apiVersion and kind must be non-empty strings')];

  const group = apiVersion.includes('/') ? apiVersion : `core/${apiVersion}`;
  const crd = crdModule(`${group}:${kind}`);
  if (crd) {
    // Defaults are applied (to a copy) before validation and CEL, as the API server does.
    const copy = crd.hasDefaults ? structuredClone(object) : object;
    const valid = crd.validate(copy);
    const findings = valid ? [] : schemaFindings(crd.validate.errors, copy, finding);
    const meta = objectMetaValidator();
    if (head.metadata !== undefined && !meta(head.metadata, { instancePath: '/metadata' })) findings.push(...schemaFindings(meta.errors, object, finding));
    // CEL rules assume a structurally valid object; the API server does not run them otherwise either.
    if (findings.length === 0) {
      for (const v of celViolations(crd.cel, copy)) findings.push(finding(fieldPath(copy, v.pointer), v.message, v.rule));
    }
    return findings;
  }
  const validate = builtinValidator(apiVersion, kind);
  if (!validate) return [finding('(root)', `no schema known for ${apiVersion} ${kind}: not a Kubernetes built-in kind nor served by a CRD in crds/`)];
  return validate(object) ? [] : schemaFindings(validate.errors, object, finding);
}

/** Every schema finding of every rendered object, in input order; an empty list means all are valid. */
export function checkRenderedObjects(objects: RenderedObject[]): Finding[] {
  return objects.flatMap(checkOne);
}

/** `file: apiVersion kind namespace/name: path: message [rule]`, one line per finding. */
export function formatFinding(f: Finding): string {
  const id = f.namespace === undefined ? f.name : `${f.namespace}/${f.name}`;
  return `${f.file}: ${f.apiVersion} ${f.kind} ${id}: ${f.path}: ${f.message}${f.rule ? ` [rule: ${f.rule}]` : ''}${f.specPath ? ` (from spec path ${f.specPath})` : ''}`;
}

/** Every object of every rendered YAML file (path → text), with the file it came from. */
export function renderedObjectsOf(tree: Map<string, string>): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const [file, text] of tree) for (const object of yaml.loadAll(text)) if (object) out.push({ file, object });
  return out;
}
