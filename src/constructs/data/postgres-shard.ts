/**
 * One shard of a sharded PostgreSQL database: a CloudNativePG Cluster (1 primary + read
 * replicas, streaming replication) and two PgBouncer Poolers in transaction mode, `rw` in front
 * of the Cluster's -rw Service (the primary) and `ro` in front of -ro (the replicas).
 * CloudNativePG runs its pods under the restricted Pod Security profile itself (non-root,
 * RuntimeDefault seccomp, no capabilities), so nothing here loosens or repeats it.
 */
import { Construct } from 'constructs';
import {
  Cluster, ClusterSpecAffinityTolerations, ClusterSpecResourcesLimits, ClusterSpecResourcesRequests,
} from '../../../imports/cnpg-cluster-postgresql.cnpg.io';
import { Pooler, PoolerSpecPgbouncerPoolMode, PoolerSpecType } from '../../../imports/cnpg-pooler-postgresql.cnpg.io';
import type { PoolerType, PostgresClusterWorkload, PostgresShard } from '../../model/workloads/postgres-cluster';
import { nodePoolPlacement } from '../pod-template';

/** Every pod of one database carries this, instances and poolers alike: monitors and policies select by it. */
export const DATABASE_LABEL = 'platform-compiler.dev/database';
export const SHARD_LABEL = 'platform-compiler.dev/shard';
const ZONE_KEY = 'topology.kubernetes.io/zone';
const HOST_KEY = 'kubernetes.io/hostname';

export interface PostgresShardProps {
  readonly workload: PostgresClusterWorkload;
  readonly shard: PostgresShard;
  readonly annotations: Readonly<Record<string, string>>;
}

/** PgBouncer parameters of a pooler, as the strings CloudNativePG passes through to pgbouncer.ini. */
export function poolerParameters(pooler: { readonly maxClientConn: number; readonly defaultPoolSize: number }): Record<string, string> {
  return { default_pool_size: String(pooler.defaultPoolSize), max_client_conn: String(pooler.maxClientConn) };
}

export class PostgresShardConstruct extends Construct {
  public readonly cluster: Cluster;
  public readonly poolers: Readonly<Record<PoolerType, Pooler>>;

  constructor(scope: Construct, id: string, props: PostgresShardProps) {
    super(scope, id);
    const { workload: w, shard } = props;
    const { spec } = w;
    const shardLabels = { ...w.labels, [DATABASE_LABEL]: w.key, [SHARD_LABEL]: shard.id };
    const placement = nodePoolPlacement(w.nodePool);
    const annotations = { ...props.annotations };
    const quantities = <T>(q: { cpu?: string; memory?: string }, make: (v: string) => T): Record<string, T> =>
      Object.fromEntries((['cpu', 'memory'] as const).filter((k) => q[k] !== undefined).map((k) => [k, make(q[k]!)]));

    this.cluster = new Cluster(this, 'cluster', {
      metadata: { name: shard.clusterName, namespace: w.namespace, labels: shardLabels, annotations },
      spec: {
        instances: w.instances,
        imageName: w.imageName,
        postgresql: { parameters: { ...spec.postgresql.parameters } },
        bootstrap: { initdb: { database: w.database, owner: w.database } },
        storage: { size: spec.storage.size, ...(spec.storage.storageClassName ? { storageClass: spec.storage.storageClassName } : {}) },
        resources: {
          requests: quantities(spec.resources.requests, ClusterSpecResourcesRequests.fromString),
          limits: quantities(spec.resources.limits, ClusterSpecResourcesLimits.fromString),
        },
        affinity: {
          // One instance per node (required), spread over the zones below.
          enablePodAntiAffinity: true,
          podAntiAffinityType: 'required',
          topologyKey: HOST_KEY,
          nodeSelector: { ...(placement.nodeSelector ?? {}) },
          ...(placement.tolerations ? {
            tolerations: placement.tolerations.map((t) => ({
              key: t.key, operator: 'Equal', value: t.value, effect: t.effect as ClusterSpecAffinityTolerations['effect'],
            })),
          } : {}),
        },
        topologySpreadConstraints: [{
          maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { 'cnpg.io/cluster': shard.clusterName } },
        }],
        // Every object the operator creates for the shard (pods, PVCs, Services, Jobs) gets the labels.
        inheritedMetadata: { labels: shardLabels, annotations: { ...w.podAnnotations } },
      },
    });

    const pooler = (type: PoolerType): Pooler => {
      const name = shard.poolers[type];
      const size = spec.poolers[type];
      return new Pooler(this, `pooler-${type}`, {
        metadata: { name, namespace: w.namespace, labels: shardLabels, annotations },
        spec: {
          cluster: { name: shard.clusterName },
          instances: size.instances,
          type: type === 'rw' ? PoolerSpecType.RW : PoolerSpecType.RO,
          pgbouncer: { poolMode: PoolerSpecPgbouncerPoolMode.TRANSACTION, parameters: poolerParameters(size) },
          template: {
            metadata: { labels: { ...w.poolerPodLabels(name), [DATABASE_LABEL]: w.key, [SHARD_LABEL]: shard.id }, annotations: { ...w.podAnnotations } },
            spec: {
              // CloudNativePG fills in the pgbouncer container; the field is required by PodSpec.
              containers: [],
              ...(placement.nodeSelector ? { nodeSelector: { ...placement.nodeSelector } } : {}),
              ...(placement.tolerations ? { tolerations: placement.tolerations.map((t) => ({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect })) } : {}),
              topologySpreadConstraints: [{
                maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: 'ScheduleAnyway',
                labelSelector: { matchLabels: { 'cnpg.io/poolerName': name } },
              }],
            },
          },
        },
      });
    };
    this.poolers = { rw: pooler('rw'), ro: pooler('ro') };
  }
}
