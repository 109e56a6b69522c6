/**
 * The `postgres-cluster` workload kind: one sharded database as one region runs it.
 * - per shard of the region's range, a CNPG Cluster and its rw/ro Poolers (postgres-shard.ts);
 * - `<name>-shard-map`: the ConfigMap the application routes by (shard → rw/ro pooler DNS, and
 *   which region runs every other shard);
 * - PodMonitors for the instances' exporter (9187) and PgBouncer's (9127): CloudNativePG's own
 *   `monitoring.enablePodMonitor` is deprecated in the vendored 1.30 CRDs, so they are rendered here;
 * - NetworkPolicies: clients (`allowFrom`) reach the poolers only; poolers, the operator and the
 *   other instances of the database reach the instances; everything else stays denied.
 */
import { Construct } from 'constructs';
import { PodMonitor } from '../../../imports/prometheus-podmonitor-monitoring.coreos.com';
import { OBSERVABILITY_DEFAULTS, POSTGRES_DEFAULTS } from '../../model/defaults';
import type { PostgresClusterWorkload } from '../../model/workloads/postgres-cluster';
import { EXTERNAL_PODS_POLICY } from '../edge-gateway';
import * as k8s from '../k8s';
import { NetworkPeer, NetworkRule, WorkloadNetworkPolicy } from '../network-policy';
import { DATABASE_LABEL, PostgresShardConstruct } from './postgres-shard';

export const SHARD_MAP_KEY = 'shards.json';

export interface PostgresDatabaseProps extends PostgresClusterWorkload {
  /** Annotations of every object (the Argo CD sync wave). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** What the application reads: the key expression, the count, every region's range, and this region's shards. */
export function shardMap(w: PostgresClusterWorkload): string {
  const regions = Object.fromEntries(Object.keys(w.spec.shards.regions).sort().map((r) => [r, { ...w.spec.shards.regions[r] }]));
  // A list, not an object keyed by shard: JavaScript orders integer-like keys ('10') before others ('09').
  const shards = w.shards.map((s) => ({ shard: s.index, rw: `${s.hosts.rw}:${w.port}`, ro: `${s.hosts.ro}:${w.port}` }));
  return `${JSON.stringify({ key: w.spec.shards.key, count: w.spec.shards.count, region: w.region, regions, shards }, null, 2)}\n`;
}

export class PostgresDatabaseConstruct extends Construct {
  public readonly shards: readonly PostgresShardConstruct[];
  public readonly shardMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const w = props;
    this.shards = w.shards.map((shard) => new PostgresShardConstruct(this, `shard-${shard.id}`, { workload: w, shard, annotations: props.annotations }));
    const meta = (name: string) => ({ name, namespace: w.namespace, labels: { ...w.labels }, annotations: { ...props.annotations } });
    this.shardMap = new k8s.KubeConfigMap(this, 'shard-map', { metadata: meta(w.shardMapName), data: { [SHARD_MAP_KEY]: shardMap(w) } });
    if (w.shards.length === 0) return;

    // Instances (and the operator's initdb/join Jobs) carry the database's selector labels through
    // inheritedMetadata; PgBouncer pods carry name `pgbouncer` instead, so the two sets never overlap.
    const instances = { ...w.selectorLabels };
    const poolers = { 'app.kubernetes.io/name': POSTGRES_DEFAULTS.poolerPodName, [DATABASE_LABEL]: w.key };
    const monitor = (name: string, selector: Record<string, string>) => new PodMonitor(this, `monitor-${name}`, {
      metadata: meta(`${w.key}-${name}`),
      spec: {
        selector: { matchLabels: selector },
        namespaceSelector: { matchNames: [w.namespace] },
        // CloudNativePG names the exporter's container port `metrics` on instances and poolers.
        podMetricsEndpoints: [{ port: 'metrics', interval: OBSERVABILITY_DEFAULTS.scrapeInterval }],
      },
    });
    monitor('instances', { ...instances, 'cnpg.io/podRole': 'instance' });
    monitor('poolers', poolers);

    const dns: NetworkRule = {
      peers: [{ namespace: w.dns.namespace, podLabels: w.dns.podLabels }],
      ports: w.dns.ports.flatMap((port) => [{ port, protocol: 'UDP' as const }, { port, protocol: 'TCP' as const }]),
    };
    const apiServer: NetworkRule = { peers: [{ cidrs: w.apiServer.cidrs }], ports: w.apiServer.ports.map((port) => ({ port })) };
    const scrape = (port: number): NetworkRule[] => (w.monitoring ? [{ peers: [{ namespace: w.monitoring.namespace, podLabels: w.monitoring.podLabels }], ports: [{ port }] }] : []);
    const instancePeer: NetworkPeer = { podLabels: instances };
    const postgresPort = [{ port: w.port }];
    // The pods are CloudNativePG's (from the Cluster and Pooler), not in these manifests, so kube-score cannot find them.
    const policyMeta = (name: string) => ({ ...meta(name), annotations: { ...props.annotations, ...EXTERNAL_PODS_POLICY } });
    new WorkloadNetworkPolicy(this, 'instances-policy', {
      metadata: policyMeta(`${w.key}-instances`),
      podLabels: instances,
      ingress: [
        { peers: [{ namespace: POSTGRES_DEFAULTS.operator.namespace, podLabels: POSTGRES_DEFAULTS.operator.podLabels }], ports: [{ port: POSTGRES_DEFAULTS.statusPort }, ...postgresPort] },
        { peers: [instancePeer, { podLabels: poolers }], ports: postgresPort },
        ...scrape(POSTGRES_DEFAULTS.instanceMetricsPort),
      ],
      egress: [{ peers: [instancePeer], ports: postgresPort }, apiServer, dns],
    });
    new WorkloadNetworkPolicy(this, 'poolers-policy', {
      metadata: policyMeta(`${w.key}-poolers`),
      podLabels: poolers,
      ingress: [
        ...(w.spec.allowFrom.length > 0
          ? [{ peers: w.spec.allowFrom.map((c) => ({ namespace: c.namespace, ...(c.podLabels ? { podLabels: c.podLabels } : {}) })), ports: postgresPort }]
          : []),
        ...scrape(POSTGRES_DEFAULTS.poolerMetricsPort),
      ],
      egress: [{ peers: [instancePeer], ports: postgresPort }, apiServer, dns],
    });
  }
}
