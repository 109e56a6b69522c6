/**
 * Every default the compiler applies where the spec is silent, in one table. The model fills
 * them in (src/model/resolve.ts); validators and constructs read the same constants, and each
 * spec field's `@default` doc comment names the value written here. This file imports nothing,
 * so any layer may read it without an import cycle.
 */

/** HTTP services (`ServiceSpec`). */
export const SERVICE_DEFAULTS = {
  /** app.kubernetes.io/component. */
  component: 'api',
  /** Pods metric the HPA reads for requests per second (`PlatformSpec.requestsPerSecondMetric`). */
  requestsPerSecondMetric: 'http_requests_per_second',
  /** `HttpProbeSpec` fields; successThreshold is always 1 (Kubernetes requires it for liveness and startup). */
  probe: { periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, initialDelaySeconds: 0, successThreshold: 1 },
  /** `RolloutSpec`: capacity never drops during a rollout. */
  rollout: { maxSurge: '25%', maxUnavailable: 0 },
  /** A service without autoscaling and without `replicas` runs one pod (the Deployment default). */
  replicas: 1,
  revisionHistoryLimit: 5,
} as const;

/**
 * Ephemeral storage per container: room for the 256 MiB /tmp volume and rotated logs. The
 * kubelet evicts a pod past its limit, so a runaway writer loses its pod, not the node.
 */
export const DEFAULT_EPHEMERAL_STORAGE = { request: '256Mi', limit: '1Gi' } as const;

/** Size of the writable /tmp emptyDir every workload mounts (the root filesystem is read-only). */
export const TMP_VOLUME_SIZE = '256Mi';

/** The budget a PodDisruptionBudget gets when the spec does not say: 10 %, rounded up by Kubernetes. */
export const DEFAULT_DISRUPTION = { maxUnavailable: '10%' } as const;

/** Defaults of the async spec (`NamespaceSpec.async`). */
export const ASYNC_DEFAULTS = {
  pollingIntervalSeconds: 30,
  cooldownSeconds: 300,
  /** Seconds added to the longest task for the grace period: the worker's own shutdown. */
  shutdownMarginSeconds: 30,
  batchSize: 5000,
  heartbeatFile: '/tmp/worker-heartbeat',
  maxHeartbeatAgeSeconds: 60,
  heartbeatPeriodSeconds: 30,
  pingPeriodSeconds: 300,
  /** Below this an inspect-ping liveness probe is a broker load problem at fleet scale. */
  minPingPeriodSeconds: 60,
  livenessMethod: 'heartbeat-file',
  urlKey: 'url',
  passwordKey: 'password',
  usernameKey: 'username',
  /** kombu's Redis transport default separator between a queue name and its priority level. */
  prioritySeparator: '\x06\x16',
  /** Redis: one list per queue (no Celery priority steps). */
  priorityLevels: [0],
  logLevel: 'INFO',
  kafkaOffsetResetPolicy: 'latest',
  /** Beat's tier: a missed schedule is not retried, so beat preempts. */
  beatTier: 'high',
  /** Beat only publishes messages: a short grace period is enough to finish one publish. */
  beatGracePeriodSeconds: 30,
  /** Rolling update of scaled workers: surge, never fewer ready workers. */
  rollout: { maxSurge: '25%', maxUnavailable: 0 },
} as const;

/**
 * KEDA `fallback` of every ScaledObject: what KEDA does when its scaler cannot read the backlog
 * (broker, management API or credentials failing). After `failureThreshold` failed reads in a row
 * (3 polls: 90 s at the default 30 s interval) the workload holds `percentOfMax` % of its ceiling,
 * rounded up and never below its floor: enough to drain a backlog KEDA can no longer see, without
 * a full fleet against a broker that may be the failing part. `currentReplicasIfHigher` keeps a
 * fleet that is already larger: a metrics outage never scales a busy workload down.
 */
export const KEDA_FALLBACK = {
  failureThreshold: 3,
  percentOfMax: 50,
  behavior: 'currentReplicasIfHigher',
} as const;

/** Broker pod ports by kind (`BrokerSpec.port`). */
export const BROKER_PORTS = { rabbitmq: 5672, redis: 6379, kafka: 9092 } as const;

