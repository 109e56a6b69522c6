/**
 * Service mesh (Istio) and edge (NLB → NGINX Ingress → Kong → mesh) spec.
 *
 * Durations are Go/Istio duration strings of one unit: `'250ms'`, `'3s'`, `'5m'`, `'1h'`.
 * Every name that points elsewhere (profiles, services, external services, edge policies) is
 * checked by `checkMesh` and reported with its path.
 */

export type Duration = string;

/** Istio connectionPool: how much one calling sidecar may send to the destination at once. */
export interface ConnectionPoolSpec {
  readonly tcp?: {
    readonly maxConnections?: number;
    readonly connectTimeout?: Duration;
  };
  readonly http?: {
    /** Requests queued while waiting for a connection; beyond this the caller gets 503 at once. */
    readonly http1MaxPendingRequests?: number;
    /** Concurrent requests to the destination. */
    readonly http2MaxRequests?: number;
    /** Requests per upstream connection before it is recycled (spreads load onto new pods). 0 = unlimited. */
    readonly maxRequestsPerConnection?: number;
    /** Retries outstanding at once across all hosts: a retry budget against retry storms. */
    readonly maxRetries?: number;
    /** Idle upstream connections are closed after this; keep it below the server's keep-alive. */
    readonly idleTimeout?: Duration;
  };
}

/** Istio outlierDetection: per-pod ejection after consecutive errors. */
export interface OutlierDetectionSpec {
  readonly consecutive5xxErrors?: number;
  readonly consecutiveGatewayErrors?: number;
  /** Sweep interval; ejected pods return at the first sweep after their ejection time. */
  readonly interval: Duration;
  /** Minimum ejection time; Envoy multiplies it by the number of times the pod was ejected. */
  readonly baseEjectionTime: Duration;
  /** @default 10 (Istio) */
  readonly maxEjectionPercent?: number;
  /** @default 0 (Istio): panic mode off. */
  readonly minHealthPercent?: number;
}

/** A named circuit breaker: the caller-side resilience of one destination service. */
export interface CircuitBreakerProfileSpec {
  /** Route timeout callers get (VirtualService `timeout`) unless the service sets its own. */
  readonly timeout?: Duration;
  readonly connectionPool?: ConnectionPoolSpec;
  readonly outlierDetection: OutlierDetectionSpec;
}

export type LoadBalancerAlgorithm = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'CONSISTENT_HASH';

export interface LoadBalancerSpec {
  /** @default 'LEAST_REQUEST' */
  readonly algorithm: LoadBalancerAlgorithm;
  /** Session-affinity key, required with CONSISTENT_HASH: exactly one field. */
  readonly hashBy?: {
    readonly header?: string;
    /** Envoy sets the cookie when absent if `ttl` is given. */
    readonly cookie?: { readonly name: string; readonly ttl?: Duration; readonly path?: string };
    readonly sourceIp?: boolean;
  };
}

export interface RetriesSpec {
  /** Retries after the first try (Istio `attempts`): up to attempts + 1 tries in all. */
  readonly attempts: number;
  readonly perTryTimeout: Duration;
  /** Envoy retry conditions (e.g. `connect-failure`, `gateway-error`) or HTTP status codes. */
  readonly retryOn: readonly string[];
}

/**
 * One weighted destination of a canary / weighted split. Either a version subset of this
 * service (pods of the same Service whose `app.kubernetes.io/version` is `version`; without
 * `version`, the version this compiler renders) or another declared service (`service`).
 */
export interface TrafficSplitTargetSpec {
  readonly weight: number;
  readonly version?: string;
  readonly service?: string;
}

/** Publication through the edge: Kong routes these paths to the service. */
export interface EdgeExposureSpec {
  /** Path prefixes, e.g. `/v1/`. Unique across the platform (Kong matches on path). */
  readonly paths: readonly string[];
  /** A key of `mesh.edge.rateLimits`. */
  readonly rateLimit?: string;
  /** A key of `mesh.edge.auth`. */
  readonly auth?: string;
}

export interface ServiceMeshSpec {
  /** A key of `mesh.circuitBreakers` or a built-in profile. @default mesh.defaultCircuitBreaker */
  readonly circuitBreaker?: string;
  /** @default { algorithm: 'LEAST_REQUEST' } */
  readonly loadBalancer?: LoadBalancerSpec;
  /** Route timeout. @default the circuit breaker's timeout, else none (Istio: unlimited) */
  readonly timeout?: Duration;
  /** @default none rendered (Istio's built-in retries apply) */
  readonly retries?: RetriesSpec;
  /** Weighted destinations by name (canaries, weighted round robin). Weights sum to 100. */
  readonly trafficSplit?: Readonly<Record<string, TrafficSplitTargetSpec>>;
  /** Platform services this service calls. Only declared callers are let in (mTLS identity + NetworkPolicy). */
  readonly calls?: readonly string[];
  /** Keys of `mesh.externalServices` this service calls. */
  readonly callsExternal?: readonly string[];
  /** Publish the service at the edge. */
  readonly expose?: EdgeExposureSpec;
}

