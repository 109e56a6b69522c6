/**
 * Queue workers and event consumers of one namespace (`NamespaceSpec.async`), and event-driven
 * scaling of HTTP services (`ServiceSpec.eventScaling`). Every worker is scaled by a KEDA
 * ScaledObject on its backlog; nothing here is scaled by a plain HPA.
 *
 * The types are inferred from the one schema in ../schema/workers.ts (field docs live there).
 */
import type * as workers from '../schema/workers';
import type { Spec } from '../schema/infer';

export type PriorityTier = Spec<typeof workers.priorityTierSchema>;
export type BrokerKind = Spec<typeof workers.brokerKindSchema>;
export interface BrokerSpec extends Spec<typeof workers.brokerSchema> {}
export interface EgressTarget extends Spec<typeof workers.egressTargetSchema> {}
export interface WorkerLivenessSpec extends Spec<typeof workers.workerLivenessSchema> {}
export interface AsyncWorkloadBase extends Spec<typeof workers.asyncWorkloadBaseSchema> {}
export interface CelerySpec extends Spec<typeof workers.celerySchema> {}
export interface WorkerQueueSpec extends Spec<typeof workers.workerQueueSchema> {}
export interface CeleryBeatSpec extends Spec<typeof workers.celeryBeatSchema> {}
export interface BatchWriterSpec extends Spec<typeof workers.batchWriterSchema> {}
export interface KafkaConsumerSpec extends Spec<typeof workers.kafkaConsumerSchema> {}
export interface WorkerScaleOverride extends Spec<typeof workers.workerScaleOverrideSchema> {}
export interface AsyncRegionOverride extends Spec<typeof workers.asyncRegionOverrideSchema> {}
export interface AsyncWorkloadsSpec extends Spec<typeof workers.asyncWorkloadsSchema> {}
export type Weekday = Spec<typeof workers.weekdaySchema>;
export interface CronWindowSpec extends Spec<typeof workers.cronWindowSchema> {}
export interface ServiceEventScalingSpec extends Spec<typeof workers.serviceEventScalingSchema> {}