/** Mesh-wide defaults (`MeshPlatformSpec`). */
export const MESH_DEFAULTS = {
  clusterDomain: 'cluster.local',
  /** SPIFFE trust domain; Istio's default equals the cluster domain. */
  trustDomain: 'cluster.local',
  controlPlane: { namespace: 'istio-system', podLabels: { app: 'istiod' }, ports: [15012] },
  dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, ports: [53] },
  /** Istio's merged Prometheus endpoint (app + agent + Envoy) and Envoy's own. */
  monitoringPorts: [15020, 15090],
  tracingProvider: 'jaeger',
  loadBalancer: 'LEAST_REQUEST',
  /**
   * Retries of a route whose spec gives none, rendered instead of Istio's built-in policy (which
   * also retries 503, a response from a server that may have run the request): only failures
   * where the request never reached a server, so any method is safe to resend.
   */
  retries: { attempts: 2, retryOn: ['connect-failure', 'refused-stream', 'reset-before-request'] },
  /**
   * Retry budget: DestinationRule connectionPool.http.maxRetries, the retries one calling sidecar
   * may have outstanding to the destination at once. Istio leaves it unlimited (2^32 - 1); here it
   * is 20 % of http2MaxRequests (Envoy's own retry-budget default share), or Envoy's cluster default
   * of 3 when the profile sets no request limit, so retries add at most a fifth to the load.
   */
  retryBudget: { percentOfMaxRequests: 20, maxRetries: 3 },
} as const;

/** Edge defaults (`EdgeSpec`). */
export const EDGE_DEFAULTS = {
  namespace: 'edge',
  tlsSecretName: 'edge-tls',
  sourceRanges: ['0.0.0.0/0'],
  apiServerPorts: [443],
  /** ingress-nginx Helm chart defaults. */
  nginx: {
    ingressClassName: 'nginx',
    podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    serviceAccount: 'ingress-nginx',
  },
  /** Kong Helm chart defaults; the proxy container listens on 8000. */
  kong: { ingressClassName: 'kong', podLabels: { 'app.kubernetes.io/name': 'kong' }, serviceAccount: 'kong', proxyPort: 8000 },
  /** Kong pods per cluster (its Helm `replicaCount`): two, so one zone or node loss never stops the edge. */
  kongReplicas: 2,
  /** The ClusterIP Service in front of Kong's proxy, rendered by the compiler. */
  kongServiceName: 'kong-proxy',
  kongServicePort: 80,
  /** The NLB Service in front of NGINX. */
  loadBalancerServiceName: 'ingress-nginx',
  /** Kong plugin defaults (`AuthPolicySpec`). */
  jwt: { claimsToVerify: ['exp'], keyClaimName: 'iss' },
  keyAuth: { keyNames: ['apikey'], hideCredentials: true },
} as const;

/**
 * Argo CD (`GitOpsSpec`). The AppProject defaults to the platform's name, never to Argo CD's own
 * `default` project: rendering an AppProject named `default` would replace the built-in one
 * that every other Application of the Argo CD instance may use.
 */
export const GITOPS_DEFAULTS = {
  targetRevision: 'main',
  /** Folder the GitOps tool reads, relative to the repository root. */
  distPrefix: 'dist',
} as const;

/**
 * Observability (`PlatformSpec.observability`): scrape settings and every alert threshold, as
 * data. The PromQL builders in src/constructs/observability read these; no threshold is written
 * into an expression anywhere else. Seed 000 ("Alerting Thresholds") sets the latency, error,
 * replication-lag, cache and CPU numbers.
 */
