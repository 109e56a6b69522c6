/** RabbitMQ clusters (`data.rabbitmq`): a RabbitmqCluster per region and the queues its Celery workers consume. */
import { imageVersion, parseImage } from '../../spec/image';
import { ownEntry } from '../../spec/own-entry';
import { isDns1035Label } from '../../spec/names';
import { sortedKeys } from '../../spec/resolve';
import type { rabbitmqClusterSchema } from '../../spec/schema/data-rabbitmq';
import type { Spec } from '../../spec/schema/infer';
import type { PlatformSpec } from '../../spec/types';
import type { IssueCollectorLike } from '../check';
import { RABBITMQ_DEFAULTS } from '../defaults';
import { checkDerivedName, checkWorkloadIdentity, recommendedLabels, workloadIdentity } from '../identity';
import type { PeerPodsModel, WorkloadBase } from '../types';
import { KindContext } from './context';
import { clusterDnsOf, dataKindResolver, regionalDataSpec } from './data-kind';
import { checkDataQuantities } from './data-quantities';

export type RabbitmqClusterSpec = Spec<typeof rabbitmqClusterSchema>;

/** A queue some namespace's Celery workers consume from this cluster. */
export interface RabbitmqQueueModel {
  readonly name: string;
  /** Namespace of the workers (their pods are the AMQP clients). */
  readonly consumerNamespace: string;
}

export interface RabbitmqClusterWorkload extends WorkloadBase {
  readonly kind: 'rabbitmq-cluster';
  readonly spec: RabbitmqClusterSpec;
  readonly labels: Readonly<Record<string, string>>;
  /** The labels the cluster operator puts on the RabbitMQ pods (internal/metadata/label.go): only name is ours. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly image: string;
  readonly replicas: number;
  readonly resources: RabbitmqClusterSpec['resources'];
  readonly queueType: 'quorum' | 'classic';
  readonly vhost: string;
  readonly queues: readonly RabbitmqQueueModel[];
  readonly ports: typeof RABBITMQ_DEFAULTS.ports;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly declareJobAnnotations: Readonly<Record<string, string>>;
  /** `<name>-default-user`: the Secret the operator creates (username, password); read by name only. */
  readonly defaultUserSecret: string;
  readonly dns: PeerPodsModel;
}

/**
 * The queues of every namespace whose Celery broker is this cluster: a rabbitmq broker whose
 * Service is the cluster's (the operator names the client Service after the cluster).
 */
export function consumedQueues(platform: PlatformSpec, namespace: string, name: string): RabbitmqQueueModel[] {
  const out: RabbitmqQueueModel[] = [];
  for (const ns of sortedKeys(platform.namespaces)) {
    const async = platform.namespaces[ns].async;
    const brokerKey = async?.celery?.broker;
    const broker = brokerKey ? ownEntry(async!.brokers, brokerKey) : undefined;
    if (!broker || broker.kind !== 'rabbitmq' || broker.service !== name || (broker.namespace ?? ns) !== namespace) continue;
    for (const queue of sortedKeys(async!.queues)) out.push({ name: queue, consumerNamespace: ns });
  }
  return out;
}

function resolveRabbitmq(ctx: KindContext, name: string, base: RabbitmqClusterSpec): RabbitmqClusterWorkload {
  const { platform, region } = ctx;
  const { path, spec, pathOf } = regionalDataSpec(ctx, 'rabbitmq', name, base);
  const image = spec.image ?? RABBITMQ_DEFAULTS.image;
  const identity = workloadIdentity(ctx.base, region, name, RABBITMQ_DEFAULTS.component, imageVersion(image) ?? 'unknown');
  if (ctx.out) {
    const nameIsValid = isDns1035Label(name);
    checkWorkloadIdentity(identity, { service: true, nameIsValid }, {
      name: path, component: path, version: pathOf('image'),
      partOf: `${platform.name}.${platform.partOf !== undefined ? 'partOf' : 'name'}`,
    }, ctx.out);
    if (nameIsValid) for (const derived of [`${name}-nodes`, `${name}-declare-queues`]) checkDerivedName(derived, 'dns-1035-label', 'Service/Job', path, ctx.out);
    checkRabbitmqSpec(ctx, spec, image, pathOf, ctx.out);
  }
  const dns = clusterDnsOf(ctx);
  return {
    kind: 'rabbitmq-cluster',
    key: name,
    identity,
    namespace: ctx.namespace.name,
    region,
    path,
    pathOf,
    nodePool: platform.nodePools[spec.nodePool],
    spec,
    labels: recommendedLabels(identity),
    podLabels: { 'app.kubernetes.io/name': name },
    image,
    replicas: spec.replicas,
    resources: spec.resources,
    queueType: spec.queueType ?? RABBITMQ_DEFAULTS.queueType,
    vhost: spec.vhost ?? RABBITMQ_DEFAULTS.vhost,
    queues: consumedQueues(platform, ctx.namespace.name, name),
    ports: RABBITMQ_DEFAULTS.ports,
    podAnnotations: platform.mesh ? RABBITMQ_DEFAULTS.podAnnotations : {},
    declareJobAnnotations: platform.gitops ? RABBITMQ_DEFAULTS.declareJobAnnotations : {},
    defaultUserSecret: `${name}-default-user`,
    dns,
  };
}

function checkRabbitmqSpec(ctx: KindContext, spec: RabbitmqClusterSpec, image: string, pathOf: (f: string) => string, out: IssueCollectorLike): void {
  if (!Object.prototype.hasOwnProperty.call(ctx.platform.nodePools, spec.nodePool)) {
    out.report(pathOf('nodePool'), 'unknown-node-pool', `node pool '${spec.nodePool}' is not declared; known pools: ${sortedKeys(ctx.platform.nodePools).join(', ') || '(none)'}`);
  }
  checkDataQuantities(out, [[pathOf('resources'), spec.resources]], [[`${pathOf('storage')}.size`, spec.storage.size]]);
  const ref = parseImage(image);
  if (!ref.digest && (!ref.tag || ref.tag === 'latest')) out.report(pathOf('image'), 'image-tag', `image '${image}' must be pinned to a version tag or a sha256 digest`);
}

export const RABBITMQ_CLUSTERS = dataKindResolver<RabbitmqClusterWorkload, 'rabbitmq'>('rabbitmq-cluster', 'rabbitmq', 'a RabbitMQ cluster', resolveRabbitmq);
