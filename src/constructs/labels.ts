/** Label keys the compiler owns, beside the Kubernetes recommended app.kubernetes.io/* set. */
export const REGION_LABEL = 'platform-compiler.dev/region';
export const MANAGED_BY = 'platform-compiler';

/** Who a workload is: every field comes from spec names, never from construct paths. */
export interface WorkloadIdentity {
  /** app.kubernetes.io/name: the service name. */
  readonly name: string;
  /** app.kubernetes.io/instance: unique per platform, e.g. `hyperscale-api`. */
  readonly instance: string;
  /** app.kubernetes.io/component, e.g. `api`, `worker`. */
  readonly component: string;
  /** app.kubernetes.io/part-of: the platform. */
  readonly partOf: string;
  /** app.kubernetes.io/version; omitted from selectors because it changes every release. */
  readonly version: string;
  readonly region: string;
}

/**
 * The immutable subset used in Deployment and PDB selectors. A Deployment's selector cannot
 * change in place, so it holds only name and instance: stable across releases and construct renames.
 */
export function selectorLabels(id: WorkloadIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance,
  };
}

/** The full recommended label set, for object metadata and pod templates. */
export function recommendedLabels(id: WorkloadIdentity): Record<string, string> {
  return {
    ...selectorLabels(id),
    'app.kubernetes.io/component': id.component,
    'app.kubernetes.io/part-of': id.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/version': id.version,
    [REGION_LABEL]: id.region,
  };
}
