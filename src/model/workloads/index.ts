/**
 * The registry of workload kinds: the `Workload` union and the resolvers, in render order within
 * a namespace. A new kind (e.g. a stateful Redis or PostgreSQL cluster of the data tier) brings
 * its interface and resolver in one file beside these (see ./beat.ts), joins the union and the
 * list here, and registers its construct in charts/workload-renderers.ts, which does not compile
 * until every kind of the union has a renderer.
 */
import type { BatchWriterWorkload, BeatWorkload, HttpServiceWorkload, KafkaConsumerWorkload, QueueWorkerWorkload } from '../types';
import { BATCH_WRITERS } from './batch-writer';
import { BEAT } from './beat';
import { WorkloadKindResolver } from './context';
import { HTTP_SERVICES } from './http-service';
import { KAFKA_CONSUMERS } from './kafka-consumer';
import { QUEUE_WORKERS } from './queue-worker';
import { REDIS_CLUSTERS, RedisClusterWorkload } from './redis-cluster';
import { POSTGRES_CLUSTERS, PostgresClusterWorkload } from './postgres-cluster';
import { KAFKA_CLUSTERS, KafkaClusterWorkload } from './kafka-cluster';
import { RABBITMQ_CLUSTERS, RabbitmqClusterWorkload } from './rabbitmq-cluster';

/** Every workload kind, discriminated by `kind`. */
export type Workload = HttpServiceWorkload | QueueWorkerWorkload | BeatWorkload | BatchWriterWorkload | KafkaConsumerWorkload
  | RedisClusterWorkload | PostgresClusterWorkload | KafkaClusterWorkload | RabbitmqClusterWorkload;
export type WorkloadKind = Workload['kind'];

export const WORKLOAD_KINDS: readonly WorkloadKindResolver<Workload>[] = [
  HTTP_SERVICES, QUEUE_WORKERS, BEAT, BATCH_WRITERS, KAFKA_CONSUMERS, REDIS_CLUSTERS, POSTGRES_CLUSTERS, KAFKA_CLUSTERS, RABBITMQ_CLUSTERS,
] as readonly WorkloadKindResolver<any>[];
