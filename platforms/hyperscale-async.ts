import type { AsyncWorkloadsSpec } from '../src/spec/workers/types';

/** Seed 000 Celery queues and beat: filled in by the worker-queues work. */
export const webAsync: AsyncWorkloadsSpec | undefined = undefined;
