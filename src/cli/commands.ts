import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PLATFORM, PLATFORMS } from '../../platforms';
import { writeOwnedTree } from '../render/write';
import { SpecIssue, SpecValidationError, formatIssue, isError } from '../spec/errors';
import { RenderGateError, formatGateFinding } from '../render/gate';
import { RULES, isRuleId } from '../spec/rules/catalogue';
import { explainRule, suggestRules } from '../spec/rules/catalogue-docs';
import { PlatformSpec } from '../spec/types';
import { validatePlatform } from '../spec/validate';
import { UsageError, loadSpecFile } from './load-spec';
import { validateTreeCommand } from './validate-tree';
import { defaultOutDir, displayFolder } from './paths';
import { renderPlatforms } from '../compile';

export interface CliOptions {
  /** synth: output folder. @default dist/ of the repository */
  readonly out?: string;
  /** Only this platform (by name). @default every platform */
  readonly platform?: string;
  /** A YAML/JSON spec file instead of the built-in platforms. */
  readonly spec?: string;
  /** diff/plan: the render to compare against. @default dist/ of the repository */
  readonly base?: string;
  /** diff/plan: an already rendered folder to review instead of a fresh render of the spec. */
  readonly head?: string;
  /** plan: report the capacity plan (scaling math, resources per pool, cost) instead of the diff. */
  readonly capacity?: boolean;
  /** plan: exit 4 when a note of this level (or worse) is found. */
  readonly failOn?: 'danger' | 'caution';
  /** validate, diff, plan: `json` prints one JSON document on stdout instead of text. */
  readonly format?: 'text' | 'json' | 'markdown';
  /** validate: print the catalogue entry of this rule instead of validating. */
  readonly explain?: string;
  /** validate: a rendered folder to check (schemas and cross-object rules) instead of the spec. */
  readonly tree?: string;
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

/** An issue as `--format json` prints it. */
export function issueJson(issue: SpecIssue): { path: string; rule: string; severity: 'error' | 'warning'; message: string } {
  return { path: issue.path, rule: issue.rule, severity: isError(issue) ? 'error' : 'warning', message: issue.message };
}

function explainCommand(rule: string, format: CliOptions['format']): number {
  if (!isRuleId(rule)) {
    const close = suggestRules(rule);
    throw new UsageError(`unknown rule '${rule}'${close.length ? `; did you mean ${close.map((r) => `'${r}'`).join(', ')}?` : ''} (all rules: docs/rules.md)`);
  }
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ rule, ...RULES[rule] }, null, 2)}\n`);
  } else {
    process.stdout.write(explainRule(rule));
  }
  return 0;
}

/** `validate`: report every broken rule of every selected platform; exit 1 when any. */
export function validateCommand(options: CliOptions): number {
  if (options.tree !== undefined) return validateTreeCommand(options);
  if (options.explain !== undefined) {
    if (options.spec || options.platform) throw new UsageError('--explain prints a rule; it takes no --spec or --platform');
    return explainCommand(options.explain, options.format);
  }
  let failed = 0;
  const results = [];
  for (const platform of selectPlatforms(options)) {
    const issues = validatePlatform(platform);
    const errors = issues.filter(isError);
    failed += errors.length;
    results.push({ platform: platform.name, valid: errors.length === 0, errors: errors.length, warnings: issues.length - errors.length, issues: issues.map(issueJson) });
    if (options.format === 'json') continue;
    printIssues(issues);
    if (errors.length === 0) process.stdout.write(`${platform.name}: valid${issues.length ? ` (${issues.length} warning(s))` : ''}\n`);
  }
  if (options.format === 'json') process.stdout.write(`${JSON.stringify({ valid: failed === 0, platforms: results }, null, 2)}\n`);
  return failed > 0 ? 1 : 0;
}

/** The output folder synth writes: --out, else dist/ of the repository (not of the current folder). */
function outputFolder(options: CliOptions): string {
  return options.out !== undefined ? path.resolve(options.out) : defaultOutDir();
}

/**
 * `synth`: validate, render every platform folder, then swap them into the output folder.
 * Under `cdk8s synth` (CDK8S_OUTDIR set) the same files also go to cdk8s' scratch folder.
 */
/** A spec that fails its rules, in the spec file or in the render: every issue, and what was kept. */
function specFailure(error: unknown, folder: string): number {
  if (error instanceof RenderGateError) {
    for (const finding of error.findings) process.stderr.write(`error: ${formatGateFinding(finding)}\n`);
    process.stderr.write(`${error.findings.length} rendered object(s) would be rejected; ${displayFolder(folder)} left unchanged\n`);
    return 1;
  }
  if (!(error instanceof SpecValidationError)) throw error;
  printIssues(error.issues);
  process.stderr.write(`${error.issues.length} spec error(s); ${displayFolder(folder)} left unchanged\n`);
  return 1;
}

export function synthCommand(options: CliOptions): number {
  const started = process.hrtime.bigint();
  const folder = outputFolder(options);
  if (fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new UsageError(`--out ${displayFolder(folder).replace(/\/$/, '')} is a file, not a folder; synth writes a folder of platform folders`);
  }
  let platforms;
  try {
    platforms = selectPlatforms(options);
  } catch (error) {
    return specFailure(error, folder);
  }
  if (options.spec && options.out === undefined) {
    // A spec file's render goes beside the committed built-in renders, never over one of them.
    const builtIn = platforms.find((p) => PLATFORMS.some((b) => b.name === p.name));
    if (builtIn) {
      throw new UsageError(`spec platform '${builtIn.name}' has the name of a built-in platform; without --out it would overwrite `
        + `the committed ${displayFolder(path.join(folder, builtIn.name))}. Pass --out DIR`);
    }
  }
  // Only a run over every built-in platform knows which owned folders are stale.
  const prune = !options.spec && !options.platform;
  let tree;
  try {
    tree = renderPlatforms(platforms, printIssues);
  } catch (error) {
    return specFailure(error, folder);
  }
  const result = writeOwnedTree(folder, tree, { prune });
  const cdk8sOutdir = process.env.CDK8S_OUTDIR;
  if (cdk8sOutdir && path.resolve(cdk8sOutdir) !== folder) writeOwnedTree(cdk8sOutdir, tree, { prune });
  const objects = [...tree.values()].reduce((n, text) => n + (text.match(/^---$/gm)?.length ?? 0), 0);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const removed = result.removed.length ? `; removed stale ${result.removed.join(', ')}` : '';
  process.stdout.write(`synth: ${tree.size} files, ${objects} objects → ${displayFolder(folder)} (${result.written.join(', ')}${removed}) in ${ms.toFixed(0)} ms\n`);
  return 0;
}
