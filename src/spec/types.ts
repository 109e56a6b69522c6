/**
 * The typed platform spec: one source of truth for every region's cluster.
 *
 * platform → regions (one cluster each) → namespaces → services.
 * Services are declared once per namespace; a region changes them only through an explicit
 * override (`regions.<region>.services.<service>`), so every difference between clusters is
 * written down and reviewable.
 *
 * The types are inferred from the one schema in ./schema (field docs live there, as
 * `.describe()`, and reach the published JSON Schema).
 */
import type * as core from './schema/core';
import type * as common from './schema/common';
import type * as tuning from './schema/tuning';
import type { Spec } from './schema/infer';

export interface ResourceQuantities extends Spec<typeof common.resourceQuantitiesSchema> {}
export interface ResourcesSpec extends Spec<typeof common.resourcesSchema> {}
export interface HttpProbeSpec extends Spec<typeof common.httpProbeSchema> {}
export interface ProbesSpec extends Spec<typeof common.probesSchema> {}
export interface ScalingPolicySpec extends Spec<typeof common.scalingPolicySchema> {}
export interface ScalingRulesSpec extends Spec<typeof common.scalingRulesSchema> {}
export interface BehaviorSpec extends Spec<typeof common.behaviorSchema> {}
export interface AutoscalingSpec extends Spec<typeof core.autoscalingSchema> {}
export interface DisruptionSpec extends Spec<typeof common.disruptionSchema> {}
export interface ShutdownSpec extends Spec<typeof core.shutdownSchema> {}
export interface RolloutSpec extends Spec<typeof core.rolloutSchema> {}
export interface ServiceSpec extends Spec<typeof core.serviceSchema> {}
export interface ServiceOverride extends Spec<typeof core.serviceOverrideSchema> {}
export interface ObservabilitySpec extends Spec<typeof core.observabilitySchema> {}
export interface NamespaceSpec extends Spec<typeof core.namespaceSchema> {}
export interface TaintSpec extends Spec<typeof core.taintSchema> {}
export interface NodePoolSpec extends Spec<typeof core.nodePoolSchema> {}
export interface RegionSpec extends Spec<typeof core.regionSchema> {}
export interface PlatformSpec extends Spec<typeof core.platformSchema> {}
export interface GitOpsSpec extends Spec<typeof core.gitOpsSchema> {}
export interface VerticalScalingSpec extends Spec<typeof tuning.verticalScalingSchema> {}
export interface NodeTuningSpec extends Spec<typeof tuning.nodeTuningSchema> {}