export const OBSERVABILITY_DEFAULTS = {
  scrapeInterval: '30s',
  /** The application's own metrics endpoint, on the Service's `http` port, when the mesh is off. */
  metricsPath: '/metrics',
  /** Istio's merged endpoint (application + agent + Envoy) on port 15020 (MESH_DEFAULTS.monitoringPorts[0]). */
  meshMetricsPath: '/stats/prometheus',
  meshMetricsPortName: 'http-monitoring',
  /** Window of the rate() in latency and error-rate alerts. */
  rateWindow: '5m',
  critical: { latencyP95Ms: 500, errorRatio: 0.01, replicationLagSeconds: 10 },
  warning: { latencyP95Ms: 200, errorRatio: 0.005, cacheHitRatio: 0.9, cpuUtilization: 0.8 },
  /** How long a condition must hold before it alerts. */
  for: {
    latency: '5m', errorRate: '5m', replicationLag: '2m', crashLoop: '15m', cacheHitRatio: '15m', cpu: '15m',
    queueDepth: '10m', hpaAtMax: '15m', pdbBlocked: '15m',
  },
  /** Availability target (percent) when `observability.slo.availability` is unset: the seeds' 99.99 %. */
  availabilityPercent: 99.99,
  /** The SLO period the error budget is spent over (SRE workbook: 30 days). */
  sloPeriodDays: 30,
} as const;

/**
 * Multi-window, multi-burn-rate SLO alerts (Google SRE workbook, "Alerting on SLOs", method 6).
 * A burn rate of 1 spends exactly the budget over the SLO period; `burnRate` = the budget
 * fraction spent × period ÷ long window. Over 30 days (720 h): 2 % of the budget in 1 h is
 * 0.02 × 720 / 1 = 14.4; 5 % in 6 h is 0.05 × 720 / 6 = 6; 10 % in 1 d is 0.1 × 720 / 24 = 3;
 * 10 % in 3 d is 0.1 × 720 / 72 = 1. The short window (1/12 of the long one) makes the alert
 * stop soon after the burn stops; `for` only rides out a single bad scrape.
 */
export const SLO_BURN_WINDOWS = [
  { severity: 'critical', long: '1h', short: '5m', burnRate: 14.4, for: '2m' },
  { severity: 'critical', long: '6h', short: '30m', burnRate: 6, for: '2m' },
  { severity: 'warning', long: '1d', short: '2h', burnRate: 3, for: '15m' },
  { severity: 'warning', long: '3d', short: '6h', burnRate: 1, for: '15m' },
] as const;

