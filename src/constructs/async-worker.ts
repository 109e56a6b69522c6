import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DisruptionSpec, NodePoolSpec, ResourcesSpec } from '../spec/types';
import * as k8s from './k8s';
import { WorkloadIdentity, recommendedLabels, selectorLabels } from './labels';
import { TMP_MOUNT, TMP_VOLUME, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-security';
import { PULL_POLICY_EXEMPTION, containerResources, nodePoolPlacement } from './pod-template';
import { HOSTNAME_TOPOLOGY_KEY, ZONE_TOPOLOGY_KEY } from './scalable-service';
import { WorkerProbes } from './worker-probes';

/** Pods a worker must reach: one NetworkPolicy egress rule each. */
export interface EgressPeer {
  /** Namespace of the target pods. */
  readonly namespace: string;
  /** Labels of the target pods. @default every pod of `namespace` */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** TCP port of the target pods. */
  readonly port: number;
}

export interface AsyncWorkerProps {
  /** Names and labels; the selector is name + instance only. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  readonly image: string;
  /** Exec form, so the worker is PID 1 and receives SIGTERM itself. @default the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  readonly env: readonly k8s.EnvVar[];
  readonly resources: ResourcesSpec;
  readonly nodePool: NodePoolSpec;
  readonly priorityClassName: string;
  /** At least the longest unit of work, so SIGTERM is followed by a warm shutdown, not SIGKILL. */
  readonly terminationGracePeriodSeconds: number;
  /** @default no probes (the process exiting is the only failure signal) */
  readonly probes?: WorkerProbes;
  /** A fixed count for singletons; leave unset when KEDA owns spec.replicas. */
  readonly replicas?: number;
  /** `Recreate` for singletons: the old pod is gone before the new one starts. @default RollingUpdate, surge 25 %, none unavailable */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  /** @default no PodDisruptionBudget */
  readonly disruption?: DisruptionSpec;
  /** @default no NetworkPolicy */
  readonly egress?: readonly EgressPeer[];
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/** NetworkPolicy peers match pods; a peer outside the worker's namespace adds a namespace selector. */
export function egressRules(peers: readonly EgressPeer[], ownNamespace: string): k8s.NetworkPolicyEgressRule[] {
  return peers.map((peer) => ({
    to: [{
      ...(peer.namespace !== ownNamespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } } } : {}),
      ...(peer.podLabels || peer.namespace === ownNamespace ? { podSelector: { matchLabels: { ...(peer.podLabels ?? {}) } } } : {}),
    }],
    ports: [{ port: k8s.IntOrString.fromNumber(peer.port), protocol: 'TCP' }],
  }));
}

/**
 * A queue-fed worker without a Service: ServiceAccount (no token), Deployment under the
 * restricted Pod Security profile, PodDisruptionBudget and an egress NetworkPolicy.
 * Replicas are left to a KEDA ScaledObject unless `replicas` is given.
 */
export class AsyncWorker extends Construct {
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly deployment: k8s.KubeDeployment;
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: AsyncWorkerProps) {
    super(scope, id);
    const { identity, namespace } = props;
    const metadata = (): k8s.ObjectMeta => ({
      name: identity.name,
      namespace,
      labels: recommendedLabels(identity),
      ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
    });
    const selector = selectorLabels(identity);

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: metadata(),
      // Workers never call the Kubernetes API; a mounted token would only be attack surface.
      automountServiceAccountToken: false,
    });

    const strategy: k8s.DeploymentStrategy = props.strategy === 'Recreate'
      ? { type: 'Recreate' }
      : { type: 'RollingUpdate', rollingUpdate: { maxSurge: intOrString('25%'), maxUnavailable: intOrString(0) } };
    const { nodePool } = props;
    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { ...metadata(), annotations: { ...props.annotations, ...PULL_POLICY_EXEMPTION } },
      spec: {
        // Under KEDA (an HPA), spec.replicas stays unset: every apply would reset the autoscaler's count.
        ...(props.replicas !== undefined ? { replicas: props.replicas } : {}),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy,
        template: {
          metadata: { labels: recommendedLabels(identity) },
          spec: {
            serviceAccountName: identity.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            priorityClassName: props.priorityClassName,
            terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
            securityContext: restrictedPodSecurityContext(),
            ...nodePoolPlacement(nodePool),
            topologySpreadConstraints: [{
              // Soft for workers: a zone short of capacity must not stall a backlog; the queue
              // itself survives a zone loss, the remaining zones keep draining it.
              maxSkew: 1,
              topologyKey: ZONE_TOPOLOGY_KEY,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: selector },
              matchLabelKeys: ['pod-template-hash'],
            }],
            affinity: {
              podAntiAffinity: {
                // Soft across nodes: one node's loss takes few workers, and hundreds of pods never strand as Pending.
                preferredDuringSchedulingIgnoredDuringExecution: [{
                  weight: 100,
                  podAffinityTerm: { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: selector } },
                }],
              },
            },
            containers: [{
              name: identity.name,
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              ...(props.command ? { command: [...props.command] } : {}),
              ...(props.args ? { args: [...props.args] } : {}),
              ...(props.env.length > 0 ? { env: [...props.env] } : {}),
              resources: containerResources(props.resources),
              ...(props.probes ? { startupProbe: props.probes.startup, livenessProbe: props.probes.liveness } : {}),
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [TMP_MOUNT],
            }],
            volumes: [TMP_VOLUME],
          },
        },
      },
    });

    if (props.disruption) {
      const budget = props.disruption;
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: metadata(),
        spec: {
          selector: { matchLabels: selector },
          ...(budget.maxUnavailable !== undefined ? { maxUnavailable: intOrString(budget.maxUnavailable) } : {}),
          ...(budget.minAvailable !== undefined ? { minAvailable: intOrString(budget.minAvailable) } : {}),
          // A crash-looping worker drains nothing; letting it go keeps node drains moving.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    if (props.egress && props.egress.length > 0) {
      // Egress only: the namespace default-deny (and its DNS allowance) comes from the mesh
      // policies; policies add up, so this one opens exactly the worker's own dependencies.
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata: metadata(),
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Egress'],
          egress: egressRules(props.egress, namespace),
        },
      });
    }
  }

  /** Every API object of this worker, in apply order. */
  public get apiObjects(): ApiObject[] {
    return [this.serviceAccount, this.deployment, this.disruptionBudget, this.networkPolicy]
      .filter((o): o is NonNullable<typeof o> => o !== undefined);
  }
}

type SecretRef = { readonly secret: string; readonly key: string };

/** Plain variables, then Secret references, each sorted by name (the ScalableService order). */
export function workerEnv(plain: Readonly<Record<string, string>>, secret: Readonly<Record<string, SecretRef>>): k8s.EnvVar[] {
  return [
    ...Object.keys(plain).sort().map((name) => ({ name, value: plain[name] })),
    ...Object.keys(secret).sort().map((name) => ({ name, valueFrom: { secretKeyRef: { name: secret[name].secret, key: secret[name].key } } })),
  ];
}
