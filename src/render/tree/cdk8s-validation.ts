/**
 * The tree validation as a cdk8s validation plugin (cdk8s.yaml `validations`), so `cdk8s synth`
 * reports the same findings through the cdk8s convention: one violation per finding, the rule id as
 * its rule name, and a failed report (cdk8s exits 2) on any error. cdk8s-cli loads it from the local
 * package scripts/cdk8s-validation, which re-exports the lean bundle build/validate-tree.js; nothing
 * is installed or downloaded.
 */
import * as path from 'path';
import type { Validation, ValidationContext } from 'cdk8s-cli/lib/plugins/validation';
import { loadRenderedTree, validateRenderedTree } from './validate-tree';

export interface RenderedTreeValidationProperties {
  /** The folder to read the manifests under (default: the deepest folder holding them all). */
  readonly root?: string;
}

/** The deepest folder that holds every file. */
function commonFolder(files: readonly string[]): string {
  let common = path.dirname(files[0]);
  for (const file of files) while (common !== path.dirname(common) && !file.startsWith(`${common}${path.sep}`)) common = path.dirname(common);
  return common;
}

export class RenderedTreeValidation implements Validation {
  constructor(private readonly properties: RenderedTreeValidationProperties = {}) {}

  public async validate(context: ValidationContext): Promise<void> {
    const manifests = context.manifests.map((m) => path.resolve(m)).sort();
    if (manifests.length === 0) {
      context.report.submit('success', { objects: '0' });
      return;
    }
    const root = this.properties.root ? path.resolve(this.properties.root) : commonFolder(manifests);
    const tree = loadRenderedTree(root, manifests.filter((m) => m.startsWith(`${root}${path.sep}`)));
    const findings = validateRenderedTree(tree);
    for (const f of findings) {
      context.report.addViolation({
        ruleName: f.rule,
        recommendation: f.message,
        fix: f.fix,
        violatingResources: [{
          resourceName: f.kind ? `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}` : '(file)',
          locations: [f.path],
          manifestPath: tree.paths.get(f.file) ?? f.file,
        }],
      });
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    context.report.submit(errors > 0 ? 'failure' : 'success', {
      objects: String(tree.objects.length), errors: String(errors), warnings: String(findings.length - errors),
    });
  }
}