/** Redis Cluster defaults (`RedisClusterSpec`). */
export const REDIS_DEFAULTS = {
  /** Debian-based (the bootstrap needs bash and getent), pinned. */
  image: 'redis:7.2.5-bookworm',
  port: 6379,
  /** Client connections per node (the Redis default). */
  maxclients: 10000,
  /** Holds nodes.conf, and the RDB a replica receives on a full resync. */
  dataVolume: { size: '20Gi' },
  component: 'cache',
  /**
   * The bootstrap Job is an Argo CD PostSync hook: it runs once the StatefulSet is healthy, and,
   * being a hook, the TTL controller deleting it a day later does not make the app OutOfSync
   * (as a plain resource it would be re-created, and re-run, every day).
   */
  bootstrapJobAnnotations: {
    'argocd.argoproj.io/hook': 'PostSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  },
  /**
   * Redis pods and the bootstrap Job stay out of the sidecar mesh: the cluster bus and the
   * MOVED redirects go pod to pod by IP, and a sidecar would keep the Job's pod from completing.
   * NetworkPolicies, not mTLS, decide who reaches them.
   */
  podAnnotations: { 'sidecar.istio.io/inject': 'false' },
} as const;

/**
 * Alert routing (`observability.alerting`), rendered as one AlertmanagerConfig per cluster.
 * Grouping by alert name and severity sends one notification per kind of trouble, listing every
 * workload it hits; a page repeats hourly while it fires, a ticket twice a day.
 */
export const ALERTING_DEFAULTS = {
  /** `<platform>-alert-routing`. */
  nameSuffix: 'alert-routing',
  groupBy: ['alertname', 'severity'],
  groupWait: '30s',
  groupInterval: '5m',
  repeatInterval: { critical: '1h', other: '12h' },
  /** The route's own receiver, with no channel: what no severity route takes stops here (Alertmanager's root route still sees it). */
  unroutedReceiver: 'unrouted',
} as const;

/**
 * The Redis exporter sidecar of every Redis Cluster node (oliver006/redis_exporter; tag v1.88.0
 * of github.com/oliver006/redis_exporter, whose image runs as a non-root user from scratch).
 * It reads the local node only (`redis://localhost:<port>`), so each node's series are its own;
 * `/health` answers without touching Redis.
 */
export const REDIS_EXPORTER_DEFAULTS = {
  image: 'oliver006/redis_exporter:v1.88.0',
  port: 9121,
  healthPath: '/health',
  resources: { cpu: '50m', memory: '64Mi', cpuLimit: '200m' },
} as const;

/** The Prometheus pods (kube-prometheus-stack in `monitoring`) a data-tier exporter admits, when the spec's mesh names none. */
export const PROMETHEUS_PODS_DEFAULTS = { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } } as const;
/** Sharded PostgreSQL on CloudNativePG (`PostgresClusterSpec`). */
export const POSTGRES_DEFAULTS = {
  /** The operand image CloudNativePG 1.30 publishes, pinned. */
  imageName: 'ghcr.io/cloudnative-pg/postgresql:17.2',
  database: 'app',
  component: 'database',
  poolerComponent: 'connection-pooler',
  /** Pooler pods carry this name label: the clients' egress policies select it. */
  poolerPodName: 'pgbouncer',
  /** Transaction pooling: a server connection is held only for a transaction, so thousands of clients share a few hundred. */
  poolMode: 'transaction',
  /** PostgreSQL's port on instances, and PgBouncer's on the pooler pods and Services (CNPG's fixed ports). */
  port: 5432,
  /** The instance manager's status endpoint the operator polls, and the two exporters (instance, PgBouncer). */
  statusPort: 8000,
  instanceMetricsPort: 9187,
  poolerMetricsPort: 9127,
  /** PostgreSQL's defaults of the connections max_connections holds back from ordinary roles. */
  reservedConnections: { superuser_reserved_connections: 3, reserved_connections: 0 },
  /** PostgreSQL's defaults, used for the memory checks of a parameter the spec leaves unset (never rendered). */
  checkedParameters: { max_connections: '100', shared_buffers: '128MB', effective_cache_size: '4GB', work_mem: '4MB' },
  /** The operator Deployment (the cloudnative-pg chart's selector labels), which calls every instance's status port. */
  operator: { namespace: 'cnpg-system', podLabels: { 'app.kubernetes.io/name': 'cloudnative-pg' } },
  /**
   * Instance managers and PgBouncer's manager watch the Kubernetes API. Its address is not a pod
   * a NetworkPolicy can select: the edge's declared `apiServer` when there is one, else any
   * address on these ports.
   */
  apiServer: { cidrs: ['0.0.0.0/0'], ports: [443, 6443] },
  /** CNPG pods stay out of the sidecar mesh: the operator calls the instances directly over TLS, and replication is pod to pod. */
  podAnnotations: { 'sidecar.istio.io/inject': 'false' },
} as const;

/** Kafka on Strimzi defaults (`KafkaClusterSpec`). */
export const KAFKA_DEFAULTS = {
  /** Strimzi 1.2.0's default Kafka (kafka-versions.yaml `default: true`) and its metadata version. */
  version: '4.3.1',
  /** metadataVersion per supported Kafka version (Strimzi 1.2.0 kafka-versions.yaml `metadata`). */
  metadataVersions: { '4.2.0': '4.2-IV1', '4.2.1': '4.2-IV1', '4.3.0': '4.3-IV0', '4.3.1': '4.3-IV0' } as Readonly<Record<string, string>>,
  /** Three controllers: the KRaft quorum survives the loss of one (a zone). */
  controllers: 3,
  controllerResources: { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } },
  controllerStorage: { size: '20Gi' },
  tls: true,
  metrics: true,
  /** Listener ports (Strimzi's examples): plain and TLS, both cluster-internal. */
  plainPort: 9092,
  tlsPort: 9093,
  /** Strimzi Metrics Reporter's HTTP port (its container port `tcp-prometheus`). */
  metricsPort: 9404,
  /** Brokers and controllers stay out of the sidecar mesh: the operator and the brokers reach each other by pod address with Strimzi's own TLS. */
  podAnnotations: { 'sidecar.istio.io/inject': 'false' },
  /** broker.rack from the node's zone label, so replicas of a partition land in different zones. */
  rackTopologyKey: 'topology.kubernetes.io/zone',
  component: 'kafka',
} as const;

