/** Batch writers (`async.batchWriters`): Redis list → multi-row inserts, scaled on list length. */
import { imageVersion } from '../../spec/image';
import { resolveAsync } from '../../spec/workers/resolve';
import { priorityClassName, triggerAuthName } from '../identity';
import { BatchWriterWorkload } from '../types';
import { asyncBase, asyncEgress, asyncIdentity, asyncOf } from './async-common';
import { WorkloadKindResolver } from './context';

export const BATCH_WRITERS: WorkloadKindResolver<BatchWriterWorkload> = {
  kind: 'batch-writer',
  resolve(ctx) {
    const async = asyncOf(ctx);
    if (!async) return [];
    return resolveAsync(ctx.platform, ctx.namespace.name, ctx.region).batchWriters.map((w) => {
      const broker = async.brokers[w.spec.broker];
      const path = `${asyncBase(ctx)}.batchWriters.${w.key}`;
      return {
        kind: 'batch-writer',
        key: w.key,
        identity: asyncIdentity(ctx, w.name, 'worker', imageVersion(w.spec.image, w.spec.version)!, path,
          `${path}.${w.spec.version !== undefined ? 'version' : 'image'}`),
        namespace: w.namespace,
        region: w.region,
        path,
        pathOf: w.pathOf,
        nodePool: ctx.platform.nodePools[w.spec.nodePool!],
        spec: w.spec,
        brokerKey: w.spec.broker,
        broker,
        triggerAuthName: triggerAuthName(w.spec.broker),
        priorityClassName: priorityClassName(ctx.platform.name, w.spec.tier),
        behavior: ctx.behavior(w.spec.behavior)!,
        egress: asyncEgress(ctx, broker, w.spec.egressTo ?? [], w.namespace),
      };
    });
  },
};
