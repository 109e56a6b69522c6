/**
 * Checkov exemptions, per object, in Checkov's own resource-scoped syntax
 * (`checkov.io/skip<N>: CKV_K8S_<id>=<reason>` on the object's metadata). They are derived from
 * the pod spec the object runs, so an exemption exists only where its condition holds: a pod
 * that gains a digest, a file-mounted secret or a probe loses the matching skip by itself, and a
 * missing probe with no stated reason stays a finding.
 */
import { ApiObject } from 'cdk8s';
import * as k8s from './k8s';

/** Why a workload's containers have no liveness or readiness probe; absent means they all have one. */
export interface ProbeExemptions {
  readonly noLiveness?: string;
  readonly noReadiness?: string;
}

const PINNED_TAG =
  'images are pinned to a release tag (the spec validator rejects latest and untagged images, rule image-tag); ' +
  'a digest is used where the spec gives one, the compiler cannot invent it';
const PULL_IF_NOT_PRESENT =
  'imagePullPolicy IfNotPresent: the pinned image is the same bytes; Always adds a registry round-trip to every pod start ' +
  'and makes scale-out depend on the registry';
const SECRET_ENV =
  'Secrets are referenced by name (secretKeyRef, no value in the manifests); the application contract reads its settings ' +
  'from the environment';

/** The `checkov.io/skip<N>` annotations for an object running `pod`, numbered in check-id order. */
export function checkovExemptions(pod: k8s.PodSpec, probes: ProbeExemptions = {}): Record<string, string> {
  const containers = pod.containers;
  const all = [...containers, ...(pod.initContainers ?? [])];
  const skips: [string, string][] = [];
  if (containers.some((c) => !c.livenessProbe) && probes.noLiveness) skips.push(['CKV_K8S_8', probes.noLiveness]);
  if (containers.some((c) => !c.readinessProbe) && probes.noReadiness) skips.push(['CKV_K8S_9', probes.noReadiness]);
  if (all.some((c) => c.imagePullPolicy !== 'Always')) skips.push(['CKV_K8S_15', PULL_IF_NOT_PRESENT]);
  if (all.some((c) => (c.env ?? []).some((e) => e.valueFrom?.secretKeyRef) || (c.envFrom ?? []).some((e) => e.secretRef))) {
    skips.push(['CKV_K8S_35', SECRET_ENV]);
  }
  if (all.some((c) => !c.image?.includes('@sha256:'))) skips.push(['CKV_K8S_43', PINNED_TAG]);
  return Object.fromEntries(skips.map(([id, reason], i) => [`checkov.io/skip${i + 1}`, `${id}=${reason}`]));
}

/**
 * Adds the exemptions of a pod-bearing object (Deployment, StatefulSet, Job) from its own
 * rendered pod template, for constructs that build the object inline.
 */
export function annotateCheckovExemptions(object: ApiObject, probes: ProbeExemptions = {}): void {
  const pod = (object.toJson() as { spec?: { template?: { spec?: k8s.PodSpec } } }).spec?.template?.spec;
  if (!pod) throw new Error(`${object.kind} ${object.name} has no pod template to derive Checkov exemptions from`);
  for (const [key, value] of Object.entries(checkovExemptions(pod, probes))) object.metadata.addAnnotation(key, value);
}
