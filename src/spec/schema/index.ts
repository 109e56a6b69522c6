/**
 * The spec schema, declared once: the TypeScript types (`z.infer`), the runtime check of YAML,
 * JSON and TypeScript platforms, and the published JSON Schema all derive from it.
 */
import type { SpecIssue } from '../errors';
import type { SchemaRule } from './rules';
import type { PlatformSpec } from '../types';
import { platformSchema } from './core';
import { rememberKnownKeys, reservedNameIssues, toSpecIssues } from './issues';

export { platformSchema } from './core';
export { SCHEMA_RULES, type SchemaRule } from './rules';

/** The first segment of every error path: the platform's name when it has one. */
function pathPrefix(input: unknown): string {
  const name = input !== null && typeof input === 'object' ? (input as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'platform';
}

/**
 * Checks the shape of a platform spec at every depth and reports every problem at once, sorted
 * by path. `spec` is set only when there is none; it is the input, checked (nothing is defaulted).
 */
export function parsePlatformSpec(input: unknown): { spec?: PlatformSpec; issues: (SpecIssue & { rule: SchemaRule })[] } {
  const prefix = pathPrefix(input);
  const issues = reservedNameIssues(input, prefix);
  // jitless: zod's generated object parsers cost a new Function compile per object schema in every
  // process (no code cache can hold them): measured, the first parse of the five platforms took
  // about 4x as long with them as without.
  const result = platformSchema.safeParse(input, { error: rememberKnownKeys, jitless: true });
  if (!result.success) issues.push(...toSpecIssues(result.error.issues, input, prefix));
  if (issues.length > 0) {
    const unique = new Map(issues.map((i) => [`${i.path}\u0000${i.rule}\u0000${i.message}`, i]));
    return { issues: [...unique.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)) };
  }
  return { spec: input as PlatformSpec, issues: [] };
}
