import type { RuleId } from './rules/catalogue';

/** One broken rule at one place in the spec. */
export interface SpecIssue {
  /** Dotted path from the platform name, e.g. `hyperscale.regions.eu-west.services.api.autoscaling`. */
  readonly path: string;
  /** Stable rule id from the catalogue (src/spec/rules/catalogue.ts), e.g. `min-max-replicas`. */
  readonly rule: RuleId;
  readonly message: string;
  /**
   * Absent for errors, which stop synth. Warnings are printed but do not stop it: they flag
   * what a reviewer must know, such as a seed whose own numbers disagree.
   */
  readonly severity?: 'warning';
}

export function isError(issue: SpecIssue): boolean {
  return issue.severity !== 'warning';
}

export function formatIssue(issue: SpecIssue): string {
  return `${issue.path}: ${issue.message} [${issue.rule}]`;
}

/** Thrown by the compiler when a spec breaks rules; the CLI prints it without a stack trace. */
export class SpecValidationError extends Error {
  constructor(public readonly issues: readonly SpecIssue[]) {
    super(`${issues.length} spec error(s):\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'SpecValidationError';
  }
}
