import { Construct } from 'constructs';
import * as k8s from './k8s';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

/** Label every namespace carries (Kubernetes ≥ 1.21), so a namespace is selected by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface NetworkPeer {
  /** Pods of this namespace. @default the policy's own namespace */
  readonly namespace?: string;
  /** @default every pod of the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Addresses instead of pods (outside the cluster). Exclusive with namespace/podLabels. */
  readonly cidrs?: readonly string[];
}

export interface NetworkPort {
  /** A number, or a container port name. */
  readonly port: number | string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

export interface NetworkRule {
  readonly peers: readonly NetworkPeer[];
  readonly ports: readonly NetworkPort[];
}

export interface WorkloadNetworkPolicyProps {
  readonly metadata: ObjectMetadata;
  /** Pods the policy applies to. An empty map selects every pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Allowed inbound traffic. @default none: the policy leaves ingress alone */
  readonly ingress?: readonly NetworkRule[];
  /** Allowed outbound traffic. @default none: the policy leaves egress alone */
  readonly egress?: readonly NetworkRule[];
}

/**
 * One NetworkPolicy: the pods it selects, and what may reach them or be reached by them. A
 * direction given (even as an empty list) is listed in policyTypes, so an empty list means deny.
 * Policies add up: a pod may send or receive what any policy selecting it allows.
 */
export class WorkloadNetworkPolicy extends Construct {
  public readonly policy: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: WorkloadNetworkPolicyProps) {
    super(scope, id);
    const policyTypes = [...(props.ingress ? ['Ingress'] : []), ...(props.egress ? ['Egress'] : [])];
    this.policy = new k8s.KubeNetworkPolicy(this, 'policy', {
      metadata: toApiMetadata(props.metadata),
      spec: {
        podSelector: Object.keys(props.podLabels).length > 0 ? { matchLabels: { ...props.podLabels } } : {},
        policyTypes,
        ...(props.ingress ? { ingress: props.ingress.map((r) => ({ from: peers(r), ports: ports(r) })) } : {}),
        ...(props.egress ? { egress: props.egress.map((r) => ({ to: peers(r), ports: ports(r) })) } : {}),
      },
    });
  }
}

function peers(rule: NetworkRule): k8s.NetworkPolicyPeer[] {
  return rule.peers.flatMap((peer): k8s.NetworkPolicyPeer[] => {
    if (peer.cidrs) return peer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    const pods = peer.podLabels && Object.keys(peer.podLabels).length > 0 ? { matchLabels: { ...peer.podLabels } } : {};
    if (peer.namespace === undefined) return [{ podSelector: pods }];
    return [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector: pods }];
  });
}

function ports(rule: NetworkRule): k8s.NetworkPolicyPort[] {
  return rule.ports.map((p) => ({
    port: typeof p.port === 'number' ? k8s.IntOrString.fromNumber(p.port) : k8s.IntOrString.fromString(p.port),
    protocol: p.protocol ?? 'TCP',
  }));
}
