import type { CapacityPlanModel } from './capacity-plan';
/**
 * The resolved platform model: what the spec means once region overrides, defaults and
 * references are applied, computed once by `resolvePlatform`. Charts and constructs read this,
 * never the raw spec: platform → clusters (one per region) → namespaces → workloads.
 */
import type { AuthPolicySpec, CircuitBreakerProfileSpec, ExternalPortProtocol, LoadBalancerSpec, RateLimitSpec } from '../spec/mesh/types';
import type { BehaviorSpec, NodePoolSpec, ServiceSpec } from '../spec/types';
import type {
  BatchWriterSpec, BrokerSpec, CeleryBeatSpec, CelerySpec, KafkaConsumerSpec, PriorityTier, WorkerQueueSpec,
} from '../spec/workers/types';
import type { WorkloadIdentity } from './identity';
import type { Workload } from './workloads/index';

/** Pods a workload must reach: one NetworkPolicy egress rule each. */
export interface EgressPeer {
  readonly namespace: string;
  /** @default every pod of `namespace` */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly port: number;
  /** @default ['TCP'] */
  readonly protocols?: readonly ('TCP' | 'UDP')[];
}

/** Fields every workload kind has. `kind` discriminates the union. */
export interface WorkloadBase {
  /** The spec key (service, queue, writer or consumer name). */
  readonly key: string;
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  readonly region: string;
  /** The workload's own spec path, e.g. `shop.namespaces.store.services.web`. */
  readonly path: string;
  /** The spec path that decides `field` in this region: the region override when it sets the field. */
  pathOf(field: string): string;
  readonly nodePool: NodePoolSpec;
}

export interface MetricsPort {
  readonly name: string;
  readonly port: number;
  readonly path: string;
}

/** Mesh facts of one HTTP service, resolved from the mesh graph. */
export interface ServiceMesh {
  /** `<service>.<namespace>.svc.<cluster domain>`. */
  readonly host: string;
  readonly circuitBreaker?: CircuitBreakerProfileSpec;
  readonly loadBalancer?: LoadBalancerSpec;
  /** Version subsets of the DestinationRule: subset name → app.kubernetes.io/version. */
  readonly subsets: Readonly<Record<string, string>>;
  readonly destinations: readonly { readonly host: string; readonly port: number; readonly subset?: string; readonly weight?: number }[];
  readonly timeout?: string;
  /** The spec's retries, else MESH_DEFAULTS.retries: always rendered, never Istio's built-in policy. */
  readonly retries: { readonly attempts: number; readonly perTryTimeout?: string; readonly retryOn: readonly string[] };
  /** DestinationRule connectionPool.http.maxRetries: the profile's, else MESH_DEFAULTS.retryBudget. */
  readonly retryBudget: number;
  /** Workloads allowed in: namespace, pod labels and SPIFFE principal. */
  readonly callers: readonly MeshCaller[];
  /** Platform services this one connects to (declared calls and their split targets). */
  readonly callees: readonly MeshPeer[];
  /** Declared out-of-mesh dependencies, resolved. */
  readonly external: readonly { readonly cidrs?: readonly string[]; readonly namespace?: string; readonly podLabels?: Readonly<Record<string, string>>; readonly ports: readonly number[] }[];
  /** The Kong route, when the service is exposed at the edge. */
  readonly expose?: {
    readonly ingressClassName: string;
    readonly paths: readonly string[];
    readonly rateLimit?: RateLimitSpec;
    readonly auth?: AuthPolicySpec;
  };
}

export interface MeshCaller {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly principal: string;
}

export interface MeshPeer {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly podLabels: Readonly<Record<string, string>>;
}

export interface HttpServiceWorkload extends WorkloadBase {
  readonly kind: 'http-service';
  /** The service as this region runs it (override merged). */
  readonly spec: ServiceSpec;
  /** The HPA behavior (its own, or the one of the HPA KEDA creates under `eventScaling`). */
  readonly behavior?: BehaviorSpec;
  readonly requestsPerSecondMetric: string;
  /** Annotations of the Service object only (e.g. Kong's upstream settings when exposed). */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  /** The Service port (and path) Prometheus scrapes: Istio's merged-metrics port under the mesh, else the app's own. */
  readonly metricsPort: MetricsPort;
  /** The serving PriorityClass: above every worker tier. */
  readonly priorityClassName: string;
  readonly mesh?: ServiceMesh;
}

