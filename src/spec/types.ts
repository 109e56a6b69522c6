import type { MeshPlatformSpec, ServiceMeshSpec } from './mesh/types';
import type { AsyncWorkloadsSpec, ServiceEventScalingSpec } from './workers/types';

/**
 * The typed platform spec: one source of truth for every region's cluster.
 *
 * platform → regions (one cluster each) → namespaces → services.
 * Services are declared once per namespace; a region changes them only through an explicit
 * override (`regions.<region>.services.<service>`), so every difference between clusters is
 * written down and reviewable.
 */

/** Kubernetes resource quantities, e.g. `{ cpu: '2', memory: '4Gi' }`. */
export interface ResourceQuantities {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface ResourcesSpec {
  /** What the scheduler reserves; HPA utilization targets are percentages of these. */
  readonly requests: Required<ResourceQuantities>;
  /** Upper bounds. A memory limit is required (an unbounded pod can take a node down). */
  readonly limits: ResourceQuantities;
  /** Per-container ephemeral storage (logs, the /tmp volume). @default { request: '256Mi', limit: '1Gi' } */
  readonly ephemeralStorage?: { readonly request: string; readonly limit: string };
}

export interface HttpProbeSpec {
  /** HTTP path probed on the service port. */
  readonly path: string;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 1 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
  /** @default 0 */
  readonly initialDelaySeconds?: number;
}

export interface ProbesSpec {
  /** Gates traffic: a pod only joins the Service once ready. */
  readonly readiness: HttpProbeSpec;
  /** Restarts a wedged process. Must be more lenient than readiness. */
  readonly liveness: HttpProbeSpec;
  /** Holds liveness off while the app boots (imports, migrations check, warm caches). */
  readonly startup: HttpProbeSpec;
}

/** One HPA scaling policy, exactly as autoscaling/v2 HPAScalingPolicy. */
export interface ScalingPolicySpec {
  readonly type: 'Percent' | 'Pods';
  readonly value: number;
  readonly periodSeconds: number;
}

export interface ScalingRulesSpec {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: 'Max' | 'Min' | 'Disabled';
  readonly policies: readonly ScalingPolicySpec[];
}

/** autoscaling/v2 HorizontalPodAutoscalerBehavior, with every field spelled out. */
export interface BehaviorSpec {
  readonly scaleUp: ScalingRulesSpec;
  readonly scaleDown: ScalingRulesSpec;
}

export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU utilization, % of the CPU request. */
  readonly cpuUtilization?: number;
  /** Target average memory utilization, % of the memory request. */
  readonly memoryUtilization?: number;
  /**
   * Target requests per second per pod, served to the HPA as a Pods metric
   * (named by {@link PlatformSpec.requestsPerSecondMetric}) by a custom-metrics adapter.
   */
  readonly requestsPerSecondPerPod?: number;
  /**
   * Peak requests per second one region's instance of the service must serve. With
   * `requestsPerSecondPerPod` it proves `maxReplicas` can carry the peak.
   */
  readonly peakRequestsPerSecond?: number;
  /** A named profile from `behaviorProfiles` or the built-in ones, or an inline behavior. */
  readonly behavior: string | BehaviorSpec;
}

/**
 * How many pods may be voluntarily evicted at once. Give at most one field;
 * by default `maxUnavailable: '10%'` (rounded up by Kubernetes, so never 0 with pods running).
 */
export interface DisruptionSpec {
  readonly maxUnavailable?: number | string;
  readonly minAvailable?: number | string;
}

export interface ShutdownSpec {
  /**
   * Seconds the container sleeps in preStop before SIGTERM, so endpoints and load balancers
   * stop sending new connections before the server stops accepting them.
   */
  readonly preStopSleepSeconds: number;
  /** Must exceed the preStop sleep plus the server's own drain time. */
  readonly terminationGracePeriodSeconds: number;
}

export interface RolloutSpec {
  /** @default '25%' */
  readonly maxSurge?: number | string;
  /** @default 0 (capacity never drops during a rollout) */
  readonly maxUnavailable?: number | string;
}

