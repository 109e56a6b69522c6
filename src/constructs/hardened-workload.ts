import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SERVICE_DEFAULTS } from '../model/defaults';
import { DisruptionSpec, NodePoolSpec, ResourcesSpec } from '../spec/types';
import * as k8s from './k8s';
import { WorkloadIdentity, recommendedLabels, selectorLabels } from './labels';
import { KubeDeploymentWithNewerFields } from './newer-fields';
import { TMP_MOUNT, TMP_VOLUME, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-security';
import { checkovExemptions, ProbeExemptions } from './linter-exemptions';
import { PULL_POLICY_EXEMPTION, containerResources, nodePoolPlacement } from './pod-template';

export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** The one container of a workload's pod, and how the pod is placed. */
export interface HardenedPodProps {
  readonly image: string;
  /** Exec form, so the process is PID 1 and receives SIGTERM itself. @default the image's ENTRYPOINT */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: readonly k8s.EnvVar[];
  readonly ports?: readonly k8s.ContainerPort[];
  readonly resources: ResourcesSpec;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName?: string;
  readonly terminationGracePeriodSeconds: number;
  readonly probes?: { readonly startup?: k8s.Probe; readonly readiness?: k8s.Probe; readonly liveness?: k8s.Probe };
  /**
   * `hard` (HTTP services): losing a zone never takes more than its share of the pods.
   * `soft` (workers): a zone short of capacity must not stall a backlog; the queue survives a
   * zone loss and the remaining zones keep draining it.
   */
  readonly zoneSpread: 'hard' | 'soft';
  /** Pod sysctls (the validator admits only Kubernetes' safe set). @default none */
  readonly sysctls?: Readonly<Record<string, string>>;
}

export interface HardenedWorkloadProps {
  /** Names and labels; the selector is name + instance only, never the construct path. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly pod: HardenedPodProps;
  /** A fixed count; leave unset when an HPA (or KEDA) owns spec.replicas: every apply would reset its count. */
  readonly replicas?: number;
  readonly strategy: k8s.DeploymentStrategy;
  /** Why the pod runs without a liveness or readiness probe (Checkov's probe checks). @default none: every probe is expected */
  readonly probeExemptions?: ProbeExemptions;
}

export function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/** RollingUpdate with the given surge and unavailability. */
export function rollingUpdate(maxSurge: number | string, maxUnavailable: number | string): k8s.DeploymentStrategy {
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString(maxSurge), maxUnavailable: intOrString(maxUnavailable) } };
}

/** The pod every workload runs: the restricted Pod Security profile, no token, a writable /tmp, spread and placed. */
export function hardenedPodSpec(identity: WorkloadIdentity, pod: HardenedPodProps): k8s.PodSpec {
  const selector = selectorLabels(identity);
  return {
    serviceAccountName: identity.name,
    automountServiceAccountToken: false,
    // Service links inject env vars for every Service in the namespace: noise at this scale.
    enableServiceLinks: false,
    ...(pod.priorityClassName !== undefined ? { priorityClassName: pod.priorityClassName } : {}),
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    securityContext: {
      ...restrictedPodSecurityContext(),
      ...(pod.sysctls && Object.keys(pod.sysctls).length > 0
        ? { sysctls: Object.keys(pod.sysctls).sort().map((name) => ({ name, value: pod.sysctls![name] })) }
        : {}),
    },
    ...nodePoolPlacement(pod.nodePool),
    topologySpreadConstraints: [pod.zoneSpread === 'hard' ? {
      maxSkew: 1,
      topologyKey: ZONE_TOPOLOGY_KEY,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: selector },
      // Spread each rollout's ReplicaSet on its own, so a rollout does not skew the zones.
      matchLabelKeys: ['pod-template-hash'],
      // Count only nodes of this pool whose taints the pod tolerates as zone domains.
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Honor',
    } : {
      maxSkew: 1,
      topologyKey: ZONE_TOPOLOGY_KEY,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
      matchLabelKeys: ['pod-template-hash'],
    }],
    affinity: {
      podAntiAffinity: {
        // Soft across nodes: at thousands of pods a hard rule would strand pods as Pending.
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: selector } },
        }],
      },
    },
    containers: [{
      name: identity.name,
      image: pod.image,
      imagePullPolicy: 'IfNotPresent',
      ...(pod.command ? { command: [...pod.command] } : {}),
      ...(pod.args ? { args: [...pod.args] } : {}),
      ...(pod.ports ? { ports: [...pod.ports] } : {}),
      ...(pod.env.length > 0 ? { env: [...pod.env] } : {}),
      resources: containerResources(pod.resources),
      ...(pod.probes?.startup ? { startupProbe: pod.probes.startup } : {}),
      ...(pod.probes?.readiness ? { readinessProbe: pod.probes.readiness } : {}),
      ...(pod.probes?.liveness ? { livenessProbe: pod.probes.liveness } : {}),
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [TMP_MOUNT],
    }],
    volumes: [TMP_VOLUME],
  };
}

