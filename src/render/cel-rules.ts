/**
 * CRD `x-kubernetes-validations` rules, evaluated as the API server does on create, with
 * @marcbachmann/cel-js.
 *
 * Evaluated: every rule whose expression cel-js parses and type-checks with `self` as dyn (the
 * standard macros has/all/exists/exists_one/map/filter, size, contains/startsWith/endsWith/matches,
 * substring, int(), duration(), ternaries and arithmetic). On the 30 vendored files that is 272 of
 * the 278 rules of served versions (the list with reasons is written to
 * build/schema-gate/cel-coverage.json at build time).
 * Skipped, and why:
 * - transition rules (they read `oldSelf`; 6 rules in CNPG Cluster/Pooler and Kong
 *   KongConsumer/KongPlugin): on create there is no stored object, and the API server skips them
 *   too (none of the vendored rules sets optionalOldSelf);
 * - any rule that cel-js cannot parse or type-check (today none): it would need a Kubernetes CEL
 *   library function cel-js lacks (quantity, ip/cidr, url, sets, format, authorizer);
 * - `messageExpression` is not evaluated; the static `message` (or the rule) is reported.
 * Values follow the API server's CEL types: integral JSON numbers become int (BigInt), others
 * double; objects are maps, so `has(self.x)` tests presence. A rule runs only where its field is
 * present, after the schema's defaults were applied, as in the API server.
 */
import { CelNode, celJs } from './gate-modules';

export interface CelViolation {
  /** JSON pointer of the field the rule is attached to (or its fieldPath). */
  pointer: string;
  rule: string;
  message: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let environment: any;
const programs = new Map<string, (context: { self: unknown }) => unknown>();

function program(rule: string): (context: { self: unknown }) => unknown {
  let compiled = programs.get(rule);
  if (!compiled) {
    if (!environment) {
      const { Environment } = celJs();
      environment = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    }
    compiled = environment.parse(rule) as (context: { self: unknown }) => unknown;
    programs.set(rule, compiled);
  }
  return compiled;
}

/**
 * cel-js's own Array constructor. cel-js recognizes lists by their constructor, and the module
 * may live in another realm than the caller (jest loads the ES module outside its sandbox), where
 * an array built here would be "Unsupported type: Array". Lists are therefore built with the
 * constructor of a list cel-js itself returned.
 */
let celArray: ArrayConstructor | undefined;
function listOf(items: unknown[]): unknown[] {
  celArray ??= (program('[]')({ self: null }) as unknown[]).constructor as ArrayConstructor;
  return celArray.from(items);
}

/**
 * JSON as CEL sees it: integral numbers are int. `converted` holds what one object's walk already
 * converted, so a rule below another rule's field reuses that conversion instead of copying again.
 */
function toCel(value: unknown, converted: Map<object, unknown>): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  const known = converted.get(value);
  if (known !== undefined) return known;
  let out: unknown;
  if (Array.isArray(value)) out = listOf(value.map((item) => toCel(item, converted)));
  else {
    const record: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) record[key] = toCel(child, converted);
    out = record;
  }
  converted.set(value, out);
  return out;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** `.spec.foo` / `.spec['a.b']` (a rule's fieldPath) as a JSON pointer suffix. */
function fieldPathPointer(fieldPath: string): string {
  let out = '';
  for (const m of fieldPath.matchAll(/\.([A-Za-z_$][\w$-]*)|\[['"]([^'"]*)['"]\]|\[(\d+)\]/g)) out += `/${escapePointer(m[1] ?? m[2] ?? m[3])}`;
  return out;
}

function evaluate(node: CelNode, value: unknown, pointer: string, out: CelViolation[], converted: Map<object, unknown>): void {
  for (const { rule, message, fieldPath } of node.rules ?? []) {
    let verdict: unknown;
    try {
      verdict = program(rule)({ self: toCel(value, converted) });
    } catch (error) {
      // The API server rejects an object whose rule fails to evaluate (e.g. a missing key read without has()).
      out.push({ pointer, rule, message: `CEL rule could not be evaluated: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    if (verdict !== true) out.push({ pointer: fieldPath ? pointer + fieldPathPointer(fieldPath) : pointer, rule, message: message ?? `failed rule: ${rule}` });
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (node.items) value.forEach((item, i) => evaluate(node.items!, item, `${pointer}/${i}`, out, converted));
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    const sub = node.properties && Object.prototype.hasOwnProperty.call(node.properties, key) ? node.properties[key] : node.additionalProperties;
    if (sub && child !== undefined) evaluate(sub, child, `${pointer}/${escapePointer(key)}`, out, converted);
  }
}

/** Parses every rule of `tree` ahead of use (the gate's thread does it while it waits for work). */
export function compileCelRules(tree: CelNode): void {
  for (const { rule } of tree.rules ?? []) program(rule);
  for (const child of Object.values(tree.properties ?? {})) compileCelRules(child);
  if (tree.items) compileCelRules(tree.items);
  if (tree.additionalProperties) compileCelRules(tree.additionalProperties);
}

/** Every CEL rule of `tree` that `object` (already defaulted) breaks. */
export function celViolations(tree: CelNode, object: unknown): CelViolation[] {
  const out: CelViolation[] = [];
  if (tree.rules || tree.properties || tree.items || tree.additionalProperties) evaluate(tree, object, '', out, new Map());
  return out;
}
