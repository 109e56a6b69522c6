/**
 * The `redis-cluster` workload kind: the RedisCluster objects from the model, and the
 * NetworkPolicies that let exactly its traffic through (its pods are isolated both ways):
 * - `<name>`: clients (`allowFrom`) and the bootstrap Job reach the client port; nodes reach
 *   each other on the client port (replication, failover) and the bus port (gossip); DNS out.
 * - `<name>-bootstrap`: the Job reaches the nodes' client port and DNS; nothing reaches it.
 * Prometheus reaches each node's redis_exporter sidecar, which a PodMonitor scrapes.
 */
import { Construct } from 'constructs';
import type { RedisClusterWorkload } from '../../model/workloads/redis-cluster';
import { NetworkPeer, NetworkRule, WorkloadNetworkPolicy } from '../network-policy';
import { nodePoolPlacement } from '../pod-template';
import { DataTierPodMonitor } from '../observability/data-tier-monitor';
import { RedisCluster, redisObjectNames } from './redis-cluster';
import { CLUSTER_BUS_PORT_OFFSET } from './redis-config';

export interface RedisClusterWorkloadProps extends RedisClusterWorkload {
  /** Annotations of every object (the Argo CD sync wave). */
  readonly annotations: Readonly<Record<string, string>>;
}

export class RedisClusterWorkloadConstruct extends Construct {
  public readonly cluster: RedisCluster;
  public readonly networkPolicies: readonly WorkloadNetworkPolicy[];
  public readonly monitor: DataTierPodMonitor;

  constructor(scope: Construct, id: string, props: RedisClusterWorkloadProps) {
    super(scope, id);
    const { spec, identity } = props;
    const placement = nodePoolPlacement(props.nodePool);
    this.cluster = new RedisCluster(this, 'cluster', {
      name: identity.name,
      namespace: props.namespace,
      labels: props.labels,
      selectorLabels: props.selectorLabels,
      shards: spec.shards,
      replicasPerShard: spec.replicasPerShard,
      image: props.image,
      resources: {
        requests: { cpu: spec.resources.requests.cpu, memory: spec.resources.requests.memory },
        limits: { ...(spec.resources.limits.cpu ? { cpu: spec.resources.limits.cpu } : {}), memory: spec.resources.limits.memory! },
      },
      nodePool: {
        nodeSelector: placement.nodeSelector ?? {},
        tolerations: (placement.tolerations ?? []).map((t) => ({ key: t.key!, operator: 'Equal' as const, value: t.value, effect: t.effect as 'NoSchedule' })),
      },
      zones: props.zones,
      maxmemoryPolicy: spec.maxmemoryPolicy,
      persistence: spec.persistence,
      dataVolume: props.dataVolume,
      port: props.port,
      ...(spec.passwordSecret ? { passwordSecret: spec.passwordSecret } : {}),
      ...(spec.maxclients !== undefined ? { maxclients: spec.maxclients } : {}),
      clusterDomain: props.clusterDomain,
      annotations: props.annotations,
      bootstrapJobAnnotations: props.bootstrapJobAnnotations,
      podAnnotations: props.podAnnotations,
      exporter: props.exporter,
    });
    this.monitor = new DataTierPodMonitor(this, 'monitor', {
      name: identity.name, namespace: props.namespace, labels: props.labels, selectorLabels: props.selectorLabels, annotations: props.annotations,
    });

    const busPort = props.port + CLUSTER_BUS_PORT_OFFSET;
    const nodes: NetworkPeer = { podLabels: props.selectorLabels };
    const bootstrapName = redisObjectNames(identity.name).bootstrap;
    const bootstrapPods = { 'app.kubernetes.io/name': bootstrapName, 'app.kubernetes.io/instance': identity.instance };
    const dns: NetworkRule = {
      peers: [{ namespace: props.dns.namespace, podLabels: props.dns.podLabels }],
      ports: props.dns.ports.flatMap((port) => [{ port, protocol: 'UDP' as const }, { port, protocol: 'TCP' as const }]),
    };
    const meta = (name: string) => ({ name, namespace: props.namespace, labels: props.labels, annotations: props.annotations });
    this.networkPolicies = [
      new WorkloadNetworkPolicy(this, 'network-policy', {
        metadata: meta(identity.name),
        podLabels: props.selectorLabels,
        ingress: [
          ...(spec.allowFrom.length > 0
            ? [{ peers: spec.allowFrom.map((c) => ({ namespace: c.namespace, ...(c.podLabels ? { podLabels: c.podLabels } : {}) })), ports: [{ port: props.port }] }]
            : []),
          { peers: [{ podLabels: bootstrapPods }], ports: [{ port: props.port }] },
          { peers: [nodes], ports: [{ port: props.port }, { port: busPort }] },
          // Prometheus scrapes each node's exporter sidecar.
          { peers: [{ namespace: props.prometheus.namespace, podLabels: props.prometheus.podLabels }], ports: props.prometheus.ports.map((port) => ({ port })) },
        ],
        egress: [{ peers: [nodes], ports: [{ port: props.port }, { port: busPort }] }, dns],
      }),
      new WorkloadNetworkPolicy(this, 'bootstrap-network-policy', {
        metadata: meta(bootstrapName),
        podLabels: bootstrapPods,
        ingress: [],
        egress: [{ peers: [nodes], ports: [{ port: props.port }] }, dns],
      }),
    ];
  }
}
