import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PLATFORM, PLATFORMS } from '../../platforms';
import { SpecIssue, formatIssue, isError } from '../spec/errors';
import { PlatformSpec } from '../spec/types';
import { validatePlatform } from '../spec/validate';
import { UsageError, loadSpecFile } from './load-spec';
import { writeTree, writeTreeAtomically } from './output';
import { renderPlatforms } from '../compile';

export interface CliOptions {
  /** Output folder. @default 'dist' */
  readonly out: string;
  /** Only this platform (by name). @default every platform */
  readonly platform?: string;
  /** A YAML/JSON spec file instead of the built-in platforms. */
  readonly spec?: string;
  /** diff/plan: the render to compare against. @default the output folder (the committed dist/) */
  readonly base?: string;
  /** plan: exit 4 when a note of this level (or worse) is found. */
  readonly failOn?: 'danger' | 'caution';
  /** simulate: the service, region (default: the first), load curve and duration in seconds. */
  readonly service?: string;
  readonly region?: string;
  readonly load?: string;
  readonly duration?: string;
}

/** The platforms a command works on: a spec file, one named platform, or all of them. */
export function selectPlatforms(options: CliOptions): PlatformSpec[] {
  if (options.spec) return [loadSpecFile(options.spec)];
  if (!options.platform) return [...PLATFORMS];
  const found = PLATFORMS.find((p) => p.name === options.platform);
  if (!found) throw new UsageError(`unknown platform '${options.platform}'; known: ${PLATFORMS.map((p) => p.name).join(', ')} (default ${DEFAULT_PLATFORM})`);
  return [found];
}

/** Prints issues to stderr, one line each, marked error or warning. */
export function printIssues(issues: readonly SpecIssue[]): void {
  for (const issue of issues) process.stderr.write(`${isError(issue) ? 'error' : 'warning'}: ${formatIssue(issue)}\n`);
}

/** `validate`: report every broken rule of every selected platform; exit 1 when any. */
export function validateCommand(options: CliOptions): number {
  let failed = 0;
  for (const platform of selectPlatforms(options)) {
    const issues = validatePlatform(platform);
    const errors = issues.filter(isError);
    failed += errors.length;
    printIssues(issues);
    if (errors.length === 0) process.stdout.write(`${platform.name}: valid${issues.length ? ` (${issues.length} warning(s))` : ''}\n`);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * `synth`: validate, render every cluster folder, then swap the result into place.
 * Under `cdk8s synth` (CDK8S_OUTDIR set) the same files also go to cdk8s' scratch folder.
 */
export function synthCommand(options: CliOptions): number {
  const started = process.hrtime.bigint();
  const tree = renderPlatforms(selectPlatforms(options), printIssues);
  writeTreeAtomically(options.out, tree);
  const cdk8sOutdir = process.env.CDK8S_OUTDIR;
  if (cdk8sOutdir && path.resolve(cdk8sOutdir) !== path.resolve(options.out)) {
    fs.rmSync(cdk8sOutdir, { recursive: true, force: true });
    writeTree(cdk8sOutdir, tree);
  }
  const objects = [...tree.values()].reduce((n, text) => n + (text.match(/^---$/gm)?.length ?? 0), 0);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`synth: ${tree.size} files, ${objects} objects → ${options.out}/ in ${ms.toFixed(0)} ms\n`);
  return 0;
}
