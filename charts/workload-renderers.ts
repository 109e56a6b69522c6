/**
 * One renderer per workload kind: the construct that renders a model workload. The record is
 * keyed by every `WorkloadKind`, so a new kind does not compile until it has a renderer here.
 */
import { Construct } from 'constructs';
import { BatchWriter } from '../src/constructs/batch-writer';
import { CeleryBeat } from '../src/constructs/celery-beat';
import { KafkaConsumer } from '../src/constructs/kafka-consumer';
import { RedisClusterWorkloadConstruct } from '../src/constructs/data/redis-cluster-workload';
import { PostgresDatabaseConstruct } from '../src/constructs/data/postgres-database';
import { KafkaClusterConstruct } from '../src/constructs/data/kafka-cluster';
import { RabbitmqClusterConstruct } from '../src/constructs/data/rabbitmq-cluster';
import { ScalableService } from '../src/constructs/scalable-service';
import { WorkerQueue } from '../src/constructs/worker-queue';
import { Workload, WorkloadKind } from '../src/model/types';
import { markSpecPath } from '../src/constructs/provenance';

type Renderer<K extends WorkloadKind> = (scope: Construct, workload: Extract<Workload, { kind: K }>, annotations: Readonly<Record<string, string>>) => Construct;

export const WORKLOAD_RENDERERS: { readonly [K in WorkloadKind]: Renderer<K> } = {
  'http-service': (scope, w, annotations) => new ScalableService(scope, w.key, { ...w, annotations }),
  'queue-worker': (scope, w, annotations) => new WorkerQueue(scope, `queue-${w.key}`, { ...w, annotations }),
  'beat': (scope, w, annotations) => new CeleryBeat(scope, 'celery-beat', { ...w, annotations }),
  'batch-writer': (scope, w, annotations) => new BatchWriter(scope, `batch-writer-${w.key}`, { ...w, annotations }),
  'kafka-consumer': (scope, w, annotations) => new KafkaConsumer(scope, `kafka-consumer-${w.key}`, { ...w, annotations }),
  'redis-cluster': (scope, w, annotations) => new RedisClusterWorkloadConstruct(scope, `redis-cluster-${w.key}`, { ...w, annotations }),
  'postgres-cluster': (scope, w, annotations) => new PostgresDatabaseConstruct(scope, `postgres-${w.key}`, { ...w, annotations }),
  'kafka-cluster': (scope, w, annotations) => new KafkaClusterConstruct(scope, `kafka-cluster-${w.key}`, { ...w, annotations }),
  'rabbitmq-cluster': (scope, w, annotations) => new RabbitmqClusterConstruct(scope, `rabbitmq-cluster-${w.key}`, { ...w, annotations }),
};

/** Renders one workload with the construct of its kind, marked with the spec path it comes from. */
export function renderWorkload(scope: Construct, workload: Workload, annotations: Readonly<Record<string, string>>): Construct {
  return markSpecPath((WORKLOAD_RENDERERS[workload.kind] as Renderer<WorkloadKind>)(scope, workload as never, annotations), workload.path);
}
