import { SpecIssue, SpecValidationError, isError } from './errors';
import { ResolvedService, resolveRegions } from './resolve';
import { checkMesh } from './mesh/validate';
import { checkCapacity } from './rules/capacity';
import type { ErrorRuleId, WarningRuleId } from './rules/catalogue';
import { checkStructure } from './rules/structure';
import { checkScaling } from './rules/scaling';
import { checkWorkload } from './rules/workload';
import { parsePlatformSpec } from './schema';
import { PlatformSpec } from './types';
import { checkAsyncWorkloads } from './workers/validate';
import { resolvePlatform } from '../model/resolve';
import { checkRedisConnectionBudgets } from './rules/redis-budget';
import { checkAlerting } from './rules/alerting';
import { checkPostgres } from './rules/postgres';
import { checkKafkaClusters, checkRabbitmqClusters } from './rules/data-brokers';
import { checkCapacityPlan } from './rules/capacity-plan';
import { checkAutoscalerCapacity, checkOperatingPoints, checkQuotaSkipped } from './rules/scaling-claims';
import type { PlatformModel } from '../model/types';
import { checkNodeTuning, checkPodSysctls, checkVerticalScaling } from './rules/sysctls';
import { checkExternalConnectionBudgets, checkRegionServices } from './rules/region-services';
import { checkSeedClaims } from './rules/seed-claims';

/** Collects issues; the same issue found from several regions is reported once. */
export class IssueCollector {
  private readonly seen = new Map<string, SpecIssue>();

  /** An error: synth stops. Only a rule the catalogue lists as an error is accepted. */
  report(path: string, rule: ErrorRuleId, message: string): void {
    this.add({ path, rule, message });
  }

  /** A warning: printed for the reviewer, synth goes on. Only a catalogued warning is accepted. */
  warn(path: string, rule: WarningRuleId, message: string): void {
    this.add({ path, rule, message, severity: 'warning' });
  }

  private add(issue: SpecIssue): void {
    const key = `${issue.path}\u0000${issue.rule}\u0000${issue.message}`;
    if (!this.seen.has(key)) this.seen.set(key, issue);
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
 * Every rule over a platform (the schema first, then the semantic rules), and the resolved model when the spec is valid. Structure
 * is checked first; services are then checked as each region resolves them, so a bad region
 * override is reported at the override's path. Derived names and labels are checked where the
 * model derives them (src/model/identity.ts), so the model is resolved here once and handed on.
 */
export function validateAndResolve(platform: PlatformSpec): { issues: SpecIssue[]; model?: PlatformModel } {
  const out = new IssueCollector();
  // The declared shape first, at every depth: the semantic rules below rely on every field
  // having its declared type, so they run only on a spec whose shape is valid.
  const shape = parsePlatformSpec(platform);
  for (const issue of shape.issues) out.report(issue.path, issue.rule, issue.message);
  if (shape.issues.length > 0) return { issues: out.issues };
  checkStructure(platform, out);
  for (const region of resolveRegions(platform)) {
    for (const ns of region.namespaces) {
      for (const service of ns.services) {
        checkWorkload(platform, service, region.name, out);
        checkScaling(platform, service, region.name, out);
        checkPodSysctls(service, out);
        checkVerticalScaling(service, out);
      }
    }
  }
  checkMesh(platform, out);
  checkAsyncWorkloads(platform, out);
  checkAlerting(platform, out);
  checkRegionServices(platform, out);
  checkExternalConnectionBudgets(platform, out);
  checkNodeTuning(platform, out);
  // Capacity sums every workload's requests: meaningful only once each of them is valid.
  if (!out.issues.some(isError)) {
    checkCapacity(platform, out);
    checkAutoscalerCapacity(platform, out);
    checkOperatingPoints(platform, out);
    checkQuotaSkipped(platform, out);
  }
  checkCapacityPlan(platform, out);
  const brokenElsewhere = out.issues.some(isError);
  let model: PlatformModel | undefined;
  try {
    model = resolvePlatform(platform, { out });
    if (!brokenElsewhere) {
      checkRedisConnectionBudgets(model, out);
      checkPostgres(platform, model, out);
      checkKafkaClusters(model, out);
      checkRabbitmqClusters(model, out);
      checkSeedClaims(platform, model, out);
    }
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