/** Pods of a component outside this spec (istiod, CoreDNS, Prometheus, a data store). */
export interface PeerPodsSpec {
  readonly namespace: string;
  /** @default every pod of the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly ports?: readonly number[];
}

export interface TracingSpec {
  /** Name of the tracing extensionProvider in Istio's MeshConfig (installed with istiod). @default 'jaeger' */
  readonly provider?: string;
  /** Percentage of requests traced, 0–100 (decimals allowed: 0.1 = one in a thousand). */
  readonly samplingPercentage: number;
  /** The Jaeger collector every sidecar reports spans to (opened in NetworkPolicy). */
  readonly collector: PeerPodsSpec;
}

export type ExternalPortProtocol = 'TCP' | 'TLS' | 'HTTP' | 'HTTPS' | 'GRPC';

/**
 * A dependency not declared as a platform service. Out of cluster: `hosts` (rendered as an Istio
 * ServiceEntry) and `cidrs` (NetworkPolicy matches addresses, never DNS names). In cluster
 * (e.g. an operator-managed data store): `namespace` and `podLabels`.
 */
export interface ExternalServiceSpec {
  readonly hosts?: readonly string[];
  readonly cidrs?: readonly string[];
  readonly namespace?: string;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly ports: readonly { readonly number: number; readonly protocol: ExternalPortProtocol }[];
}

export interface AcmeIssuerSpec {
  readonly server: string;
  readonly email: string;
  /** Secret (by name) holding the ACME account key; cert-manager creates it. */
  readonly privateKeySecretName: string;
  /**
   * DNS-01 through Route 53 (credentials from the pod's IAM role, no Secret), or HTTP-01 through
   * the NGINX ingress class. Multi-region clusters behind one geo-routed name need DNS-01: an
   * HTTP-01 challenge may be answered by another region's cluster.
   */
  readonly solver: { readonly dns01Route53: { readonly region: string; readonly hostedZoneID?: string } } | { readonly http01: Record<string, never> };
}

/** The ClusterIssuer: ACME or a CA whose key pair is a Secret referenced by name. */
export interface IssuerSpec {
  readonly name: string;
  readonly acme?: AcmeIssuerSpec;
  readonly ca?: { readonly secretName: string };
}

export type RateLimitKey = 'consumer' | 'credential' | 'ip' | 'header';

/** Kong `rate-limiting` plugin, counted per Kong node (policy local: no shared store on the hot path). */
export interface RateLimitSpec {
  readonly second?: number;
  readonly minute?: number;
  readonly hour?: number;
  readonly limitBy: RateLimitKey;
  /** Required with limitBy 'header'. */
  readonly headerName?: string;
}

/** Kong auth plugin. Consumers and their credentials live in Secrets, managed outside this spec. */
export type AuthPolicySpec =
  | { readonly type: 'jwt'; readonly claimsToVerify?: readonly ('exp' | 'nbf')[]; readonly keyClaimName?: string; readonly maximumExpiration?: number }
  | { readonly type: 'key-auth'; readonly keyNames?: readonly string[]; readonly hideCredentials?: boolean };

export interface EdgeSpec {
  /** Namespace of the two ingress tiers (created by the compiler). @default 'edge' */
  readonly namespace?: string;
  /** Public host names: the certificate's DNS names and the NGINX Ingress rules. */
  readonly hosts: readonly string[];
  readonly issuer: IssuerSpec;
  /** Secret the certificate is written to. @default 'edge-tls' */
  readonly tlsSecretName?: string;
  /** The NLB in front of NGINX (AWS Load Balancer Controller). */
  readonly loadBalancer: {
    readonly scheme: 'internet-facing' | 'internal';
    /** Client ranges allowed in (NLB security group and NetworkPolicy). @default ['0.0.0.0/0'] */
    readonly sourceRanges?: readonly string[];
  };
  /** Kubernetes API server addresses: both controllers watch the API, and it calls NGINX's admission webhook. */
  readonly apiServer: { readonly cidrs: readonly string[]; readonly ports?: readonly number[] };
  /** The ingress-nginx controller (installed separately, its own Service disabled). */
  readonly nginx?: EdgeControllerSpec;
  /** The Kong gateway (installed separately, DB-less, with an Istio sidecar). */
  readonly kong?: EdgeControllerSpec & { readonly proxyPort?: number };
  readonly rateLimits?: Readonly<Record<string, RateLimitSpec>>;
  readonly auth?: Readonly<Record<string, AuthPolicySpec>>;
}

export interface EdgeControllerSpec {
  readonly ingressClassName?: string;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly serviceAccount?: string;
}

export interface MeshPlatformSpec {
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** SPIFFE trust domain of workload identities. @default 'cluster.local' */
  readonly trustDomain?: string;
  /** Platform circuit-breaker profiles, added to the built-in ones. */
  readonly circuitBreakers?: Readonly<Record<string, CircuitBreakerProfileSpec>>;
  /** Profile for services that name none. @default none (only mTLS and load balancing) */
  readonly defaultCircuitBreaker?: string;
  /** istiod: every sidecar fetches config and certificates from it. @default istio-system, app=istiod, 15012 */
  readonly controlPlane?: PeerPodsSpec;
  /** Cluster DNS. @default kube-system, k8s-app=kube-dns, 53 (UDP and TCP) */
  readonly dns?: PeerPodsSpec;
  /** Prometheus; `ports` are the pod ports it scrapes. @default ports [15020, 15090] (merged app + Envoy metrics) */
  readonly monitoring: PeerPodsSpec;
  readonly tracing?: TracingSpec;
  readonly externalServices?: Readonly<Record<string, ExternalServiceSpec>>;
  readonly edge?: EdgeSpec;
}
