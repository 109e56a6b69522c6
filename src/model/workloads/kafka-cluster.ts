/** Kafka clusters on Strimzi (`data.kafka`): a Kafka, two KafkaNodePools and the KafkaTopics, per region. */
import { isDns1035Label } from '../../spec/names';
import { sortedKeys } from '../../spec/resolve';
import type { kafkaClusterSchema, kafkaTopicSchema } from '../../spec/schema/data-kafka';
import type { Spec } from '../../spec/schema/infer';
import type { IssueCollectorLike } from '../check';
import { KAFKA_DEFAULTS } from '../defaults';
import { checkDerivedName, checkWorkloadIdentity, recommendedLabels, workloadIdentity } from '../identity';
import type { WorkloadBase } from '../types';
import { KindContext } from './context';
import { dataKindResolver, regionalDataSpec } from './data-kind';
import { checkDataQuantities } from './data-quantities';

export type KafkaClusterSpec = Spec<typeof kafkaClusterSchema>;
export type KafkaTopicSpec = Spec<typeof kafkaTopicSchema>;

type Resources = KafkaClusterSpec['resources'];
type Storage = KafkaClusterSpec['storage'];

/** One KafkaTopic with every default filled in. */
export interface KafkaTopicModel {
  /** Object name (the spec key). */
  readonly key: string;
  /** The Kafka topic name. */
  readonly topicName: string;
  readonly path: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly retentionMs: number;
  readonly compression: KafkaTopicSpec['compression'];
  readonly minInsyncReplicas: number;
}

/** A Kafka cluster as one region runs it. */
export interface KafkaClusterWorkload extends WorkloadBase {
  readonly kind: 'kafka-cluster';
  readonly spec: KafkaClusterSpec;
  readonly labels: Readonly<Record<string, string>>;
  readonly version: string;
  readonly metadataVersion: string;
  readonly brokers: number;
  readonly controllers: number;
  readonly resources: Resources;
  readonly controllerResources: Resources;
  readonly storage: Storage;
  readonly controllerStorage: Storage;
  readonly tls: boolean;
  readonly metrics: boolean;
  /** `spec.kafka.config`: the replication defaults derived from the broker count, then the spec's own. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly topics: readonly KafkaTopicModel[];
  readonly zones: readonly string[];
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** `<name>-kafka-bootstrap`: the Service clients (and `brokers.<b>.service`) use. */
  readonly bootstrapService: string;
  /** The API server (the edge's `apiServer`), which the Topic Operator and the rack init container call. @default unknown: no egress rule */
  readonly apiServer?: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30d` → 2592000000 (retention.ms). */
export function durationMs(text: string): number {
  const m = /^([1-9][0-9]*)(ms|s|m|h|d)$/.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : NaN;
}

/** Strimzi names the bootstrap Service `<cluster>-kafka-bootstrap`. */
export const kafkaBootstrapService = (name: string): string => `${name}-kafka-bootstrap`;

/**
 * Replication defaults for the cluster's own topics and for topics created without settings:
 * RF 3 (or every broker when fewer), and min.insync.replicas one below it.
 */
function replicationConfig(brokers: number): Record<string, number> {
  const rf = Math.min(3, brokers);
  const minIsr = Math.max(1, rf - 1);
  return {
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
  };
}

function resolveKafka(ctx: KindContext, name: string, base: KafkaClusterSpec): KafkaClusterWorkload {
  const { platform, region } = ctx;
  const { path, spec, pathOf } = regionalDataSpec(ctx, 'kafka', name, base);
  const version = spec.version ?? KAFKA_DEFAULTS.version;
  const identity = workloadIdentity(ctx.base, region, name, KAFKA_DEFAULTS.component, version);
  if (ctx.out) {
    const nameIsValid = isDns1035Label(name);
    checkWorkloadIdentity(identity, { service: true, nameIsValid }, {
      name: path, component: path, version: pathOf('version'),
      partOf: `${platform.name}.${platform.partOf !== undefined ? 'partOf' : 'name'}`,
    }, ctx.out);
    // Strimzi's longest derived name is the pods' `<cluster>-<pool>-<id>` and Services such as `<cluster>-kafka-bootstrap`.
    if (nameIsValid) for (const derived of [kafkaBootstrapService(name), `${name}-controllers`]) checkDerivedName(derived, 'dns-1035-label', 'Service/KafkaNodePool', path, ctx.out);
    checkKafkaSpec(ctx, spec, version, pathOf, ctx.out);
  }
  const brokers = spec.brokers;
  const topics = sortedKeys(spec.topics).map((key): KafkaTopicModel => {
    const t = spec.topics![key];
    return {
      key, topicName: t.topicName ?? key, path: `${path}.topics.${key}`,
      partitions: t.partitions, replicas: t.replicas, retentionMs: durationMs(t.retention), compression: t.compression,
      minInsyncReplicas: t.minInsyncReplicas ?? Math.max(1, t.replicas - 1),
    };
  });
  return {
    kind: 'kafka-cluster',
    key: name,
    identity,
    namespace: ctx.namespace.name,
    region,
    path,
    pathOf,
    nodePool: platform.nodePools[spec.nodePool],
    spec,
    labels: recommendedLabels(identity),
    version,
    metadataVersion: KAFKA_DEFAULTS.metadataVersions[version],
    brokers,
    controllers: spec.controllers ?? KAFKA_DEFAULTS.controllers,
    resources: spec.resources,
    controllerResources: spec.controllerResources ?? KAFKA_DEFAULTS.controllerResources,
    storage: spec.storage,
    controllerStorage: spec.controllerStorage ?? KAFKA_DEFAULTS.controllerStorage,
    tls: spec.tls ?? KAFKA_DEFAULTS.tls,
    metrics: spec.metrics ?? KAFKA_DEFAULTS.metrics,
    config: { ...replicationConfig(brokers), ...(spec.config ?? {}) },
    topics,
    zones: platform.regions[region].zones,
    podAnnotations: platform.mesh ? KAFKA_DEFAULTS.podAnnotations : {},
    bootstrapService: kafkaBootstrapService(name),
    ...(ctx.mesh?.edge ? { apiServer: ctx.mesh.edge.apiServer } : {}),
  };
}

function checkKafkaSpec(ctx: KindContext, spec: KafkaClusterSpec, version: string, pathOf: (f: string) => string, out: IssueCollectorLike): void {
  checkDataQuantities(out,
    [[pathOf('resources'), spec.resources], [pathOf('controllerResources'), spec.controllerResources]],
    [[`${pathOf('storage')}.size`, spec.storage.size], [`${pathOf('controllerStorage')}.size`, spec.controllerStorage?.size]]);
  if (!Object.prototype.hasOwnProperty.call(ctx.platform.nodePools, spec.nodePool)) {
    out.report(pathOf('nodePool'), 'unknown-node-pool', `node pool '${spec.nodePool}' is not declared; known pools: ${sortedKeys(ctx.platform.nodePools).join(', ') || '(none)'}`);
  }
  if (!Object.prototype.hasOwnProperty.call(KAFKA_DEFAULTS.metadataVersions, version)) {
    out.report(pathOf('version'), 'kafka-version', `Kafka '${version}' is not one the Strimzi 1.2.0 operator runs; supported: ${Object.keys(KAFKA_DEFAULTS.metadataVersions).join(', ')}`);
  }
}

export const KAFKA_CLUSTERS = dataKindResolver<KafkaClusterWorkload, 'kafka'>('kafka-cluster', 'kafka', 'a Kafka cluster', resolveKafka);
