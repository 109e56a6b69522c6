import * as fs from 'fs';
import * as yaml from 'js-yaml';
import { PlatformSpec } from '../spec/types';

/** Thrown for problems the user can fix (bad flags, unreadable files); printed without a stack. */
export class UsageError extends Error {}

/**
 * Reads a platform spec written as YAML or JSON (the typed TypeScript platforms need no loading).
 * Shape problems are left to the validator, which names the path of each one.
 */
export function loadSpecFile(file: string): PlatformSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read spec file '${file}'`);
  }
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { filename: file });
  } catch (error) {
    throw new UsageError(`spec file '${file}' is not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`spec file '${file}' must hold one platform object`);
  }
  const spec = parsed as Partial<PlatformSpec>;
  for (const key of ['name', 'nodePools', 'regions', 'namespaces'] as const) {
    if (spec[key] === undefined) throw new UsageError(`spec file '${file}': missing top-level field '${key}'`);
  }
  return spec as PlatformSpec;
}
