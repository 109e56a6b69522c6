/** Redis Clusters (`data.redis`): one StatefulSet of shards × (1 + replicasPerShard) nodes each. */
import { MIN_MEMORY_LIMIT_BYTES } from '../../constructs/data/redis-config';
import { imageVersion, parseImage } from '../../spec/image';
import { parseQuantity } from '../../spec/quantity';
import type { IssueCollectorLike } from '../check';
import { isDns1035Label } from '../../spec/names';
import { sortedKeys } from '../../spec/resolve';
import type { redisClusterSchema } from '../../spec/schema/core';
import type { Spec } from '../../spec/schema/infer';
import { MESH_DEFAULTS, PROMETHEUS_PODS_DEFAULTS, REDIS_DEFAULTS, REDIS_EXPORTER_DEFAULTS } from '../defaults';
import { DERIVED_RULES, checkDerivedLabel, checkDerivedName, checkWorkloadIdentity, selectorLabels, recommendedLabels, workloadIdentity } from '../identity';
import type { PeerPodsModel, WorkloadBase } from '../types';
import { KindContext } from './context';
import { clusterDnsOf, dataKindResolver, regionalDataSpec } from './data-kind';
import { checkDataQuantities } from './data-quantities';

export type RedisClusterSpec = Spec<typeof redisClusterSchema>;

/** A Redis Cluster as one region runs it: the construct's input, every default filled in. */
export interface RedisClusterWorkload extends WorkloadBase {
  readonly kind: 'redis-cluster';
  /** The cluster as this region runs it (override merged). */
  readonly spec: RedisClusterSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly image: string;
  readonly port: number;
  readonly zones: readonly string[];
  readonly dataVolume: { readonly size: string; readonly storageClassName?: string };
  readonly clusterDomain: string;
  readonly bootstrapJobAnnotations: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Cluster DNS: the bootstrap resolves the pods' names through the headless Service. */
  readonly dns: PeerPodsModel;
  /** The exporter sidecar every node runs, and the Prometheus pods that scrape it (on the exporter's port). */
  readonly exporter: typeof REDIS_EXPORTER_DEFAULTS;
  readonly prometheus: PeerPodsModel;
}

/** The longest name a StatefulSet's pods can carry in controller-revision-hash=<name>-<10-char hash>. */
const MAX_STATEFULSET_NAME = 52;

function resolveRedis(ctx: KindContext, name: string, base: RedisClusterSpec): RedisClusterWorkload {
  const { platform, region } = ctx;
  const { path, spec, pathOf } = regionalDataSpec(ctx, 'redis', name, base);
  const image = spec.image ?? REDIS_DEFAULTS.image;
  const identity = workloadIdentity(ctx.base, region, name, REDIS_DEFAULTS.component, imageVersion(image) ?? 'unknown');
  if (ctx.out) {
    const nameIsValid = isDns1035Label(name);
    checkWorkloadIdentity(identity, { service: true, nameIsValid }, {
      name: path, component: path, version: pathOf('image'),
      partOf: `${platform.name}.${platform.partOf !== undefined ? 'partOf' : 'name'}`,
    }, ctx.out);
    if (nameIsValid) {
      if (name.length > MAX_STATEFULSET_NAME) {
        ctx.out.report(path, DERIVED_RULES.name, `the StatefulSet name '${name}' (${name.length} characters) is longer than ${MAX_STATEFULSET_NAME}: its pods' controller-revision-hash label (<name>-<hash>) would exceed 63 characters`);
      }
      for (const suffix of ['headless', 'config', 'bootstrap']) checkDerivedName(`${name}-${suffix}`, 'dns-1035-label', `Service/ConfigMap/Job`, path, ctx.out);
      checkDerivedLabel('app.kubernetes.io/name', `${name}-bootstrap`, path, ctx.out);
    }
  }
  if (ctx.out) checkRedisSpec(ctx, spec, image, pathOf, ctx.out);
  const dns = clusterDnsOf(ctx);
  return {
    kind: 'redis-cluster',
    key: name,
    identity,
    namespace: ctx.namespace.name,
    region,
    path,
    pathOf,
    nodePool: platform.nodePools[spec.nodePool],
    spec,
    labels: recommendedLabels(identity),
    selectorLabels: selectorLabels(identity),
    image,
    port: REDIS_DEFAULTS.port,
    zones: platform.regions[region].zones,
    dataVolume: spec.dataVolume ?? REDIS_DEFAULTS.dataVolume,
    clusterDomain: ctx.mesh?.mesh.clusterDomain ?? MESH_DEFAULTS.clusterDomain,
    bootstrapJobAnnotations: platform.gitops ? REDIS_DEFAULTS.bootstrapJobAnnotations : {},
    podAnnotations: platform.mesh ? REDIS_DEFAULTS.podAnnotations : {},
    dns,
    exporter: REDIS_EXPORTER_DEFAULTS,
    prometheus: { ...(ctx.mesh?.mesh.monitoring ?? PROMETHEUS_PODS_DEFAULTS), ports: [REDIS_EXPORTER_DEFAULTS.port] },
  };
}

/** What the RedisCluster construct would otherwise refuse, reported at its spec path. */
function checkRedisSpec(ctx: KindContext, spec: RedisClusterSpec, image: string, pathOf: (f: string) => string, out: IssueCollectorLike): void {
  if (!Object.prototype.hasOwnProperty.call(ctx.platform.nodePools, spec.nodePool)) {
    out.report(pathOf('nodePool'), 'unknown-node-pool', `node pool '${spec.nodePool}' is not declared; known pools: ${sortedKeys(ctx.platform.nodePools).join(', ') || '(none)'}`);
  }
  const ref = parseImage(image);
  if (!ref.digest && (!ref.tag || ref.tag === 'latest')) out.report(pathOf('image'), 'image-tag', `image '${image}' must be pinned to a version tag or a sha256 digest`);
  checkDataQuantities(out, [[pathOf('resources'), spec.resources]], []);
  const { requests, limits } = spec.resources;
  if (limits.memory === undefined) {
    out.report(`${pathOf('resources')}.limits.memory`, 'memory-limit', 'a Redis node needs a memory limit: maxmemory is derived from it');
    return;
  }
  const [request, limit] = [parseQuantity(requests.memory), parseQuantity(limits.memory)];
  if (!(limit >= MIN_MEMORY_LIMIT_BYTES) || request !== limit) {
    out.report(`${pathOf('resources')}.requests.memory`, 'redis-memory',
      `memory request '${requests.memory}' must equal the limit '${limits.memory}' (at least 64Mi): a node's memory is its dataset, and one below its limit can be overcommitted and OOM-killed`);
  }
}

export const REDIS_CLUSTERS = dataKindResolver<RedisClusterWorkload, 'redis'>('redis-cluster', 'redis', 'a Redis Cluster', resolveRedis);
