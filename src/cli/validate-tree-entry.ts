/**
 * Entry of the lean bundle build/validate-tree.js: `validate --tree` and the cdk8s validation
 * plugin, without the compiler (spec schema, constructs, CRD bindings), so checking a rendered tree
 * loads only the render gate and the tree rules.
 */
import type { TreeArgs } from './tree-argv';
import { TreeUsageError, validateTreeCommand } from './validate-tree';

export { RenderedTreeValidation } from '../render/tree/cdk8s-validation';

/** Runs a recognized `validate --tree` and returns the exit code, with the full CLI's conventions. */
export function runTreeCli(args: TreeArgs): number {
  try {
    return validateTreeCommand(args);
  } catch (error) {
    if (error instanceof TreeUsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(error as Error).message}\n`);
    if (process.env.PLATFORM_COMPILER_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 3;
  }
}
