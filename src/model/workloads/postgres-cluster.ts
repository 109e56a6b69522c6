/**
 * Sharded PostgreSQL (`data.postgres`): per region, the shards of its range, each a CNPG Cluster
 * of 1 + readReplicas instances with an rw and an ro PgBouncer Pooler.
 */
import { imageVersion, parseImage } from '../../spec/image';
import type { IssueCollectorLike } from '../check';
import { ownEntry } from '../../spec/own-entry';
import { isDns1035Label } from '../../spec/names';
import { sortedKeys } from '../../spec/resolve';
import type { postgresClusterSchema } from '../../spec/schema/data-postgres';
import type { Spec } from '../../spec/schema/infer';
import { MESH_DEFAULTS, POSTGRES_DEFAULTS } from '../defaults';
import { checkDerivedName, checkWorkloadIdentity, instanceName, recommendedLabels, selectorLabels, workloadIdentity } from '../identity';
import type { PeerPodsModel, WorkloadBase } from '../types';
import { KindContext } from './context';
import { clusterDnsOf, dataKindResolver, regionalDataSpec } from './data-kind';
import { checkDataQuantities } from './data-quantities';

export type PostgresClusterSpec = Spec<typeof postgresClusterSchema>;
export type PoolerType = 'rw' | 'ro';
export const POOLER_TYPES: readonly PoolerType[] = ['rw', 'ro'];

/** One shard as a region runs it: its CNPG Cluster and the Services clients reach it by. */
export interface PostgresShard {
  readonly index: number;
  /** Zero-padded to the width of the last shard, so names sort in shard order. */
  readonly id: string;
  /** The CNPG Cluster. */
  readonly clusterName: string;
  /** Pooler names, which are also their Services' names (CNPG names a Pooler's Service after it). */
  readonly poolers: Readonly<Record<PoolerType, string>>;
  /** `<pooler>.<namespace>.svc.<cluster domain>`. */
  readonly hosts: Readonly<Record<PoolerType, string>>;
}

export interface PostgresClusterWorkload extends WorkloadBase {
  readonly kind: 'postgres-cluster';
  /** The database as this region runs it (override merged). */
  readonly spec: PostgresClusterSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly imageName: string;
  /** 1 primary + read replicas. */
  readonly instances: number;
  /** This region's shards only, in shard order. */
  readonly shards: readonly PostgresShard[];
  readonly shardMapName: string;
  readonly database: string;
  readonly port: number;
  readonly zones: readonly string[];
  readonly clusterDomain: string;
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Pooler pod labels (recommended labels, name `pgbouncer`), per pooler name. */
  poolerPodLabels(poolerName: string): Record<string, string>;
  readonly dns: PeerPodsModel;
  /** Where the instance managers reach the Kubernetes API: the edge's declared address, or any address on its ports. */
  readonly apiServer: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  /** Prometheus, when the mesh names it: it scrapes the exporters. */
  readonly monitoring?: PeerPodsModel;
}

/** `users`, 7 of 50 → `07`. */
export function shardId(index: number, count: number): string {
  return String(index).padStart(String(Math.max(count - 1, 0)).length, '0');
}

export function shardClusterName(database: string, index: number, count: number): string {
  return `${database}-${shardId(index, count)}`;
}

/** Not `<cluster>-rw`: that is the Cluster's own Service, and a Pooler's Service takes the Pooler's name. */
export function poolerName(cluster: string, type: PoolerType): string {
  return `${cluster}-pooler-${type}`;
}

/** Shards of the region's range that exist (the range rule reports any other). */
export function regionShards(spec: Pick<PostgresClusterSpec, 'shards'>, region: string): number[] {
  const range = ownEntry(spec.shards.regions, region);
  if (!range) return [];
  const out: number[] = [];
  for (let i = Math.max(range.from, 0); i <= Math.min(range.to, spec.shards.count - 1); i++) out.push(i);
  return out;
}

