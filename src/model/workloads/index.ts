/**
 * The registry of workload kinds, in render order within a namespace. A new kind (e.g. a
 * stateful Redis cluster) adds its resolver file beside these, its member of the `Workload`
 * union (../types.ts) and one line here; its construct registers in src/compile/workload-renderers.ts.
 */
import { BATCH_WRITERS } from './batch-writer';
import { BEAT } from './beat';
import { WorkloadKindResolver } from './context';
import { HTTP_SERVICES } from './http-service';
import { KAFKA_CONSUMERS } from './kafka-consumer';
import { QUEUE_WORKERS } from './queue-worker';

export const WORKLOAD_KINDS: readonly WorkloadKindResolver<any>[] = [HTTP_SERVICES, QUEUE_WORKERS, BEAT, BATCH_WRITERS, KAFKA_CONSUMERS];
