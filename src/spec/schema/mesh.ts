/**
 * Service mesh (Istio) and edge (NLB → NGINX Ingress → Kong → mesh) spec.
 *
 * Durations are Go/Istio duration strings of one unit: `'250ms'`, `'3s'`, `'5m'`, `'1h'`; their
 * format, and every name that points elsewhere, is checked by `checkMesh` with its path.
 */
import { z } from 'zod';
import { finite, int32, mapOf, named, port, stringMap } from './primitives';
import { resourceQuantitiesSchema } from './common';
import { externalConnectionBudgetSchema } from './tuning';

export const durationSchema = named('Duration', z.string().describe("A Go/Istio duration of one unit: '250ms', '3s', '5m', '1h'."));

export const connectionPoolSchema = z.strictObject({
  tcp: z.strictObject({
    maxConnections: int32().optional(),
    connectTimeout: durationSchema.optional(),
  }).optional(),
  http: z.strictObject({
    http1MaxPendingRequests: int32().optional()
      .describe('Requests queued while waiting for a connection; beyond this the caller gets 503 at once.'),
    http2MaxRequests: int32().optional().describe('Concurrent requests to the destination.'),
    maxRequestsPerConnection: int32().optional()
      .describe('Requests per upstream connection before it is recycled (spreads load onto new pods). 0 = unlimited.'),
    maxRetries: int32().optional()
      .describe('Retries outstanding at once across all hosts: a retry budget against retry storms. 1 up to http2MaxRequests (0 would be Istio\'s unlimited). @default 20 % of http2MaxRequests, else 3'),
    idleTimeout: durationSchema.optional()
      .describe("Idle upstream connections are closed after this; keep it below the server's keep-alive."),
  }).optional(),
}).describe('Istio connectionPool: how much one calling sidecar may send to the destination at once.');

export const outlierDetectionSchema = z.strictObject({
  consecutive5xxErrors: int32().optional(),
  consecutiveGatewayErrors: int32().optional(),
  interval: durationSchema.describe('Sweep interval; ejected pods return at the first sweep after their ejection time.'),
  baseEjectionTime: durationSchema
    .describe('Minimum ejection time; Envoy multiplies it by the number of times the pod was ejected.'),
  maxEjectionPercent: int32().optional().describe('@default 10 (Istio)'),
  minHealthPercent: int32().optional().describe('@default 0 (Istio): panic mode off.'),
}).describe('Istio outlierDetection: per-pod ejection after consecutive errors.');

export const circuitBreakerProfileSchema = named('CircuitBreakerProfile', z.strictObject({
  timeout: durationSchema.optional()
    .describe('Route timeout callers get (VirtualService `timeout`) unless the service sets its own.'),
  connectionPool: connectionPoolSchema.optional(),
  outlierDetection: outlierDetectionSchema,
}).describe('A named circuit breaker: the caller-side resilience of one destination service.'));

export const loadBalancerAlgorithmSchema = z.enum(['ROUND_ROBIN', 'LEAST_REQUEST', 'CONSISTENT_HASH']);

export const loadBalancerSchema = z.strictObject({
  algorithm: loadBalancerAlgorithmSchema.describe("@default 'LEAST_REQUEST'"),
  hashBy: z.strictObject({
    header: z.string().optional(),
    cookie: z.strictObject({ name: z.string(), ttl: durationSchema.optional(), path: z.string().optional() }).optional()
      .describe('Envoy sets the cookie when absent if `ttl` is given.'),
    sourceIp: z.boolean().optional(),
  }).optional().describe('Session-affinity key, required with CONSISTENT_HASH: exactly one field.'),
});

export const retriesSchema = z.strictObject({
  attempts: int32().describe('Retries after the first try (Istio `attempts`): up to attempts + 1 tries in all.'),
  perTryTimeout: durationSchema,
  retryOn: z.array(z.string())
    .describe('Envoy retry conditions (e.g. `connect-failure`, `gateway-error`) or HTTP status codes.'),
  idempotent: z.boolean().optional()
    .describe('Every request of this route is safe to run twice (GET, PUT, DELETE, or writes keyed by an idempotency key). Required to retry on conditions that fire after a server may have run the request (`5xx`, `gateway-error`, `reset`, `retriable-4xx`, status codes such as 503): without it a non-idempotent POST is executed again, and under overload every retry adds load. Conditions where the request never reached a server (`connect-failure`, `refused-stream`, `reset-before-request`) need no opt-in. @default false'),
});

export const trafficSplitTargetSchema = z.strictObject({
  weight: int32(),
  version: z.string().optional(),
  service: z.string().optional(),
}).describe('One weighted destination of a canary / weighted split. Either a version subset of this service (pods of the same Service whose `app.kubernetes.io/version` is `version`; without `version`, the version this compiler renders) or another declared service (`service`).');