export interface ServiceSpec {
  /** `repo:tag` or `repo@sha256:<digest>`; never `latest`, never untagged. */
  readonly image: string;
  /** app.kubernetes.io/version. Derived from the tag when omitted; required with a bare digest. */
  readonly version?: string;
  /** app.kubernetes.io/component. @default 'api' */
  readonly component?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Plain configuration. Secrets are referenced by name through `secretEnv`, never inlined. */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables read from Secrets: `VAR: { secret: 'name', key: 'key' }`. */
  readonly secretEnv?: Readonly<Record<string, { readonly secret: string; readonly key: string }>>;
  /** Container (and Service) port. */
  readonly port: number;
  readonly resources: ResourcesSpec;
  readonly probes: ProbesSpec;
  /** A key of `PlatformSpec.nodePools`. */
  readonly nodePool: string;
  /** Fixed replica count, for workloads that are not autoscaled. Exclusive with `autoscaling`. */
  readonly replicas?: number;
  readonly autoscaling?: AutoscalingSpec;
  readonly disruption?: DisruptionSpec;
  readonly shutdown: ShutdownSpec;
  readonly rollout?: RolloutSpec;
  /** Mesh traffic policy and declared callers (DestinationRule, VirtualService, authorization). */
  readonly mesh?: ServiceMeshSpec;
  /** Event-driven scaling by KEDA (cron windows, queue depth) instead of a plain HPA. */
  readonly eventScaling?: ServiceEventScalingSpec;
}

/** What a region may change about a service; everything else is platform-wide. */
export interface ServiceOverride {
  readonly image?: string;
  readonly version?: string;
  readonly replicas?: number;
  readonly autoscaling?: Partial<AutoscalingSpec>;
  readonly resources?: ResourcesSpec;
  readonly env?: Readonly<Record<string, string>>;
  readonly disruption?: DisruptionSpec;
}

export interface NamespaceSpec {
  /** Extra labels on the Namespace object. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly services: Readonly<Record<string, ServiceSpec>>;
  /** Queue workers, beat, batch writers and stream consumers of this namespace. */
  readonly async?: AsyncWorkloadsSpec;
}

export interface TaintSpec {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A class of nodes: pods select it by label and tolerate its taint. */
export interface NodePoolSpec {
  readonly nodeLabels: Readonly<Record<string, string>>;
  readonly taint?: TaintSpec;
  /**
   * Allocatable CPU and memory of the pool in each region's cluster. When given, the validator
   * checks that the pool fits every workload at minReplicas (error) and at maxReplicas (warning).
   */
  readonly capacityPerRegion?: ResourceQuantities;
}

export interface RegionSpec {
  /** Availability zones of the region's cluster; pods spread across them. */
  readonly zones: readonly string[];
  /** Explicit per-region changes, keyed by service name. */
  readonly services?: Readonly<Record<string, ServiceOverride>>;
}

export interface PlatformSpec {
  /** DNS-1123 label; the first segment of every error path and the dist/ folder name. */
  readonly name: string;
  readonly description?: string;
  /** app.kubernetes.io/part-of. @default name */
  readonly partOf?: string;
  readonly nodePools: Readonly<Record<string, NodePoolSpec>>;
  readonly regions: Readonly<Record<string, RegionSpec>>;
  readonly namespaces: Readonly<Record<string, NamespaceSpec>>;
  /** Platform-specific behavior profiles, added to the built-in ones. */
  readonly behaviorProfiles?: Readonly<Record<string, BehaviorSpec>>;
  /** Pods metric name for requests per second. @default 'http_requests_per_second' */
  readonly requestsPerSecondMetric?: string;
  /** Mesh-wide settings: circuit-breaker profiles, mTLS, tracing, the edge. */
  readonly mesh?: MeshPlatformSpec;
  /** Where Argo CD finds the rendered manifests. */
  readonly gitops?: GitOpsSpec;
}

export interface GitOpsSpec {
  readonly repoURL: string;
  /** @default 'main' */
  readonly targetRevision?: string;
  /** Argo CD AppProject. @default 'default' */
  readonly project?: string;
}