/** RabbitMQ cluster operator defaults (`RabbitmqClusterSpec`). */
export const RABBITMQ_DEFAULTS = {
  /** The cluster operator 2.22.3 default image (cmd/main.go defaultRabbitmqImage). */
  image: 'rabbitmq:4.2.6-management',
  queueType: 'quorum',
  vhost: '/',
  /** Container ports the operator opens (internal/resource/statefulset.go) and the inter-node (distribution) port. */
  ports: { epmd: 4369, amqp: 5672, management: 15672, prometheus: 15692, distribution: 25672 },
  /** The queue-declaring Job's image: curl only, pinned. */
  declareImage: 'curlimages/curl:8.11.1',
  /** Same hook as the Redis bootstrap: after the cluster is healthy, re-run on every sync (PUT is idempotent). */
  declareJobAnnotations: {
    'argocd.argoproj.io/hook': 'PostSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  },
  /** RabbitMQ nodes stay out of the sidecar mesh (Erlang distribution goes node to node; the operator calls each pod). */
  podAnnotations: { 'sidecar.istio.io/inject': 'false' },
  /** Above this, RabbitMQ does not recommend running quorum queues (docs: quorum-queues, "more than 7 RabbitMQ nodes"). */
  maxRecommendedNodes: 7,
  component: 'broker',
} as const;

/** Capacity plan defaults (`CapacityPlan`, `plan --capacity`). */
export const CAPACITY_DEFAULTS = {
  /** 365 days × 24 h ÷ 12: the month cloud price sheets use. */
  hoursPerMonth: 730,
  currency: 'USD',
} as const;

/**
 * ResourceQuota and LimitRange of every platform namespace (src/constructs/namespace-budget.ts).
 * The quota is derived from the rendered workloads at their ceilings: Σ maxReplicas × per-pod
 * requests and limits, plus each Deployment's rolling-update surge at its ceiling (a rollout at
 * maxReplicas must still be admitted), then `headroomPercent` on top for Jobs, debug pods and a
 * hand-raised maxReplicas, rounded up to `roundCores` and `roundMemoryGi`.
 */
export const NAMESPACE_BUDGET_DEFAULTS = {
  headroomPercent: 10,
  roundCores: 1,
  roundMemoryGi: 1,
  /**
   * Istio's injected proxy (istio-discovery chart `global.proxy.resources`, unchanged by our
   * values): every pod of a meshed namespace carries it, so it counts towards the quota.
   */
  meshSidecar: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
  /** LimitRange defaults, only for a container that declares none (every rendered one does). */
  containerDefaultRequest: { cpu: '100m', memory: '128Mi' },
} as const;

/**
 * The k6 load test of each region (src/constructs/load-test.ts): seed 000's stages (5 m → 100k,
 * 10 m → 1M, 5 m → 0 at a 1M req/s platform), scaled by the platform's own peak.
 */
export const LOAD_TEST_DEFAULTS = {
  /** Seed 000's peak, the load its stage targets are written against. */
  seedPeakRequestsPerSecond: 1_000_000,
  seedStages: [
    { duration: '5m', target: 100_000 },
    { duration: '10m', target: 1_000_000 },
    { duration: '5m', target: 0 },
  ],
  /** Seed 000's check: 'response time < 100ms'. */
  maxResponseMs: 100,
  /** Namespace of the test objects in each cluster; never meshed (it plays the outside client). */
  namespace: 'loadtest',
  /** Folder beside the cluster folders: the ApplicationSet syncs only `<platform>/<cluster>/`. */
  folder: 'loadtest',
  /** Pinned k6 image the runners start. */
  image: 'grafana/k6:0.54.0',
  /** Requests per second one runner pod is asked to generate (k6 splits the rate across runners). */
  requestsPerSecondPerRunner: 10_000,
  /** preAllocatedVUs = rate × this (seed 000's 100 ms response budget); maxVUs twice that. */
  virtualUsersPerRequestPerSecond: 0.1,
  runnerResources: { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  /** The operator's initializer (k6 inspect) and starter (one HTTP call) pods. */
  helperResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
} as const;
