import { DEFAULT_EPHEMERAL_STORAGE } from '../model/defaults';
import { NodePoolSpec, ResourcesSpec } from '../spec/types';
import * as k8s from './k8s';

/**
 * Pod-template pieces every workload shares (HTTP services, queue workers, beat, writers,
 * consumers), so each is decided once.
 */

/** Requests and limits, ephemeral storage included (the kubelet evicts on it, so it is always bounded). */
export function containerResources(resources: ResourcesSpec): k8s.ResourceRequirements {
  const storage = resources.ephemeralStorage ?? DEFAULT_EPHEMERAL_STORAGE;
  const quantities = (q: { cpu?: string; memory?: string }, ephemeral: string) => {
    const out: Record<string, k8s.Quantity> = {};
    if (q.cpu !== undefined) out.cpu = k8s.Quantity.fromString(q.cpu);
    if (q.memory !== undefined) out.memory = k8s.Quantity.fromString(q.memory);
    out['ephemeral-storage'] = k8s.Quantity.fromString(ephemeral);
    return out;
  };
  return { requests: quantities(resources.requests, storage.request), limits: quantities(resources.limits, storage.limit) };
}

/** Schedules pods onto a node pool: its labels selected, its taint tolerated. */
export function nodePoolPlacement(nodePool: NodePoolSpec): Pick<k8s.PodSpec, 'nodeSelector' | 'tolerations'> {
  return {
    nodeSelector: { ...nodePool.nodeLabels },
    ...(nodePool.taint ? {
      tolerations: [{ key: nodePool.taint.key, operator: 'Equal', value: nodePool.taint.value, effect: nodePool.taint.effect }],
    } : {}),
  };
}

/**
 * Linter exemptions every workload carries, each with its reason on the object. Images are
 * pinned to a version tag or a digest (the validator rejects `latest` and untagged images), so
 * `imagePullPolicy: Always` would buy nothing but a registry round-trip on each of thousands of
 * pod starts during a scale-up, and a registry outage would stop scaling.
 */
export const PULL_POLICY_EXEMPTION: Readonly<Record<string, string>> = {
  'kube-score/ignore': 'container-image-pull-policy',
  'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
  'platform-compiler.dev/exemption-reason':
    'imagePullPolicy IfNotPresent: images are pinned to a version tag or digest (latest is rejected by the spec validator); ' +
    'Always would add a registry round-trip to every pod start and make scaling depend on the registry',
};
