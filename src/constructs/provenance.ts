/**
 * Which spec path produced a construct, so a rendered-object finding can name the part of the
 * spec to change. Charts mark the scope they build for a spec entry (a workload, a namespace, a
 * region, the edge, GitOps); an object answers with the nearest marked scope above it.
 */
import { IConstruct } from 'constructs';

const SPEC_PATHS = new WeakMap<IConstruct, string>();

/** Records that everything under `scope` was produced by the spec entry at `path`. */
export function markSpecPath<T extends IConstruct>(scope: T, path: string): T {
  SPEC_PATHS.set(scope, path);
  return scope;
}

/** The spec path of the nearest marked scope at or above `construct`, if any. */
export function specPathOf(construct: IConstruct): string | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const path = SPEC_PATHS.get(scopes[i]);
    if (path !== undefined) return path;
  }
  return undefined;
}
