/** Celery beat (`async.beat`): the one scheduler of a namespace's Celery app. */
import { imageVersion } from '../../spec/image';
import { ASYNC_DEFAULTS } from '../defaults';
import { BEAT_NAME, priorityClassName } from '../identity';
import { BeatWorkload } from '../types';
import { asyncBase, asyncEgress, asyncIdentity, asyncOf } from './async-common';
import { WorkloadKindResolver } from './context';

export const BEAT: WorkloadKindResolver<BeatWorkload> = {
  kind: 'beat',
  resolve(ctx) {
    const async = asyncOf(ctx);
    const celery = async?.celery;
    if (!async || !celery || !async.beat) return [];
    const broker = async.brokers[celery.broker];
    const base = asyncBase(ctx);
    const path = `${base}.beat`;
    return [{
      kind: 'beat',
      key: BEAT_NAME,
      identity: asyncIdentity(ctx, BEAT_NAME, 'beat', imageVersion(celery.image, celery.version)!, path,
        `${base}.celery.${celery.version !== undefined ? 'version' : 'image'}`),
      namespace: ctx.namespace.name,
      region: ctx.region,
      path,
      pathOf: (field) => `${path}.${field}`,
      nodePool: ctx.platform.nodePools[celery.nodePool],
      spec: async.beat,
      celery,
      brokerKey: celery.broker,
      broker,
      priorityClassName: priorityClassName(ctx.platform.name, async.beat.tier ?? ASYNC_DEFAULTS.beatTier),
      egress: asyncEgress(ctx, broker, celery.egressTo ?? [], ctx.namespace.name),
    }];
  },
};