/** What every KEDA-scaled async workload shares. */
interface ScaledAsyncWorkload extends WorkloadBase {
  readonly brokerKey: string;
  readonly broker: BrokerSpec;
  readonly priorityClassName: string;
  /** Behavior of the HPA that KEDA creates. */
  readonly behavior: BehaviorSpec;
  /** The broker first, then the other targets. */
  readonly egress: readonly EgressPeer[];
}

export interface QueueWorkerWorkload extends ScaledAsyncWorkload {
  readonly kind: 'queue-worker';
  /** The Celery queue, e.g. `high_priority`. */
  readonly queue: string;
  readonly spec: WorkerQueueSpec;
  readonly celery: CelerySpec;
  readonly triggerAuthName: string;
}

export interface BeatWorkload extends WorkloadBase {
  readonly kind: 'beat';
  readonly spec: CeleryBeatSpec;
  readonly celery: CelerySpec;
  readonly brokerKey: string;
  readonly broker: BrokerSpec;
  readonly priorityClassName: string;
  readonly egress: readonly EgressPeer[];
}

export interface BatchWriterWorkload extends ScaledAsyncWorkload {
  readonly kind: 'batch-writer';
  readonly spec: BatchWriterSpec;
  readonly triggerAuthName: string;
}

export interface KafkaConsumerWorkload extends ScaledAsyncWorkload {
  readonly kind: 'kafka-consumer';
  readonly spec: KafkaConsumerSpec;
  /** Only when the broker authenticates (SASL). */
  readonly triggerAuthName?: string;
}

// The `Workload` union and its registry live in ./workloads/index.ts, so a new kind is registered in one file.
export type { Workload, WorkloadKind } from './workloads/index';

/** A KEDA scaler parameter read from a Secret key. */
export interface SecretParameter {
  readonly parameter: string;
  readonly secret: string;
  readonly key: string;
}

export interface TriggerAuthModel {
  readonly brokerKey: string;
  readonly name: string;
  readonly parameters: readonly SecretParameter[];
}

export interface NamespaceModel {
  readonly name: string;
  /** Extra labels of the Namespace object from the spec. */
  readonly labels: Readonly<Record<string, string>>;
  /** In render order: HTTP services, then queue workers, beat, batch writers, Kafka consumers (each by name). */
  readonly workloads: readonly Workload[];
  /** TriggerAuthentications of the brokers the scaled workloads read, by broker name. */
  readonly triggerAuths: readonly TriggerAuthModel[];
  /** ServiceEntries of the external services this namespace's services call (hosts only). */
  readonly serviceEntries: readonly {
    readonly name: string; readonly hosts: readonly string[]; readonly ports: readonly { readonly number: number; readonly protocol: ExternalPortProtocol }[];
    /** Review facts rendered as annotations: the dependency's size and connection budget. */
    readonly annotations: Readonly<Record<string, string>>;
  }[];
  /** Node pools used by this namespace's workloads that carry node-level tuning, by pool name. */
  readonly nodeTuning: readonly { readonly pool: string; readonly tuning: import('../spec/types').NodeTuningSpec }[];
  /** Pods of this namespace the compiler does not size: declared external services and brokers, operator-run data clusters. */
  readonly foreignPods: readonly string[];
}

export interface ClusterModel {
  /** The region; one cluster each. */
  readonly region: string;
  readonly zones: readonly string[];
  readonly namespaces: readonly NamespaceModel[];
  /** Declared services this region does not run (`regions.<r>.runsOnly`), by name. */
  readonly servicesNotRun: readonly string[];
}

export interface PeerPodsModel {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
}

