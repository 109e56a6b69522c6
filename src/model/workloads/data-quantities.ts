/** Quantities of an operator-backed data cluster (resources, volume sizes), checked at their spec paths. */
import { parseQuantity } from '../../spec/quantity';
import type { IssueCollectorLike } from '../check';

type Quantities = { readonly cpu?: string; readonly memory?: string };

/** Reports every value that is not a positive Kubernetes quantity (the operator's CRD would refuse it). */
export function checkDataQuantities(
  out: IssueCollectorLike,
  resources: readonly [path: string, value: { readonly requests: Quantities; readonly limits: Quantities } | undefined][],
  sizes: readonly [path: string, value: string | undefined][],
): void {
  const bad = (v: string | undefined) => v !== undefined && !(parseQuantity(v) > 0);
  for (const [path, r] of resources) {
    if (!r) continue;
    for (const side of ['requests', 'limits'] as const) {
      for (const key of ['cpu', 'memory'] as const) {
        const v = r[side][key];
        if (bad(v)) out.report(`${path}.${side}.${key}`, 'invalid-quantity', `'${v}' is not a positive Kubernetes quantity`);
      }
    }
  }
  for (const [path, v] of sizes) if (bad(v)) out.report(path, 'invalid-quantity', `'${v}' is not a positive Kubernetes quantity`);
}
