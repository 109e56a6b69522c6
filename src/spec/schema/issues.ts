/** zod issues → SpecIssues in the compiler's format: a dotted spec path, a rule id, one clear message. */
import type { z } from 'zod';
import type { SpecIssue } from '../errors';
import { INT32_MAX, INT32_MIN, RESERVED_NAMES } from './primitives';
import type { SchemaRule } from './rules';

/** A spec issue from the schema: its rule is one of the catalogue's `schema-*` ids. */
export type SchemaIssue = SpecIssue & { readonly rule: SchemaRule };
import { closestWord } from './suggest';

type Path = readonly PropertyKey[];
type ZodIssue = z.core.$ZodIssue;

/** The error-map message that carries an object's known keys to the converter (never shown). */
const KNOWN_KEYS = '\u0000known-keys:';

/** Error map for safeParse: an unknown-key issue remembers the keys its object allows. */
export function rememberKnownKeys(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape ? KNOWN_KEYS + JSON.stringify(Object.keys(shape)) : undefined;
}

export function formatPath(prefix: string, path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), prefix);
}

function own(value: unknown, key: PropertyKey): boolean {
  return value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key);
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) value = own(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  array: 'a list', object: 'an object', record: 'a map', string: 'a string', number: 'a number',
  int: 'an integer', boolean: 'a boolean (true or false)',
};
const expectedName = (expected: string) => EXPECTED[expected] ?? expected;

/**
 * Keys named like Object.prototype members, anywhere in the input (zod skips an own `__proto__`
 * in records). One stack-based pass: a path is built only for a key that is reported.
 */
export function reservedNameIssues(input: unknown, prefix: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const path: PropertyKey[] = [];
  // Specs are trees (JSON, YAML, object literals): the walk needs no cycle guard, as zod's does not.
  const walk = (value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      if (RESERVED_NAMES.has(key)) {
        issues.push({
          path: formatPath(prefix, [...path, key]), rule: 'schema-reserved-name',
          message: `'${key}' is reserved: every JavaScript object has a member of that name, so it cannot name a map entry; choose another name`,
        });
      } else {
        path.push(key);
        walk((value as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(input);
  return issues;
}

/** Of a union's branches, those whose type fits the value (their issues are the useful ones). */
function fittingBranches(branches: readonly ZodIssue[][], value: unknown): ZodIssue[][] {
  return branches.filter((issues) => !issues.some((i) => i.path.length === 0 && (
    (i.code === 'invalid_type' && !(typeof value === 'number' && (i.expected === 'number' || i.expected === 'int')))
    || (i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof value)))));
}

export function toSpecIssues(issues: readonly ZodIssue[], input: unknown, prefix: string, base: Path = []): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const push = (path: Path, rule: SchemaRule, message: string) => out.push({ path: formatPath(prefix, path), rule, message });

  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const value = valueAt(input, path);
    const parentHasKey = path.length === 0 || own(valueAt(input, path.slice(0, -1)), path[path.length - 1]);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known: string[] = issue.message.startsWith(KNOWN_KEYS) ? JSON.parse(issue.message.slice(KNOWN_KEYS.length)) : [];
        for (const key of issue.keys) {
          if (RESERVED_NAMES.has(key)) continue; // reported once, by reservedNameIssues
          const hint = closestWord(key, known);
          push([...path, key], 'schema-unknown-key',
            `unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; allowed: ${known.join(', ') || '(none)'}`);
        }
        break;
      }
      case 'invalid_type':
        // A schema that says why it is required (`{ error }`) adds its reason; zod's own text starts 'Invalid input'.
        if (value === undefined && !parentHasKey) push(path, 'schema-required', `required field is missing (${expectedName(issue.expected)})${issue.message.startsWith('Invalid input') ? '' : `: ${issue.message}`}`);
        else if (typeof value === 'number' && !Number.isFinite(value)) push(path, 'schema-finite', `must be a finite number, not ${value}`);
        else if (typeof value === 'number' && issue.expected === 'int') push(path, 'schema-integer', `must be an integer, not ${value}`);
        else push(path, 'schema-type', `must be ${expectedName(issue.expected)}, not ${kindOf(value)}`);
        break;
      case 'too_big':
      case 'too_small': {
        const big = issue.code === 'too_big';
        const bound = Number(big ? issue.maximum : issue.minimum);
        if (issue.origin === 'number' && (bound === INT32_MAX || bound === INT32_MIN)) {
          push(path, 'schema-int32', `${String(value)} is outside int32 (${INT32_MIN}…${INT32_MAX}); Kubernetes stores this field as a 32-bit integer`);
        } else {
          // A bound that explains itself (`{ error }` on the schema) adds its reason; zod's own text does not.
          const reason = /^Too (big|small)/.test(issue.message) ? '' : `: ${issue.message}`;
          push(path, 'schema-range', `${issue.origin === 'number' ? String(value) : kindOf(value)} is out of range: must be ${big ? '≤' : '≥'} ${bound}${reason}`);
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
        const hint = typeof value === 'string' ? closestWord(value, allowed) : undefined;
        push(path, value === undefined && !parentHasKey ? 'schema-required' : 'schema-enum',
          `${value === undefined ? 'missing' : JSON.stringify(value)} is not one of ${allowed.join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}`);
        break;
      }
      case 'invalid_union': {
        const options = (issue as { options?: unknown[] }).options;
        if (issue.errors.length === 0 && options) {
          // A discriminated union whose discriminator (already the last path key) fits no branch.
          const allowed = options.map(String);
          const hint = typeof value === 'string' ? closestWord(value, allowed) : undefined;
          if (value === undefined && !parentHasKey) push(path, 'schema-required', `required field is missing (one of ${allowed.join(', ')})`);
          else push(path, 'schema-enum', `${JSON.stringify(value)} is not one of ${allowed.join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}`);
        } else if (value === undefined && !parentHasKey) {
          push(path, 'schema-required', 'required field is missing');
        } else {
          const fitting = fittingBranches(issue.errors, value);
          if (fitting.length > 0) {
            const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
            out.push(...toSpecIssues(best, input, prefix, path));
          } else {
            const expected = [...new Set(issue.errors.flatMap((b) => b.filter((i) => i.path.length === 0 && i.code === 'invalid_type')
              .map((i) => expectedName((i as { expected: string }).expected))))];
            push(path, 'schema-type', `must be ${expected.join(' or ') || 'another type'}, not ${kindOf(value)}`);
          }
        }
        break;
      }
      case 'invalid_key':
        if (!RESERVED_NAMES.has(String(path[path.length - 1]))) push(path, 'schema-invalid', `invalid key: ${issue.issues.map((i) => i.message).join('; ')}`);
        break;
      default:
        push(path, 'schema-invalid', issue.message);
    }
  }
  return out;
}