/** Mesh-wide settings with their defaults. */
export interface MeshModel {
  readonly clusterDomain: string;
  readonly trustDomain: string;
  readonly dns: PeerPodsModel;
  readonly controlPlane: PeerPodsModel;
  readonly monitoring: PeerPodsModel;
  readonly tracing?: { readonly provider: string; readonly samplingPercentage: number; readonly collector: PeerPodsModel };
}

export interface EdgeControllerModel {
  readonly ingressClassName: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
}

/** The edge (NLB → NGINX → Kong → mesh) with every default filled in. */
export interface EdgeModel {
  readonly namespace: string;
  readonly hosts: readonly string[];
  readonly issuer: import('../spec/mesh/types').IssuerSpec;
  readonly tlsSecretName: string;
  readonly loadBalancer: { readonly serviceName: string; readonly scheme: 'internet-facing' | 'internal'; readonly sourceRanges: readonly string[] };
  readonly apiServer: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  readonly nginx: EdgeControllerModel;
  readonly kong: EdgeControllerModel & { readonly proxyPort: number; readonly replicas: number; readonly resources?: KongResources };
  readonly kongService: { readonly name: string; readonly port: number; readonly host: string };
  readonly nginxPrincipal: string;
  /** Pods of every exposed service (and their split targets): Kong's egress. */
  readonly upstreams: readonly { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly port: number }[];
  readonly http01Solver: boolean;
}

export interface GitOpsModel {
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly project: string;
  readonly description: string;
}

/** What the monitors and alert rules need, with every default applied. */
export interface ObservabilityModel {
  /** Sidecars everywhere: scrape Istio's merged-metrics port, and the golden signals come from istio_* series. */
  readonly meshed: boolean;
  /** The availability target as a ratio, e.g. 0.9999. */
  readonly availability: number;
  /** 1 − availability: the fraction of requests allowed to fail over the SLO period. */
  readonly errorBudget: number;
  readonly sloPeriodDays: number;
  readonly thresholds: typeof import('./defaults').OBSERVABILITY_DEFAULTS;
  readonly sloWindows: typeof import('./defaults').SLO_BURN_WINDOWS;
  /** Where alerts go, when the spec declares `observability.alerting`. */
  readonly alerting?: AlertingModel;
}

/** `observability.alerting` resolved: the AlertmanagerConfig of every cluster. */
export interface AlertingModel {
  readonly name: string;
  readonly namespace: string;
  readonly receivers: readonly { readonly name: string; readonly channel: import('../spec/schema/infer').Spec<typeof import('../spec/schema/alerting').alertReceiverSchema> }[];
  /** By severity, in the order the spec lists them. */
  readonly routes: readonly { readonly severity: string; readonly receiver: string; readonly repeatInterval: string }[];
}

export interface PlatformModel {
  readonly name: string;
  /** app.kubernetes.io/part-of. */
  readonly partOf: string;
  readonly clusters: readonly ClusterModel[];
  /** PriorityClass tiers the async workloads use (platform-wide), in first-use order. */
  readonly priorityTiers: readonly PriorityTier[];
  /** The serving PriorityClass (HTTP services, edge controllers), when the platform has either. */
  readonly servingPriorityClassName?: string;
  readonly mesh?: MeshModel;
  readonly edge?: EdgeModel;
  readonly gitops: GitOpsModel;
  readonly observability: ObservabilityModel;
  /** The load the platform is sized for and its unit prices (`plan --capacity`), when the spec has a plan. */
  readonly capacityPlan?: CapacityPlanModel;
  /** The k6 test of each region, when the platform has a front door and a load to test with. */
  readonly loadTest?: LoadTestModel;
}

/** Requests and limits of each Kong proxy container (the kong add-on's Helm `resources`). */
export interface KongResources {
  readonly requests: { readonly cpu?: string; readonly memory?: string };
  readonly limits: { readonly cpu?: string; readonly memory?: string };
}

export interface LoadTestModel {
  /** What every virtual user requests: the first edge host and path, else the first autoscaled Service. */
  readonly url: string;
  /** Peak of each region's test, req/s (the seed-000 stages are scaled to it). */
  readonly requestsPerSecond: Readonly<Record<string, number>>;
}
