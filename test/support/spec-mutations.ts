/**
 * Random damage to a valid spec, for property tests: delete keys, set null, swap types, insert
 * unknown keys, huge and non-finite numbers, prototype names as values and as keys.
 */
import * as fc from 'fast-check';

type Json = any;
type Path = (string | number)[];

export const OPS = ['delete', 'null', 'swap', 'unknown-key', 'number', 'proto-value', 'proto-key'] as const;
export interface Mutation { readonly at: number; readonly op: (typeof OPS)[number]; readonly pick: number }

const SWAPS: Json[] = ['x', 7, true, [], {}, ['a'], { a: 1 }];
const NUMBERS = [2 ** 31, -(2 ** 31) - 1, 1e308, Infinity, -Infinity, NaN, -1, 0, 1.5, 65536];
const PROTO_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
const UNKNOWN_KEYS = ['periodSecond', 'extra', 'maxUnavailible', 'replica', ...PROTO_NAMES];

export const mutationsArb = fc.array(fc.record({ at: fc.nat(), op: fc.constantFrom(...OPS), pick: fc.nat() }), { minLength: 1, maxLength: 4 });

/** Every path in the value, parents before children. */
function pathsOf(value: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (value !== null && typeof value === 'object') {
    for (const key of Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)) pathsOf(value[key], [...path, key], out);
  }
  return out;
}

/** Sets an own property, also for `__proto__` (plain assignment would replace the prototype). */
function setOwn(target: Json, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The mutation that applies `op` at `path` (a fixed example among the random ones). */
export function mutationAt(spec: unknown, path: string, op: Mutation['op'], pick = 0): Mutation {
  const at = pathsOf(JSON.parse(JSON.stringify(spec))).filter((p) => p.length > 0).findIndex((p) => p.join('.') === path);
  if (at < 0) throw new Error(`no path ${path} in the spec`);
  return { at, op, pick };
}

function apply(spec: Json, { at, op, pick }: Mutation): void {
  const paths = pathsOf(spec).filter((p) => p.length > 0);
  if (paths.length === 0) return;
  const path = paths[at % paths.length];
  let parent = spec;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const key = path[path.length - 1];
  const value = parent[key];
  switch (op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      break;
    case 'null': setOwn(parent, key, null); break;
    case 'swap': setOwn(parent, key, SWAPS.filter((s) => typeof s !== typeof value || Array.isArray(s) !== Array.isArray(value))[pick % 5]); break;
    case 'number': setOwn(parent, key, NUMBERS[pick % NUMBERS.length]); break;
    case 'proto-value': setOwn(parent, key, PROTO_NAMES[pick % PROTO_NAMES.length]); break;
    case 'unknown-key': {
      const target = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : parent;
      if (!Array.isArray(target)) setOwn(target, UNKNOWN_KEYS[pick % UNKNOWN_KEYS.length], 1);
      break;
    }
    case 'proto-key':
      if (!Array.isArray(parent)) {
        delete parent[key];
        setOwn(parent, PROTO_NAMES[pick % PROTO_NAMES.length], value);
      }
      break;
  }
}

/** A deep copy of the spec (as plain JSON) with the mutations applied in order. */
export function mutate(spec: unknown, mutations: readonly Mutation[]): Json {
  const copy = JSON.parse(JSON.stringify(spec));
  for (const m of mutations) apply(copy, m);
  return copy;
}

/** `path: message [rule]` on one line, the path starting with the platform's name. */
export function isCleanIssueLine(line: string, prefix: string): boolean {
  return line.startsWith(prefix) && /^[^\s:]+: [^\n]+ \[[a-z0-9-]+\]$/.test(line);
}

/** The first segment of every issue path: the platform name, or `platform` without one. */
export function pathPrefix(spec: Json): string {
  return spec !== null && typeof spec === 'object' && typeof spec.name === 'string' && spec.name !== '' ? spec.name : 'platform';
}