function resolvePostgres(ctx: KindContext, name: string, base: PostgresClusterSpec): PostgresClusterWorkload {
  const { platform, region } = ctx;
  const namespace = ctx.namespace.name;
  const { path, spec, pathOf } = regionalDataSpec(ctx, 'postgres', name, base);
  const imageName = spec.imageName ?? POSTGRES_DEFAULTS.imageName;
  const identity = workloadIdentity(ctx.base, region, name, POSTGRES_DEFAULTS.component, imageVersion(imageName) ?? 'unknown');
  const clusterDomain = ctx.mesh?.mesh.clusterDomain ?? MESH_DEFAULTS.clusterDomain;
  const shards = regionShards(spec, region).map((index): PostgresShard => {
    const clusterName = shardClusterName(name, index, spec.shards.count);
    const poolers = { rw: poolerName(clusterName, 'rw'), ro: poolerName(clusterName, 'ro') };
    const host = (pooler: string) => `${pooler}.${namespace}.svc.${clusterDomain}`;
    return { index, id: shardId(index, spec.shards.count), clusterName, poolers, hosts: { rw: host(poolers.rw), ro: host(poolers.ro) } };
  });
  const shardMapName = `${name}-shard-map`;
  if (ctx.out) {
    const nameIsValid = isDns1035Label(name);
    checkWorkloadIdentity(identity, { service: true, nameIsValid }, {
      name: path, component: path, version: pathOf('imageName'),
      partOf: `${platform.name}.${platform.partOf !== undefined ? 'partOf' : 'name'}`,
    }, ctx.out);
    if (nameIsValid) {
      // The longest derived names: the last shard's ro Pooler (a Service) and the shard map.
      const last = shardClusterName(name, Math.max(spec.shards.count - 1, 0), spec.shards.count);
      checkDerivedName(poolerName(last, 'ro'), 'dns-1035-label', 'Pooler/Service', path, ctx.out);
      checkDerivedName(shardMapName, 'dns-1035-label', 'ConfigMap', path, ctx.out);
    }
    checkPostgresSpec(ctx, spec, imageName, pathOf, ctx.out);
  }
  const poolerPodLabels = (pooler: string): Record<string, string> => recommendedLabels({
    ...identity, name: POSTGRES_DEFAULTS.poolerPodName, instance: instanceName(platform.name, pooler), component: POSTGRES_DEFAULTS.poolerComponent,
  });
  return {
    kind: 'postgres-cluster',
    key: name,
    identity,
    namespace,
    region,
    path,
    pathOf,
    nodePool: platform.nodePools[spec.nodePool],
    spec,
    labels: recommendedLabels(identity),
    selectorLabels: selectorLabels(identity),
    imageName,
    instances: 1 + spec.readReplicas,
    shards,
    shardMapName,
    database: spec.database ?? POSTGRES_DEFAULTS.database,
    port: POSTGRES_DEFAULTS.port,
    zones: platform.regions[region].zones,
    clusterDomain,
    podAnnotations: platform.mesh ? POSTGRES_DEFAULTS.podAnnotations : {},
    poolerPodLabels,
    apiServer: ctx.mesh?.edge?.apiServer ?? POSTGRES_DEFAULTS.apiServer,
    ...(ctx.mesh?.mesh.monitoring ? { monitoring: ctx.mesh.mesh.monitoring } : {}),
    dns: clusterDnsOf(ctx),
  };
}

/** What CloudNativePG would refuse or the construct cannot render, reported at its spec path. */
function checkPostgresSpec(ctx: KindContext, spec: PostgresClusterSpec, imageName: string, pathOf: (f: string) => string, out: IssueCollectorLike): void {
  if (!Object.prototype.hasOwnProperty.call(ctx.platform.nodePools, spec.nodePool)) {
    out.report(pathOf('nodePool'), 'unknown-node-pool', `node pool '${spec.nodePool}' is not declared; known pools: ${sortedKeys(ctx.platform.nodePools).join(', ') || '(none)'}`);
  }
  const ref = parseImage(imageName);
  if (!ref.digest && (!ref.tag || ref.tag === 'latest')) out.report(pathOf('imageName'), 'image-tag', `image '${imageName}' must be pinned to a version tag or a sha256 digest`);
  if (spec.resources.limits.memory === undefined) {
    out.report(`${pathOf('resources')}.limits.memory`, 'memory-limit', 'a PostgreSQL instance needs a memory limit: shared_buffers and work_mem are checked against it');
  }
  checkDataQuantities(out, [[pathOf('resources'), spec.resources]], [[`${pathOf('storage')}.size`, spec.storage.size]]);
}

export const POSTGRES_CLUSTERS = dataKindResolver<PostgresClusterWorkload, 'postgres'>('postgres-cluster', 'postgres', 'a PostgreSQL database', resolvePostgres);
