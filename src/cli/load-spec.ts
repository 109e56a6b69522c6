import * as fs from 'fs';
import * as yaml from 'js-yaml';
import { SpecValidationError } from '../spec/errors';
import { parsePlatformSpec } from '../spec/schema';
import { PlatformSpec } from '../spec/types';

/** Thrown for problems the user can fix (bad flags, unreadable files); printed without a stack. */
export class UsageError extends Error {}

/**
 * Reads a platform spec written as YAML or JSON (the typed TypeScript platforms need no loading)
 * and checks its shape against the spec schema at every depth: a wrong shape is a
 * SpecValidationError naming the path and rule of each problem (exit 1), never a crash later.
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
  const { spec, issues } = parsePlatformSpec(parsed);
  if (!spec) throw new SpecValidationError(issues);
  return spec;
}
