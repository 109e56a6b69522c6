import { PlatformSpec } from '../src/spec/types';
import { webAsync } from './hyperscale-async';
import { apiMesh, hyperscaleMesh } from './hyperscale-mesh';
import { hyperscalePostgres } from './hyperscale-postgres';

/** Nodes carry this label (and the pool's taint) so pods can select and tolerate their pool. */
const POOL_KEY = 'platform-compiler.dev/node-pool';

/**
 * Seed 000: hyper-scale Django ASGI platform, 1,000,000 req/s across three regions.
 *
 * Numbers from the seed: API pods 2 CPU / 4 GB, uvicorn with 4 workers and 1000 connections
 * per pod; HPA 100–5000 replicas per region at CPU 70 % / memory 80 %, scaling up 50 % per
 * 30 s and down 10 % per 5 min; 1 M req/s ÷ 3 regions = 333,334 req/s per region, and
 * 333 req/s per pod. Node pools: compute-optimized (Django), memory-optimized (Redis),
 * general-purpose (Celery).
 */
export const hyperscale: PlatformSpec = {
  name: 'hyperscale',
  description: 'Django ASGI API at 1M req/s across us-east, eu-west and apac (seed 000)',
  nodePools: {
    'compute-optimized': {
      nodeLabels: { [POOL_KEY]: 'compute-optimized' },
      taint: { key: POOL_KEY, value: 'compute-optimized', effect: 'NoSchedule' },
      // Seed: "Django pods: 1000 × 2 CPU = 2000 cores", "1000 × 4GB = 4TB" per region.
      capacityPerRegion: { cpu: '2000', memory: '4000Gi' },
    },
    'memory-optimized': {
      nodeLabels: { [POOL_KEY]: 'memory-optimized' },
      taint: { key: POOL_KEY, value: 'memory-optimized', effect: 'NoSchedule' },
      // Seed: "Redis: 100 × 4 CPU = 400 cores", "100 × 16GB = 1.6TB" per region.
      capacityPerRegion: { cpu: '400', memory: '1600Gi' },
    },
    'database': {
      nodeLabels: { [POOL_KEY]: 'database' },
      taint: { key: POOL_KEY, value: 'database', effect: 'NoSchedule' },
    },
    'general-purpose': {
      nodeLabels: { [POOL_KEY]: 'general-purpose' },
      // Seed: "Celery workers: 500 × 2 CPU = 1000 cores", "500 × 2GB = 1TB" per region.
      capacityPerRegion: { cpu: '1000', memory: '1000Gi' },
    },
  },
  regions: {
    'us-east': { zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    'eu-west': { zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    'apac': { zones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'] },
  },
  namespaces: {
    web: {
      services: {
        api: {
          image: 'registry.internal/hyperscale/django-api:2026.11.0',
          component: 'api',
          command: ['uvicorn'],
          args: [
            'hyperscale.asgi:application',
            '--host', '0.0.0.0',
            '--port', '8000',
            '--workers', '4',
            // 1000 connections per pod (seed), spread over 4 worker processes.
            '--limit-concurrency', '250',
            // Finish in-flight requests within the pod's grace period after SIGTERM.
            '--timeout-graceful-shutdown', '30',
            '--no-server-header',
          ],
          env: {
            DJANGO_SETTINGS_MODULE: 'hyperscale.settings.production',
            PYTHONUNBUFFERED: '1',
          },
          secretEnv: {
            DATABASE_URL: { secret: 'api-database', key: 'url' },
            DJANGO_SECRET_KEY: { secret: 'api-django', key: 'secret-key' },
          },
          port: 8000,
          resources: {
            // Requests equal limits: Guaranteed QoS, so 1000 pods behave the same on every node.
            requests: { cpu: '2', memory: '4Gi' },
            limits: { cpu: '2', memory: '4Gi' },
          },
          probes: {
            startup: { path: '/healthz/live', periodSeconds: 2, failureThreshold: 30 },
            readiness: { path: '/healthz/ready', periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2 },
            liveness: { path: '/healthz/live', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
          },
          nodePool: 'compute-optimized',
          autoscaling: {
            minReplicas: 100,
            maxReplicas: 5000,
            cpuUtilization: 70,
            memoryUtilization: 80,
            requestsPerSecondPerPod: 333,
            peakRequestsPerSecond: 333_334,
            behavior: 'hyperscale-api',
          },
          disruption: { maxUnavailable: '10%' },
          // 10 s for endpoints to drop the pod, then up to 30 s of uvicorn draining, 5 s margin.
          shutdown: { preStopSleepSeconds: 10, terminationGracePeriodSeconds: 45 },
          rollout: { maxSurge: '25%', maxUnavailable: 0 },
          mesh: apiMesh,
        },
      },
      async: webAsync,
    },
    // The data tier the API and Celery reach (their NetworkPolicies allow egress to these pods).
    data: {
      services: {},
      data: {
        redis: {
          // Seed 000: "Redis Cluster: 16 shards × 2 replicas", allkeys-lru, 100 × 4 CPU / 16 GB per region.
          redis: {
            shards: 16,
            replicasPerShard: 2,
            maxmemoryPolicy: 'allkeys-lru',
            // A cache: replicas in the other zones are the redundancy, and no fork competes for memory.
            persistence: { mode: 'none' },
            resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi' } },
            nodePool: 'memory-optimized',
            allowFrom: [{ namespace: 'web', podLabels: { 'app.kubernetes.io/part-of': 'hyperscale' } }],
            // One connection per process to each node: 4 uvicorn workers per API pod, and one per
            // Celery prefork child. At maxReplicas that is 25,200 per node; 30,000 leaves room for
            // reconnect storms (about 20 KB each: ~600 MB of the 4 GiB headroom).
            maxclients: 30000,
            clients: {
              'api': { connectionsPerPod: 4 },
              'worker-high-priority': { connectionsPerPod: 4 },
              'worker-normal': { connectionsPerPod: 4 },
              'worker-low-priority': { connectionsPerPod: 2 },
            },
          },
        },
        postgres: hyperscalePostgres,
      },
    },
    // Celery's broker (webAsync.brokers.rabbitmq: Service `rabbitmq` in `messaging`).
    messaging: {
      services: {},
      data: {
        rabbitmq: {
          rabbitmq: {
            // Seed 000: "RabbitMQ/Kafka Cluster: 50+ brokers per region", rendered as written; the
            // validator warns (rabbitmq-cluster-size) that quorum queues want 3, 5 or 7 nodes.
            replicas: 51,
            resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
            storage: { size: '100Gi' },
            // The seed's three pools only: RabbitMQ keeps messages in memory, like Redis (16 × 3 nodes
            // of 4 CPU / 16 GiB); both fit the pool's 400 CPU / 1600 GiB (294 CPU, 1176 GiB).
            nodePool: 'memory-optimized',
            allowFrom: [{ namespace: 'web', podLabels: { 'app.kubernetes.io/part-of': 'hyperscale' } }],
          },
        },
      },
    },
  },
  mesh: hyperscaleMesh,
  observability: {
    // Seed 000: critical pages, warnings become tickets. Secrets are created in `web` by the secret manager.
    alerting: {
      namespace: 'web',
      receivers: {
        pager: { pagerduty: { routingKey: { secret: 'alertmanager-pagerduty', key: 'routing-key' } } },
        tickets: { webhook: { url: { secret: 'alertmanager-ticket-webhook', key: 'url' } } },
      },
      routes: { critical: { receiver: 'pager' }, warning: { receiver: 'tickets' } },
    },
  },
  // Seed 000's "Scaling Math" and "Resource Requirements" (`plan --capacity`).
  capacity: {
    // "1,000,000 req/sec globally ÷ 3 regions = 333,333 req/sec per region"
    targetRequestsPerSecond: 1_000_000,
    service: 'web/api',
    // "333,333 req/sec ÷ 1000 Django pods = 333 req/sec per pod" (the HPA's requestsPerSecondPerPod).
    requestsPerPod: 333,
    // "Misc (monitoring, etc.): 600 cores", "Misc: 400GB" per region.
    overheadPerRegion: { cpu: '600', memory: '400Gi' },
    // AWS Fargate on-demand, Linux/x86, us-east-1: $0.04048 per vCPU-hour, $0.004445 per GB-hour.
    // List prices of a per-resource offer, not a quote: replace them with your contract's.
    prices: { perCoreHour: 0.04048, perGiBHour: 0.004445, currency: 'USD' },
  },
  // Seed 000's k6 test: https://api.atw.com/v1/trips/ up to 1M req/s, a third per region.
  loadTest: { requestsPerSecond: 333_334, path: '/v1/trips/' },
  gitops: {
    repoURL: 'https://git.example.com/platform/hyperscale-gitops.git',
    targetRevision: 'main',
    project: 'hyperscale',
  },
};
