import * as fs from 'fs';
import * as path from 'path';
import { formatTreeFinding, TreeFinding } from '../render/tree/finding';
import { loadRenderedTree, validateRenderedTree } from '../render/tree/validate-tree';

import { displayFolder } from './paths';

/**
 * A usage error of `validate --tree` (exit 2). Its own class, not load-spec's UsageError, so the lean
 * bundle does not load the spec schema; runCli treats both alike.
 */
export class TreeUsageError extends Error {}

/** A finding as `--format json` prints it. */
function findingJson(f: TreeFinding) {
  return {
    rule: f.rule, severity: f.severity, file: f.file,
    object: { kind: f.kind, ...(f.namespace ? { namespace: f.namespace } : {}), name: f.name },
    path: f.path, message: f.message, fix: f.fix,
  };
}

/** `validate --tree DIR`: the render gate and the cross-object rules over a rendered tree on disk; exit 1 on errors. */
export function validateTreeCommand(options: { tree?: string; format?: string; spec?: string; platform?: string; explain?: string }): number {
  if (options.spec || options.platform || options.explain !== undefined) {
    throw new TreeUsageError('--tree validates a rendered folder; it takes no --spec, --platform or --explain');
  }
  const dir = path.resolve(options.tree!);
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new TreeUsageError(`--tree ${options.tree}: ${stat ? 'is a file, not a folder' : 'no such folder'}; validate DIR checks a rendered folder `
      + 'such as dist/ or dist/<platform> (a built-in platform\'s spec: --platform NAME)');
  }
  const tree = loadRenderedTree(dir);
  if (tree.files === 0) throw new TreeUsageError(`--tree ${options.tree}: no .yaml files below ${displayFolder(dir)}`);
  const findings = validateRenderedTree(tree);
  const errors = findings.filter((f) => f.severity === 'error').length;
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({
      valid: errors === 0, tree: displayFolder(dir), files: tree.files, objects: tree.objects.length,
      errors, warnings: findings.length - errors, findings: findings.map(findingJson),
    }, null, 2)}\n`);
  } else {
    for (const f of findings) process.stderr.write(`${f.severity}: ${formatTreeFinding(f)}\n  fix: ${f.fix}\n`);
    const summary = `${displayFolder(dir)}: ${tree.objects.length} objects in ${tree.files} files`;
    if (errors === 0) process.stdout.write(`${summary}: valid${findings.length ? ` (${findings.length} warning(s))` : ''}\n`);
    else process.stderr.write(`${summary}: ${errors} error(s)${findings.length > errors ? `, ${findings.length - errors} warning(s)` : ''}\n`);
  }
  return errors > 0 ? 1 : 0;
}
