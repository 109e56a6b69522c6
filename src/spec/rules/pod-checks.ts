/**
 * Pod-level checks every workload shares (HTTP services, queue workers, writers, consumers): one
 * implementation, the same rule ids and messages, applied at each workload's spec path.
 */
import { evictionsAllowed, isIntOrPercent } from '../disruption';
import { imageVersion, parseImage } from '../image';
import { ENV_NAME } from '../names';
import { hasOwnEntry } from '../own-entry';
import { parseQuantity } from '../quantity';
import { sortedKeys } from '../resolve';
import { DisruptionSpec, PlatformSpec, ResourcesSpec } from '../types';
import type { IssueCollector } from '../validate';

/** Env names that, given a literal value, would put a secret into dist/. */
export const SECRET_LIKE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

export function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

/**
 * `image-tag` and `version-label`. `path` is the spec object holding `image`; `versionPath`, when
 * the version is decided elsewhere (a region override), points there.
 */
export function checkImageAt(image: unknown, version: string | undefined, path: string, out: IssueCollector, versionPath = `${path}.version`): void {
  if (typeof image !== 'string' || image.length === 0) {
    out.report(`${path}.image`, 'image-tag', 'an image reference is required');
    return;
  }
  const ref = parseImage(image);
  if (ref.tag === 'latest') {
    out.report(`${path}.image`, 'image-tag', `image '${image}' uses the 'latest' tag; pin a version tag or a digest so every cluster runs the same build`);
  } else if (!ref.tag && !ref.digest) {
    out.report(`${path}.image`, 'image-tag', `image '${image}' has no tag or digest (it would pull 'latest'); pin a version tag or a digest`);
  }
  if (ref.digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(ref.digest)) {
    out.report(`${path}.image`, 'image-tag', `image digest '${ref.digest}' is not sha256:<64 hex characters>`);
  }
  const label = imageVersion(image, version);
  // A version that is no label value is reported where the model derives the label (derived-label).
  if (label === undefined && ref.digest !== undefined) {
    out.report(versionPath, 'version-label', `image '${image}' is pinned by digest only; set 'version' for the app.kubernetes.io/version label`);
  }
}

export function checkResourcesAt(resources: ResourcesSpec | undefined, path: string, out: IssueCollector): void {
  const { requests, limits } = resources ?? ({} as Partial<ResourcesSpec>);
  for (const key of ['cpu', 'memory'] as const) {
    const request = requests?.[key];
    if (request === undefined) {
      out.report(`${path}.requests.${key}`, 'resource-requests', `a ${key} request is required (the scheduler and the HPA's utilization targets depend on it)`);
      continue;
    }
    if (!(parseQuantity(request) > 0)) out.report(`${path}.requests.${key}`, 'invalid-quantity', `'${request}' is not a positive Kubernetes quantity`);
    const limit = limits?.[key];
    if (limit === undefined) continue;
    if (!(parseQuantity(limit) > 0)) {
      out.report(`${path}.limits.${key}`, 'invalid-quantity', `'${limit}' is not a positive Kubernetes quantity`);
    } else if (parseQuantity(request) > parseQuantity(limit)) {
      out.report(`${path}.requests.${key}`, 'requests-exceed-limits', `${key} request (${request}) > limit (${limit}); the API server rejects such a pod`);
    }
  }
  const storage = resources?.ephemeralStorage;
  if (storage !== undefined) {
    const [request, limit] = [parseQuantity(storage.request), parseQuantity(storage.limit)];
    if (!(request > 0) || !(limit > 0)) {
      out.report(`${path}.ephemeralStorage`, 'invalid-quantity', `ephemeral storage '${storage.request}'/'${storage.limit}' must be positive Kubernetes quantities`);
    } else if (request > limit) {
      out.report(`${path}.ephemeralStorage`, 'requests-exceed-limits', `ephemeral-storage request (${storage.request}) > limit (${storage.limit})`);
    }
  }
  if (limits?.memory === undefined) {
    out.report(`${path}.limits.memory`, 'memory-limit', 'a memory limit is required: without one a leaking pod is killed only when the node runs out');
  }
}

export function checkEnvAt(
  env: Readonly<Record<string, string>> | undefined, secretEnv: Readonly<Record<string, unknown>> | undefined, path: string, out: IssueCollector,
  rendered: readonly string[] = [],
): void {
  for (const [field, vars] of [['env', env], ['secretEnv', secretEnv]] as const) {
    for (const name of sortedKeys(vars).filter((n) => rendered.includes(n))) {
      out.report(`${path}.${field}.${name}`, 'env-name', `'${name}' is rendered by the compiler from the spec (broker, list, topic, liveness); remove it`);
    }
  }
  for (const name of sortedKeys(env)) {
    if (!ENV_NAME.test(name)) out.report(`${path}.env.${name}`, 'env-name', `environment variable name '${name}' is not a C identifier`);
    if (SECRET_LIKE.test(name) && env![name] !== '') {
      out.report(`${path}.env.${name}`, 'secret-literal', `'${name}' looks like a secret but has a literal value; reference a Secret by name through secretEnv`);
    }
  }
  for (const name of sortedKeys(secretEnv)) {
    if (!ENV_NAME.test(name)) out.report(`${path}.secretEnv.${name}`, 'env-name', `environment variable name '${name}' is not a C identifier`);
  }
}

export function checkNodePoolAt(platform: PlatformSpec, pool: string | undefined, path: string, out: IssueCollector): void {
  if (pool === undefined) {
    out.report(path, 'unknown-node-pool', 'a node pool is required: workers are scheduled on one declared pool');
  } else if (!hasOwnEntry(platform.nodePools, pool)) {
    out.report(path, 'unknown-node-pool', `node pool '${pool}' is not declared; known pools: ${sortedKeys(platform.nodePools).join(', ') || '(none)'}`);
  }
}

/** The PDB rules of services (one field, int or percent, at least one eviction at the floor). */
export function checkDisruptionAt(budget: DisruptionSpec | undefined, replicasAtMin: number, path: string, out: IssueCollector): void {
  if (!budget) return;
  if (budget.maxUnavailable !== undefined && budget.minAvailable !== undefined) {
    out.report(path, 'disruption-budget', 'give maxUnavailable or minAvailable, not both (a PodDisruptionBudget accepts one)');
    return;
  }
  for (const key of ['maxUnavailable', 'minAvailable'] as const) {
    if (budget[key] !== undefined && !isIntOrPercent(budget[key])) {
      out.report(`${path}.${key}`, 'disruption-budget', `${key} '${budget[key]}' is not a non-negative integer or a percentage like '10%'`);
      return;
    }
  }
  if (replicasAtMin >= 1 && evictionsAllowed(budget, replicasAtMin) < 1) {
    const field = budget.maxUnavailable !== undefined ? `maxUnavailable ${budget.maxUnavailable}` : `minAvailable ${budget.minAvailable}`;
    out.report(path, 'pdb-blocks-drain', `${field} allows no eviction at ${replicasAtMin} replicas; node drains and cluster upgrades would block`);
  }
}
