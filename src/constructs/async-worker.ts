import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ASYNC_DEFAULTS } from '../model/defaults';
import type { EgressPeer } from '../model/types';
import { DisruptionSpec, NodePoolSpec, ResourcesSpec } from '../spec/types';
import { HardenedWorkload, rollingUpdate } from './hardened-workload';
import * as k8s from './k8s';
import { WorkloadIdentity, selectorLabels } from './labels';
import { WorkerProbes } from './worker-probes';

export type { EgressPeer };

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
  /** Why there is no liveness probe, when `probes` is unset; carried to the linters' exemption. */
  readonly noLivenessReason?: string;
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

/** NetworkPolicy peers match pods; a peer outside the worker's namespace adds a namespace selector. */
export function egressRules(peers: readonly EgressPeer[], ownNamespace: string): k8s.NetworkPolicyEgressRule[] {
  return peers.map((peer) => ({
    to: [{
      ...(peer.namespace !== ownNamespace ? { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } } } : {}),
      ...(peer.podLabels || peer.namespace === ownNamespace ? { podSelector: { matchLabels: { ...(peer.podLabels ?? {}) } } } : {}),
    }],
    ports: (peer.protocols ?? ['TCP']).map((protocol) => ({ port: k8s.IntOrString.fromNumber(peer.port), protocol })),
  }));
}

/**
 * A queue-fed worker without a Service, on the hardened workload base: ServiceAccount (no
 * token), Deployment under the restricted Pod Security profile, PodDisruptionBudget and an
 * egress NetworkPolicy. Replicas are left to a KEDA ScaledObject unless `replicas` is given.
 */
export class AsyncWorker extends HardenedWorkload {
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: AsyncWorkerProps) {
    super(scope, id, {
      identity: props.identity,
      namespace: props.namespace,
      annotations: props.annotations,
      replicas: props.replicas,
      strategy: props.strategy === 'Recreate'
        ? { type: 'Recreate' }
        : rollingUpdate(ASYNC_DEFAULTS.rollout.maxSurge, ASYNC_DEFAULTS.rollout.maxUnavailable),
      pod: {
        image: props.image,
        command: props.command,
        args: props.args,
        env: props.env,
        resources: props.resources,
        nodePool: props.nodePool,
        priorityClassName: props.priorityClassName,
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
        ...(props.probes ? { probes: { startup: props.probes.startup, liveness: props.probes.liveness } } : {}),
        zoneSpread: 'soft',
      },
      probeExemptions: {
        noReadiness: 'no Service selects these pods, so a readiness probe would gate no traffic',
        ...(props.probes ? {} : { noLiveness: props.noLivenessReason }),
      },
    });
    if (props.disruption) this.addDisruptionBudget(props.disruption);

    if (props.egress && props.egress.length > 0) {
      // Egress only, and it denies the rest: the model lists cluster DNS among the peers unless
      // the mesh baseline opens it (policies add up).
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata: this.metadata(),
        spec: {
          podSelector: { matchLabels: selectorLabels(props.identity) },
          policyTypes: ['Egress'],
          egress: egressRules(props.egress, props.namespace),
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