export const edgeExposureSchema = z.strictObject({
  paths: z.array(z.string()).describe('Path prefixes, e.g. `/v1/`. Unique across the platform (Kong matches on path).'),
  rateLimit: z.string().optional().describe('A key of `mesh.edge.rateLimits`.'),
  auth: z.string().optional().describe('A key of `mesh.edge.auth`.'),
}).describe('Publication through the edge: Kong routes these paths to the service.');

export const serviceMeshSchema = named('ServiceMesh', z.strictObject({
  circuitBreaker: z.string().optional()
    .describe('A key of `mesh.circuitBreakers` or a built-in profile. @default mesh.defaultCircuitBreaker'),
  loadBalancer: loadBalancerSchema.optional().describe("@default { algorithm: 'LEAST_REQUEST' }"),
  timeout: durationSchema.optional()
    .describe("Route timeout. @default the circuit breaker's timeout, else none (Istio: unlimited)"),
  retries: retriesSchema.optional().describe("@default { attempts: 2, retryOn: [connect-failure, refused-stream, reset-before-request] } (never Istio's built-in policy, which retries 503), within the circuit breaker's retry budget (connectionPool.http.maxRetries, default 20 % of http2MaxRequests or 3)"),
  trafficSplit: mapOf(trafficSplitTargetSchema).optional()
    .describe('Weighted destinations by name (canaries, weighted round robin). Weights sum to 100.'),
  calls: z.array(z.string()).optional()
    .describe('Platform services this service calls. Only declared callers are let in (mTLS identity + NetworkPolicy).'),
  callsExternal: z.array(z.string()).optional().describe('Keys of `mesh.externalServices` this service calls.'),
  expose: edgeExposureSchema.optional().describe('Publish the service at the edge.'),
}).describe('Mesh traffic policy and declared callers (DestinationRule, VirtualService, authorization).'));

export const peerPodsSchema = named('PeerPods', z.strictObject({
  namespace: z.string(),
  podLabels: stringMap().optional().describe('@default every pod of the namespace'),
  ports: z.array(port()).optional(),
}).describe('Pods of a component outside this spec (istiod, CoreDNS, Prometheus, a data store).'));

export const tracingSchema = z.strictObject({
  provider: z.string().optional()
    .describe("Name of the tracing extensionProvider in Istio's MeshConfig (installed with istiod). @default 'jaeger'"),
  samplingPercentage: finite()
    .describe('Percentage of requests traced, 0–100 (decimals allowed: 0.1 = one in a thousand).'),
  collector: peerPodsSchema.describe('The Jaeger collector every sidecar reports spans to (opened in NetworkPolicy).'),
});

export const externalPortProtocolSchema = z.enum(['TCP', 'TLS', 'HTTP', 'HTTPS', 'GRPC']);

export const externalServiceSchema = named('ExternalService', z.strictObject({
  hosts: z.array(z.string()).optional(),
  cidrs: z.array(z.string()).optional(),
  namespace: z.string().optional(),
  podLabels: stringMap().optional(),
  ports: z.array(z.strictObject({ number: port(), protocol: externalPortProtocolSchema })),
  connectionBudget: externalConnectionBudgetSchema.optional(),
  sizing: z.strictObject({ shards: int32().min(1), replicasPerShard: int32().min(1) }).optional()
    .describe("The dependency's size in each region (e.g. a sharded database), for review: rendered as annotations of its ServiceEntry."),
}).describe('A dependency not declared as a platform service. Out of cluster: `hosts` (rendered as an Istio ServiceEntry) and `cidrs` (NetworkPolicy matches addresses, never DNS names). In cluster (e.g. an operator-managed data store): `namespace` and `podLabels`.'));

export const acmeIssuerSchema = z.strictObject({
  server: z.string(),
  email: z.string(),
  privateKeySecretName: z.string()
    .describe('Secret (by name) holding the ACME account key; cert-manager creates it.'),
  solver: z.union([
    z.strictObject({ dns01Route53: z.strictObject({ region: z.string(), hostedZoneID: z.string().optional() }) }),
    z.strictObject({ http01: z.strictObject({}) }),
  ]).describe("DNS-01 through Route 53 (credentials from the pod's IAM role, no Secret), or HTTP-01 through the NGINX ingress class. Multi-region clusters behind one geo-routed name need DNS-01: an HTTP-01 challenge may be answered by another region's cluster."),
});

