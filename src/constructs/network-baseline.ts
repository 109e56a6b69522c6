import { Construct } from 'constructs';
import { NetworkPeer, NetworkRule, WorkloadNetworkPolicy } from './network-policy';
import { ObjectMetadata } from './object-metadata';

export interface PeerPods {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
}

export interface NamespaceNetworkBaselineProps {
  /** Namespace, labels and annotations of every policy; names are fixed (see below). */
  readonly metadata: Omit<ObjectMetadata, 'name'> & { readonly namespace: string };
  /** Cluster DNS (UDP and TCP). */
  readonly dns: PeerPods;
  /** istiod: sidecars fetch their configuration and certificates from it. */
  readonly controlPlane: PeerPods;
  /** Prometheus, and the pod ports it scrapes. */
  readonly monitoring: PeerPods;
  /** The tracing collector sidecars report spans to. @default none */
  readonly tracingCollector?: PeerPods;
}

/**
 * What every pod of a mesh namespace gets, whoever renders it (services, workers, batch jobs):
 * - `default-deny-all`: selects every pod (podSelector {}) and isolates both directions;
 * - `allow-dns-egress`: name resolution through cluster DNS;
 * - `allow-mesh-egress`: the sidecar's own traffic, to istiod and the tracing collector;
 * - `allow-monitoring-ingress`: Prometheus scrapes of the sidecar's merged metrics ports.
 * Anything else (callers, dependencies, the edge) is allowed per workload on top of this.
 */
export class NamespaceNetworkBaseline extends Construct {
  public readonly policies: WorkloadNetworkPolicy[];

  constructor(scope: Construct, id: string, props: NamespaceNetworkBaselineProps) {
    super(scope, id);
    const meta = (name: string): ObjectMetadata => ({ ...props.metadata, name });
    const pods = (p: PeerPods): NetworkPeer => ({ namespace: p.namespace, podLabels: p.podLabels });
    const tcp = (p: PeerPods): NetworkRule => ({ peers: [pods(p)], ports: p.ports.map((port) => ({ port })) });
    this.policies = [
      new WorkloadNetworkPolicy(this, 'default-deny-all', { metadata: meta('default-deny-all'), podLabels: {}, ingress: [], egress: [] }),
      new WorkloadNetworkPolicy(this, 'allow-dns-egress', {
        metadata: meta('allow-dns-egress'),
        podLabels: {},
        egress: [{
          peers: [pods(props.dns)],
          ports: props.dns.ports.flatMap((port) => [{ port, protocol: 'UDP' as const }, { port, protocol: 'TCP' as const }]),
        }],
      }),
      new WorkloadNetworkPolicy(this, 'allow-mesh-egress', {
        metadata: meta('allow-mesh-egress'),
        podLabels: {},
        egress: [tcp(props.controlPlane), ...(props.tracingCollector ? [tcp(props.tracingCollector)] : [])],
      }),
      new WorkloadNetworkPolicy(this, 'allow-monitoring-ingress', {
        metadata: meta('allow-monitoring-ingress'),
        podLabels: {},
        ingress: [tcp(props.monitoring)],
      }),
    ];
  }
}
