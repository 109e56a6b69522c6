import { SpecIssue, SpecValidationError, isError } from './errors';
import { ResolvedService, resolveRegions } from './resolve';
import { checkMesh } from './mesh/validate';
import { checkCapacity } from './rules/capacity';
import { checkStructure } from './rules/structure';
import { checkScaling } from './rules/scaling';
import { checkWorkload } from './rules/workload';
import { PlatformSpec } from './types';
import { checkAsyncWorkloads } from './workers/validate';
import { resolvePlatform } from '../model/resolve';
import type { PlatformModel } from '../model/types';

/** Collects issues; the same issue found from several regions is reported once. */
export class IssueCollector {
  private readonly seen = new Map<string, SpecIssue>();

  /** An error: synth stops. */
  report(path: string, rule: string, message: string): void {
    const key = `${path}\u0000${rule}\u0000${message}`;
    if (!this.seen.has(key)) this.seen.set(key, { path, rule, message });
  }

  /** A warning: printed for the reviewer, synth goes on. */
  warn(path: string, rule: string, message: string): void {
    const key = `${path}\u0000${rule}\u0000${message}`;
    if (!this.seen.has(key)) this.seen.set(key, { path, rule, message, severity: 'warning' });
  }

  /** Sorted by path, then rule, so output is stable whatever order the rules ran in. */
  get issues(): SpecIssue[] {
    return [...this.seen.values()].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
  }
}

/** A check of one service as one region runs it. */
export type ServiceRule = (platform: PlatformSpec, service: ResolvedService, region: string, out: IssueCollector) => void;

/**
 * Every semantic rule over a platform, and the resolved model when the spec is valid. Structure
 * is checked first; services are then checked as each region resolves them, so a bad region
 * override is reported at the override's path. Derived names and labels are checked where the
 * model derives them (src/model/identity.ts), so the model is resolved here once and handed on.
 */
export function validateAndResolve(platform: PlatformSpec): { issues: SpecIssue[]; model?: PlatformModel } {
  const out = new IssueCollector();
  checkStructure(platform, out);
  for (const region of resolveRegions(platform)) {
    for (const ns of region.namespaces) {
      for (const service of ns.services) {
        checkWorkload(platform, service, region.name, out);
        checkScaling(platform, service, region.name, out);
      }
    }
  }
  checkMesh(platform, out);
  checkAsyncWorkloads(platform, out);
  // Capacity sums every workload's requests: meaningful only once each of them is valid.
  if (!out.issues.some(isError)) checkCapacity(platform, out);
  const brokenElsewhere = out.issues.some(isError);
  let model: PlatformModel | undefined;
  try {
    model = resolvePlatform(platform, { out });
  } catch (error) {
    // A spec broken elsewhere may not resolve; its errors are already reported.
    if (!brokenElsewhere) throw error;
  }
  const issues = out.issues;
  return issues.some(isError) ? { issues } : { issues, model };
}

/** Every semantic rule over a platform (see {@link validateAndResolve}). */
export function validatePlatform(platform: PlatformSpec): SpecIssue[] {
  return validateAndResolve(platform).issues;
}

/** Throws a {@link SpecValidationError} when any issue is an error; returns the warnings otherwise. */
export function assertValidPlatform(platform: PlatformSpec): SpecIssue[] {
  return assertResolvedPlatform(platform).warnings;
}

/** The resolved model of a valid platform and its warnings; throws a {@link SpecValidationError} on errors. */
export function assertResolvedPlatform(platform: PlatformSpec): { model: PlatformModel; warnings: SpecIssue[] } {
  const { issues, model } = validateAndResolve(platform);
  if (!model) throw new SpecValidationError(issues.filter(isError));
  return { model, warnings: issues };
}
