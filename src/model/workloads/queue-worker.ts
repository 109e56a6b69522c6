/** Celery queue workers (`async.queues`): one Deployment and ScaledObject per queue. */
import { imageVersion } from '../../spec/image';
import { resolveAsync } from '../../spec/workers/resolve';
import { priorityClassName, triggerAuthName } from '../identity';
import { QueueWorkerWorkload } from '../types';
import { asyncBase, asyncEgress, asyncIdentity, asyncOf } from './async-common';
import { WorkloadKindResolver } from './context';

export const QUEUE_WORKERS: WorkloadKindResolver<QueueWorkerWorkload> = {
  kind: 'queue-worker',
  resolve(ctx) {
    const async = asyncOf(ctx);
    const celery = async?.celery;
    if (!async || !celery) return [];
    const broker = async.brokers[celery.broker];
    const version = imageVersion(celery.image, celery.version)!;
    const versionPath = `${asyncBase(ctx)}.celery.${celery.version !== undefined ? 'version' : 'image'}`;
    return resolveAsync(ctx.platform, ctx.namespace.name, ctx.region).queues.map((q) => ({
      kind: 'queue-worker',
      key: q.key,
      identity: asyncIdentity(ctx, q.name, 'worker', version, `${asyncBase(ctx)}.queues.${q.key}`, versionPath),
      namespace: q.namespace,
      region: q.region,
      path: `${asyncBase(ctx)}.queues.${q.key}`,
      pathOf: q.pathOf,
      nodePool: ctx.platform.nodePools[q.spec.nodePool ?? celery.nodePool],
      queue: q.key,
      spec: q.spec,
      celery,
      brokerKey: celery.broker,
      broker,
      triggerAuthName: triggerAuthName(celery.broker),
      priorityClassName: priorityClassName(ctx.platform.name, q.spec.tier),
      behavior: ctx.behavior(q.spec.behavior)!,
      egress: asyncEgress(ctx, broker, [...(celery.egressTo ?? []), ...(q.spec.egressTo ?? [])], q.namespace),
    }));
  },
};