export const issuerSchema = z.strictObject({
  name: z.string(),
  acme: acmeIssuerSchema.optional(),
  ca: z.strictObject({ secretName: z.string() }).optional(),
}).describe('The ClusterIssuer: ACME or a CA whose key pair is a Secret referenced by name.');

export const rateLimitKeySchema = z.enum(['consumer', 'credential', 'ip', 'header']);

export const rateLimitSchema = named('RateLimit', z.strictObject({
  second: finite().optional(),
  minute: finite().optional(),
  hour: finite().optional(),
  limitBy: rateLimitKeySchema,
  headerName: z.string().optional().describe("Required with limitBy 'header'."),
}).describe('Kong `rate-limiting` plugin, counted by each Kong pod on its own (policy local: no shared store on the hot path). A client spread across the pods gets up to `kong.replicas` × the limit; the validator warns with the effective figure (rule rate-limit-per-pod).'));

export const authPolicySchema = named('AuthPolicy', z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('jwt'),
    claimsToVerify: z.array(z.enum(['exp', 'nbf'])).optional(),
    keyClaimName: z.string().optional(),
    maximumExpiration: finite().optional(),
  }),
  z.strictObject({
    type: z.literal('key-auth'),
    keyNames: z.array(z.string()).optional(),
    hideCredentials: z.boolean().optional(),
  }),
]).describe('Kong auth plugin. Consumers and their credentials live in Secrets, managed outside this spec.'));

export const edgeControllerSchema = named('EdgeController', z.strictObject({
  ingressClassName: z.string().optional(),
  podLabels: stringMap().optional(),
  serviceAccount: z.string().optional(),
}));

export const edgeSchema = named('Edge', z.strictObject({
  namespace: z.string().optional().describe("Namespace of the two ingress tiers (created by the compiler). @default 'edge'"),
  hosts: z.array(z.string()).describe("Public host names: the certificate's DNS names and the NGINX Ingress rules."),
  issuer: issuerSchema,
  tlsSecretName: z.string().optional().describe("Secret the certificate is written to. @default 'edge-tls'"),
  loadBalancer: z.strictObject({
    scheme: z.enum(['internet-facing', 'internal']),
    sourceRanges: z.array(z.string()).optional()
      .describe("Client ranges allowed in (NLB security group and NetworkPolicy). @default ['0.0.0.0/0']"),
  }).describe('The NLB in front of NGINX (AWS Load Balancer Controller).'),
  apiServer: z.strictObject({ cidrs: z.array(z.string()), ports: z.array(port()).optional() })
    .describe("Kubernetes API server addresses: both controllers watch the API, and it calls NGINX's admission webhook."),
  nginx: edgeControllerSchema.optional()
    .describe('The ingress-nginx controller (installed separately, its own Service disabled).'),
  kong: edgeControllerSchema.extend({
    proxyPort: port().optional(),
    replicas: int32().optional().describe('Kong pods per cluster (Helm `replicaCount`). Rate limits count per pod, so this multiplies them. @default 2'),
    resources: z.strictObject({ requests: resourceQuantitiesSchema, limits: resourceQuantitiesSchema }).optional()
      .describe("Requests and limits of each Kong proxy container (Helm `resources`). @default the chart's"),
  }).optional()
    .describe('The Kong gateway (installed separately, DB-less, with an Istio sidecar).'),
  rateLimits: mapOf(rateLimitSchema).optional(),
  auth: mapOf(authPolicySchema).optional(),
}));

export const meshPlatformSchema = named('MeshPlatform', z.strictObject({
  clusterDomain: z.string().optional().describe("@default 'cluster.local'"),
  trustDomain: z.string().optional().describe("SPIFFE trust domain of workload identities. @default 'cluster.local'"),
  circuitBreakers: mapOf(circuitBreakerProfileSchema).optional()
    .describe('Platform circuit-breaker profiles, added to the built-in ones.'),
  defaultCircuitBreaker: z.string().optional()
    .describe('Profile for services that name none. @default none (only mTLS and load balancing)'),
  controlPlane: peerPodsSchema.optional()
    .describe('istiod: every sidecar fetches config and certificates from it. @default istio-system, app=istiod, 15012'),
  dns: peerPodsSchema.optional().describe('Cluster DNS. @default kube-system, k8s-app=kube-dns, 53 (UDP and TCP)'),
  monitoring: peerPodsSchema
    .describe('Prometheus; `ports` are the pod ports it scrapes. @default ports [15020, 15090] (merged app + Envoy metrics)'),
  tracing: tracingSchema.optional(),
  externalServices: mapOf(externalServiceSchema).optional(),
  edge: edgeSchema.optional(),
}).describe('Mesh-wide settings: circuit-breaker profiles, mTLS, tracing, the edge.'));
