/**
 * Building blocks of the spec schema. Kubernetes stores most counts, ports and durations as
 * int32, so integers are bounded to int32 here rather than left to the API server to reject.
 */
import { z } from 'zod';

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/**
 * Names a map key may not take: members of Object.prototype. A plain-object map holding one of
 * them would shadow (or, for `__proto__`, replace) what every object inherits; `constructor` is
 * even a valid DNS label, so it is refused by this explicit rule rather than by a name pattern.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '__proto__', 'constructor',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf',
]);

/** An integer Kubernetes stores as int32 (replicas, seconds, thresholds, counts). */
export const int32 = () => z.number().int().min(INT32_MIN).max(INT32_MAX);

/** A finite number (decimals allowed); z.number() already refuses Infinity and NaN. */
export const finite = () => z.number();

/** A TCP/UDP port number. */
export const port = () => z.number().int().min(1).max(65535);

/** An int32 or a string such as '10%' (Kubernetes IntOrString). */
export const intOrString = () => z.union([int32(), z.string()]);

/** A string→string map such as labels or env: values must be strings, never numbers. */
export const stringMap = () => mapOf(z.string());

const RESERVED_PATTERN = `^(?!(?:${[...RESERVED_NAMES].join('|')})$)`;

/** A map keyed by name. Reserved names are refused (see RESERVED_NAMES), also in the JSON Schema. */
const mapKey = z.string().regex(new RegExp(RESERVED_PATTERN))
  .meta({ id: 'MapKey', description: 'A map key: any name but a member of Object.prototype (constructor, toString, __proto__, …).' });

export function mapOf<T extends z.ZodType>(value: T) {
  return z.record(mapKey, value);
}

/**
 * Gives a schema a name in the published JSON Schema: it becomes one `definitions` entry that
 * every use refers to, instead of a copy at each place (its description is kept).
 */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  return schema.meta({ ...(schema.meta() ?? {}), id }) as T;
}