/**
 * The base of every workload construct (HTTP services and every async kind): a ServiceAccount
 * without token automount and a Deployment of the hardened pod, created in that order; the
 * subclass adds its own objects and, where it wants one, the PodDisruptionBudget.
 */
export abstract class HardenedWorkload extends Construct {
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly deployment: KubeDeploymentWithNewerFields;
  public disruptionBudget?: k8s.KubePodDisruptionBudget;
  protected readonly identity: WorkloadIdentity;
  protected readonly namespace: string;
  private readonly annotations?: Readonly<Record<string, string>>;

  protected constructor(scope: Construct, id: string, props: HardenedWorkloadProps) {
    super(scope, id);
    this.identity = props.identity;
    this.namespace = props.namespace;
    this.annotations = props.annotations;
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: this.metadata(),
      // The workloads never call the Kubernetes API; a mounted token would only be attack surface.
      automountServiceAccountToken: false,
    });
    const podSpec = hardenedPodSpec(props.identity, props.pod);
    this.deployment = new KubeDeploymentWithNewerFields(this, 'deployment', {
      metadata: this.metadata({ ...PULL_POLICY_EXEMPTION, ...checkovExemptions(podSpec, props.probeExemptions) }),
      spec: {
        ...(props.replicas !== undefined ? { replicas: props.replicas } : {}),
        revisionHistoryLimit: SERVICE_DEFAULTS.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(props.identity) },
        strategy: props.strategy,
        template: {
          metadata: { labels: recommendedLabels(props.identity) },
          spec: podSpec,
        },
      },
    });
  }

  /** Name, namespace, recommended labels and the construct's annotations (plus `extra`). */
  protected metadata(extra?: Readonly<Record<string, string>>): k8s.ObjectMeta {
    const annotations = extra ? { ...this.annotations, ...extra } : this.annotations ? { ...this.annotations } : undefined;
    return {
      name: this.identity.name,
      namespace: this.namespace,
      labels: recommendedLabels(this.identity),
      ...(annotations ? { annotations } : {}),
    };
  }

  /**
   * The PodDisruptionBudget. Pods that are not Ready serve nothing; letting them be evicted
   * keeps drains moving even when a bad rollout (or a crash loop) leaves the budget exhausted.
   */
  protected addDisruptionBudget(budget: DisruptionSpec): k8s.KubePodDisruptionBudget {
    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: this.metadata(),
      spec: {
        selector: { matchLabels: selectorLabels(this.identity) },
        ...(budget.maxUnavailable !== undefined ? { maxUnavailable: intOrString(budget.maxUnavailable) } : {}),
        ...(budget.minAvailable !== undefined ? { minAvailable: intOrString(budget.minAvailable) } : {}),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
    return this.disruptionBudget;
  }

  /** Every API object of this workload, in apply order. */
  public abstract get apiObjects(): ApiObject[];
}
