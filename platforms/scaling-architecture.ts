import { BUILTIN_CIRCUIT_BREAKERS } from '../src/spec/mesh/circuit-breakers';
import { PlatformSpec, ServiceSpec } from '../src/spec/types';
import { scalingArchitecturePostgres } from './scaling-architecture-postgres';

const POOL_KEY = 'platform-compiler.dev/node-pool';

/** Seed: every instance is "2 CPU, 4GB" at every scale; Guaranteed QoS. */
const INSTANCE = { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } };

/** Seed: "Per Instance Capacity: Requests/second: 1,000"; "50 Instances per Service" per region. */
const PER_INSTANCE_RPS = 1000;
const MAX_INSTANCES = 50;

/** What every service shares: the seed's instance, probes, draining and the seed's scaling behavior. */
function service(name: string, port: number): Omit<ServiceSpec, 'autoscaling' | 'eventScaling' | 'mesh'> {
  return {
    image: `registry.internal/scaling-architecture/${name}:2026.12.0`,
    port,
    resources: INSTANCE,
    probes: {
      startup: { path: '/healthz/live', periodSeconds: 2, failureThreshold: 30 },
      readiness: { path: '/healthz/ready', periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2 },
      liveness: { path: '/healthz/live', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    },
    nodePool: 'general',
    // Seed: "No downtime during scaling": endpoints drop the pod before the server stops.
    shutdown: { preStopSleepSeconds: 10, terminationGracePeriodSeconds: 40 },
  };
}

/** Target tracking (seed: "CPU Utilization (> 70% average)", "Memory Utilization (> 80% average)"). */
const TARGET_TRACKING = { cpuUtilization: 70, memoryUtilization: 80, behavior: 'step-scaling-seed-003' } as const;

/**
 * The product fleets behind the weighted route, weights 3 : 2 : 1 as the seed's "Weighted Round
 * Robin" (Pod 1 weight 3, Pod 2 weight 2, Pod 3 weight 1): 50 / 33 / 17 % of product requests.
 * Each fleet's ceiling follows its weight, 25 + 17 + 8 = the seed's 50 instances per service.
 */
const PRODUCT_FLEETS = { product: { weight: 50, max: 25 }, 'product-b': { weight: 33, max: 17 }, 'product-c': { weight: 17, max: 8 } } as const;

/**
 * Seed 003 (scaling architecture): three regions (us-east-1, eu-west-1, ap-south-1) of 2-CPU /
 * 4 GB instances at 1,000 req/s each, up to 50 instances per service per region (150,000 req/s
 * across the three); target tracking on CPU 70 % and memory 80 % with the seed's step scaling as
 * HPA behavior (profile `step-scaling-seed-003`); scheduled scaling of the product service
 * (business hours 9–17 → 10 instances, off hours → 3, weekends → 2) in each region's own time
 * zone; every load-balancing algorithm of the seed on a real service: round robin (product),
 * least connections (order), weighted (the product route), IP hash / session affinity (auth).
 */
export const scalingArchitecture: PlatformSpec = {
  name: 'scaling-architecture',
  description: 'Three-region horizontal auto-scaling: target tracking, step and scheduled scaling, four load-balancing algorithms (seed 003)',
  nodePools: {
    general: { nodeLabels: { [POOL_KEY]: 'general' } },
  },
  regions: {
    // Business hours are local: the same windows in each region's time zone.
    'us-east-1': { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], services: { product: { eventScaling: { timezone: 'America/New_York' } } } },
    'eu-west-1': { zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], services: { product: { eventScaling: { timezone: 'Europe/Dublin' } } } },
    'ap-south-1': { zones: ['ap-south-1a', 'ap-south-1b', 'ap-south-1c'], services: { product: { eventScaling: { timezone: 'Asia/Kolkata' } } } },
  },
  behaviorProfiles: {
    /**
     * The seed's step scaling (0–50 % CPU: 2 instances, 50–70 %: 4, 70–85 %: 8, 85–100 %: 16) and
     * triggers ("CPU > 70% for 2 minutes", "CPU < 30% for 10 minutes") in HPA terms:
     * - each step doubles the fleet → scaleUp Percent 100 per 60 s;
     * - "for 2 minutes" → scaleUp.stabilizationWindowSeconds 120;
     * - "for 10 minutes" → scaleDown.stabilizationWindowSeconds 600, then one step down (halve) per 10 minutes.
     * Not expressible: an HPA tracks one target (70 %) and sizes the fleet proportionally
     * (ceil(pods × utilization / 70)); it has no absolute instance count per CPU band, no separate
     * 30 % scale-in threshold (it scales in below 63 %, the 10 % tolerance under 70 %), and the
     * table's top step of 16 is not a ceiling (maxReplicas is the seed's 50 per region).
     */
    'step-scaling-seed-003': {
      scaleUp: { stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 600 }] },
    },
  },
  namespaces: {
    app: {
      services: {
        auth: {
          ...service('auth', 8080),
          // Seed: "Auth Service (Low Load): 3 instances handling 1,000 req/sec".
          autoscaling: { minReplicas: 3, maxReplicas: MAX_INSTANCES, ...TARGET_TRACKING, requestsPerSecondPerPod: PER_INSTANCE_RPS, peakRequestsPerSecond: MAX_INSTANCES * PER_INSTANCE_RPS },
          mesh: {
            // Seed: "IP Hash (Session Affinity): Same IP → Same Pod (for session persistence)". Behind
            // the edge every request comes from a Kong pod, so a source-IP hash would pin whole Kong
            // pods (rule source-ip-hash-behind-gateway); the same client-to-pod affinity is kept by a
            // cookie Envoy sets on the first response (ring hash, so a scale-out moves few sessions).
            loadBalancer: { algorithm: 'CONSISTENT_HASH', hashBy: { cookie: { name: 'auth-affinity', ttl: '3600s', path: '/' } } },
            callsExternal: ['pgbouncer'],
            expose: { paths: ['/v1/auth/'] },
          },
        },
        order: {
          ...service('order', 8080),
          // Seed: "Order Service (Medium Load): 5 instances handling 5,000 req/sec".
          autoscaling: { minReplicas: 5, maxReplicas: MAX_INSTANCES, ...TARGET_TRACKING, requestsPerSecondPerPod: PER_INSTANCE_RPS, peakRequestsPerSecond: MAX_INSTANCES * PER_INSTANCE_RPS },
          mesh: {
            // Seed: "Least Connections": writes of uneven duration; Envoy picks the less busy of two random pods.
            loadBalancer: { algorithm: 'LEAST_REQUEST' },
            calls: ['auth', 'product'],
            callsExternal: ['pgbouncer'],
            expose: { paths: ['/v1/orders/'] },
          },
        },
        product: {
          ...service('product', 8080),
          // Scheduled scaling (KEDA cron) instead of a plain HPA: one ScaledObject owns the HPA, so
          // nothing else targets this Deployment. Seed: "Business Hours (9 AM - 5 PM): 10 instances",
          // "Off Hours (5 PM - 9 AM): 3 instances", "Weekends: 2 instances"; CPU and memory scale above.
          eventScaling: {
            minReplicas: 2,
            maxReplicas: PRODUCT_FLEETS.product.max,
            timezone: 'UTC',
            windows: {
              'business-hours': { days: 'weekdays', start: '09:00', end: '17:00', replicas: 10 },
              'off-hours-morning': { days: 'weekdays', start: '00:00', end: '09:00', replicas: 3 },
              'off-hours-evening': { days: 'weekdays', start: '17:00', end: '24:00', replicas: 3 },
              'weekends': { days: 'weekends', start: '00:00', end: '24:00', replicas: 2 },
            },
            cpuUtilization: TARGET_TRACKING.cpuUtilization,
            memoryUtilization: TARGET_TRACKING.memoryUtilization,
            behavior: TARGET_TRACKING.behavior,
          },
          mesh: {
            // Seed: "Round Robin: Request 1 → Pod 1, Request 2 → Pod 2, …": cached reads of even cost.
            loadBalancer: { algorithm: 'ROUND_ROBIN' },
            trafficSplit: {
              product: { weight: PRODUCT_FLEETS.product.weight },
              'product-b': { service: 'product-b', weight: PRODUCT_FLEETS['product-b'].weight },
              'product-c': { service: 'product-c', weight: PRODUCT_FLEETS['product-c'].weight },
            },
            callsExternal: ['pgbouncer'],
            expose: { paths: ['/v1/products/'] },
          },
        },
        'product-b': {
          ...service('product', 8080),
          autoscaling: { minReplicas: 2, maxReplicas: PRODUCT_FLEETS['product-b'].max, ...TARGET_TRACKING },
          mesh: { loadBalancer: { algorithm: 'ROUND_ROBIN' }, callsExternal: ['pgbouncer'] },
        },
        'product-c': {
          ...service('product', 8080),
          autoscaling: { minReplicas: 2, maxReplicas: PRODUCT_FLEETS['product-c'].max, ...TARGET_TRACKING },
          mesh: { loadBalancer: { algorithm: 'ROUND_ROBIN' }, callsExternal: ['pgbouncer'] },
        },
      },
    },
    // Seed: "Read Replicas (10 per DB)" and a "Connection Pool (100 conn)" per region.
    data: { services: {}, data: { postgres: { users: scalingArchitecturePostgres } } },
  },
  mesh: {
    circuitBreakers: { 'scaling-api': { ...BUILTIN_CIRCUIT_BREAKERS['opossum-seed-001'] } },
    defaultCircuitBreaker: 'scaling-api',
    monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15020, 15090] },
    externalServices: {
      // The rendered PgBouncer pods (rw and ro Poolers of data.postgres.users, platforms/scaling-architecture-postgres.ts).
      pgbouncer: { namespace: 'data', podLabels: { 'app.kubernetes.io/name': 'pgbouncer' }, ports: [{ number: 5432, protocol: 'TCP' }] },
    },
    edge: {
      namespace: 'edge',
      hosts: ['api.scaling.example.com'],
      issuer: {
        name: 'letsencrypt-prod',
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          email: 'platform@scaling.example.com',
          privateKeySecretName: 'letsencrypt-prod-account-key',
          // Seed: "Global Load Balancer (Route 53 + CloudFront)" in front of three regions: DNS-01.
          solver: { dns01Route53: { region: 'us-east-1' } },
        },
      },
      tlsSecretName: 'api-scaling-tls',
      loadBalancer: { scheme: 'internet-facing' },
      apiServer: { cidrs: ['10.0.0.0/8'], ports: [443] },
    },
  },
  // Seed: "Total Capacity (50 instances): Requests/second: 50,000" per region, 150,000 across three.
  loadTest: { requestsPerSecond: MAX_INSTANCES * PER_INSTANCE_RPS, path: '/v1/products/' },
  gitops: {
    repoURL: 'https://git.example.com/platform/scaling-architecture-gitops.git',
    targetRevision: 'main',
    project: 'scaling-architecture',
  },
};
