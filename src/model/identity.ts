/**
 * Workload identity, derived once: the object names, the recommended labels and the immutable
 * selector of every workload come from here, and each derived value is checked here against
 * the limit the API server enforces for it, reported at the spec path that produces it.
 */
import { isDns1035Label, isDns1123Label, isLabelValue } from '../spec/names';

/** Label keys the compiler owns, beside the Kubernetes recommended app.kubernetes.io/* set. */
export const REGION_LABEL = 'platform-compiler.dev/region';
export const MANAGED_BY = 'platform-compiler';

/** Who a workload is: every field comes from spec names, never from construct paths. */
export interface WorkloadIdentity {
  /** app.kubernetes.io/name: the workload's object name. */
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

/** Spec paths that decide each identity field, for reporting a derived value that does not fit. */
export interface IdentitySources {
  /** The workload's own spec path (its key decides name and instance). */
  readonly name: string;
  readonly component: string;
  readonly version: string;
  readonly partOf: string;
}

/** Which objects a workload renders under its name: each kind has its own name syntax. */
export interface RenderedKinds {
  /** A Service object (DNS-1035 label). */
  readonly service: boolean;
  /**
   * False when the spec key itself already broke its naming rule (reported by the validator):
   * the values derived from it are then not reported a second time.
   */
  readonly nameIsValid: boolean;
}

export function instanceName(platformName: string, name: string): string {
  return `${platformName}-${name}`;
}

export function workloadIdentity(
  platform: { readonly name: string; readonly partOf: string }, region: string, name: string, component: string, version: string,
): WorkloadIdentity {
  return { name, instance: instanceName(platform.name, name), component, partOf: platform.partOf, version, region };
}

/** `high_priority` → `worker-high-priority`: Celery queue names allow `_` and `.`, object names do not. */
export function queueObjectName(queue: string): string {
  return `worker-${queue.toLowerCase().replace(/[_.]/g, '-')}`;
}

/** The one Celery beat Deployment of a namespace. */
export const BEAT_NAME = 'celery-beat';

/** TriggerAuthentication of one broker, named `keda-<broker>`. */
export function triggerAuthName(brokerKey: string): string {
  return `keda-${brokerKey}`;
}

/** Cluster-wide PriorityClass name: prefixed with the platform, since several platforms may share a cluster. */
export function priorityClassName(platformName: string, tier: string): string {
  return `${platformName}-async-${tier}`;
}

/** Cluster-wide PriorityClass of the serving path (HTTP services and the edge controllers). */
export function servingPriorityClassName(platformName: string): string {
  return `${platformName}-serving`;
}

/**
 * The immutable subset used in Deployment and PDB selectors. A Deployment's selector cannot
 * change in place, so it holds only name and instance: stable across releases and construct renames.
 */
export function selectorLabels(id: Pick<WorkloadIdentity, 'name' | 'instance'>): Record<string, string> {
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

// ---------------------------------------------------------------- checks of derived values

/** Rule ids of derived values (see the report for their docs). */
export const DERIVED_RULES = { name: 'derived-name', label: 'derived-label' } as const;

export type Reporter = { report(path: string, rule: string, message: string): void };

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDns1123Subdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

export type NameFormat = 'dns-1123-label' | 'dns-1123-subdomain' | 'dns-1035-label';

const FORMATS: Readonly<Record<NameFormat, { test: (n: string) => boolean; what: string }>> = {
  'dns-1123-label': { test: isDns1123Label, what: 'a DNS-1123 label (lowercase a-z, 0-9, \'-\', at most 63 characters)' },
  'dns-1123-subdomain': { test: isDns1123Subdomain, what: 'a DNS-1123 subdomain (lowercase a-z, 0-9, \'-\', \'.\', at most 253 characters)' },
  'dns-1035-label': { test: isDns1035Label, what: 'a DNS-1035 label (a lowercase letter first, then a-z, 0-9, \'-\', at most 63 characters)' },
};

/** Reports `name` at `path` when it does not fit the syntax its kinds require. */
export function checkDerivedName(name: string, format: NameFormat, kinds: string, path: string, out: Reporter): boolean {
  if (FORMATS[format].test(name)) return true;
  out.report(path, DERIVED_RULES.name,
    `the derived ${kinds} name '${name}' (${name.length} characters) is not ${FORMATS[format].what}; shorten or rename the spec key that produces it`);
  return false;
}

/** Reports a derived label value that the API server would reject (at most 63 characters, alphanumeric ends). */
export function checkDerivedLabel(key: string, value: string, path: string, out: Reporter): boolean {
  if (isLabelValue(value)) return true;
  out.report(path, DERIVED_RULES.label,
    `the derived label ${key}='${value}' (${value.length} characters) is not a label value (at most 63 characters of ` +
    'a-z, A-Z, 0-9, \'-\', \'_\', \'.\', beginning and ending alphanumeric); shorten the name or value that produces it');
  return false;
}

/** Objects every workload renders under its name, and the syntax each kind requires. */
const WORKLOAD_OBJECT_KINDS = 'Deployment, ServiceAccount, PodDisruptionBudget, ScaledObject, HorizontalPodAutoscaler and NetworkPolicy';

/**
 * Every name and label a workload's identity renders, checked where it is derived. The object
 * name is also the container name (a DNS-1123 label), and for HTTP services the Service name
 * (a DNS-1035 label); every subdomain-named kind is then satisfied too.
 */
export function checkWorkloadIdentity(id: WorkloadIdentity, rendered: RenderedKinds, at: IdentitySources, out: Reporter): void {
  if (rendered.nameIsValid) {
    if (rendered.service) checkDerivedName(id.name, 'dns-1035-label', 'Service', at.name, out);
    checkDerivedName(id.name, 'dns-1123-label', `container (and ${WORKLOAD_OBJECT_KINDS})`, at.name, out);
    checkDerivedLabel('app.kubernetes.io/name', id.name, at.name, out);
    checkDerivedLabel('app.kubernetes.io/instance', id.instance, at.name, out);
  }
  // Non-strings are the schema's to report; only a string can be a bad label value here.
  if (typeof id.component === 'string') checkDerivedLabel('app.kubernetes.io/component', id.component, at.component, out);
  if (typeof id.version === 'string') checkDerivedLabel('app.kubernetes.io/version', id.version, at.version, out);
  if (typeof id.partOf === 'string') checkDerivedLabel('app.kubernetes.io/part-of', id.partOf, at.partOf, out);
}
