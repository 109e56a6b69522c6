/**
 * Synthetic platforms for the benchmark (issue 6): N services spread over namespaces and regions,
 * written only with the fields of src/spec/types.ts, so `tsc` (run by `npm test`, which includes
 * bench/) breaks here, not at bench time, if the spec types change incompatibly. Optional fields
 * added later (mesh, eventScaling, async, ...) are simply left unset.
 *
 * The services cycle through four shapes so the render exercises every branch of
 * ScalableService: HPA on CPU + memory + requests per second with a built-in behavior profile,
 * HPA with an inline behavior, a fixed replica count with a minAvailable budget, and an HPA with a
 * platform-defined profile. Every tenth service has a region override. Per region, a service
 * renders about 5 objects (ServiceAccount, Deployment, Service, HPA, PDB); the bench measures the
 * real count from the output instead of trusting this number.
 */
import type { BehaviorSpec, NamespaceSpec, PlatformSpec, RegionSpec, ServiceOverride, ServiceSpec } from '../src/spec/types';

export interface SyntheticOptions {
  /** How many services (platform-wide; each renders once per region). */
  readonly services: number;
  /** DNS-1123 platform name. @default `bench-<services>` */
  readonly name?: string;
  /** @default 3 */
  readonly regions?: number;
  /** @default 25 */
  readonly servicesPerNamespace?: number;
}

const POOL_KEY = 'platform-compiler.dev/node-pool';

const STEADY: BehaviorSpec = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }] },
  scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 5, periodSeconds: 120 }] },
};

const INLINE: BehaviorSpec = {
  scaleUp: {
    stabilizationWindowSeconds: 30,
    selectPolicy: 'Max',
    policies: [{ type: 'Pods', value: 10, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }],
  },
  scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 300 }] },
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function service(index: number, pools: readonly string[]): ServiceSpec {
  const shape = index % 4;
  const base = {
    image: `registry.internal/bench/svc-${pad(index % 97, 2)}:1.${index % 13}.${index % 7}`,
    component: shape === 2 ? 'worker-api' : 'api',
    command: ['uvicorn'],
    args: ['app.asgi:application', '--host', '0.0.0.0', '--port', '8080', '--workers', String(2 + (index % 3))],
    env: { APP_SERVICE_INDEX: String(index), LOG_LEVEL: index % 2 === 0 ? 'info' : 'warning', PYTHONUNBUFFERED: '1' },
    secretEnv: { DATABASE_URL: { secret: `svc-${pad(index, 5)}-db`, key: 'url' } },
    port: 8080,
    resources: {
      requests: { cpu: `${250 * (1 + (index % 4))}m`, memory: `${256 * (1 + (index % 4))}Mi` },
      limits: { cpu: `${1 + (index % 4)}`, memory: `${512 * (1 + (index % 4))}Mi` },
    },
    probes: {
      startup: { path: '/healthz/live', periodSeconds: 2, failureThreshold: 30 },
      readiness: { path: '/healthz/ready', periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 2 },
      liveness: { path: '/healthz/live', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
    },
    nodePool: pools[index % pools.length],
    shutdown: { preStopSleepSeconds: 5, terminationGracePeriodSeconds: 30 + (index % 3) * 5 },
    rollout: { maxSurge: '25%', maxUnavailable: 0 },
  } satisfies Partial<ServiceSpec>;
  switch (shape) {
    case 0:
      return {
        ...base,
        autoscaling: {
          minReplicas: 3, maxReplicas: 60, cpuUtilization: 70, memoryUtilization: 80,
          requestsPerSecondPerPod: 200, peakRequestsPerSecond: 10_000, behavior: 'fast-up-gentle-down',
        },
        disruption: { maxUnavailable: '10%' },
      };
    case 1:
      return { ...base, autoscaling: { minReplicas: 2, maxReplicas: 20, cpuUtilization: 65, behavior: INLINE } };
    case 2:
      return { ...base, replicas: 3, disruption: { minAvailable: 2 } };
    default:
      return { ...base, autoscaling: { minReplicas: 4, maxReplicas: 40, memoryUtilization: 75, behavior: 'bench-steady' } };
  }
}

/** A valid platform spec with `services` services; plain JSON, ready for `synth --spec`. */
export function syntheticPlatform(options: SyntheticOptions): PlatformSpec {
  const count = Math.max(1, Math.floor(options.services));
  const regionCount = Math.max(1, options.regions ?? 3);
  const perNamespace = Math.max(1, options.servicesPerNamespace ?? 25);
  const pools = ['compute', 'memory', 'general'];

  const namespaces: Record<string, NamespaceSpec> = {};
  const services: Record<string, Record<string, ServiceSpec>> = {};
  for (let i = 0; i < count; i++) {
    const ns = `team-${pad(Math.floor(i / perNamespace), 4)}`;
    (services[ns] ??= {})[`svc-${pad(i, 5)}`] = service(i, pools);
  }
  for (const [ns, nsServices] of Object.entries(services)) {
    namespaces[ns] = { labels: { 'platform-compiler.dev/team': ns }, services: nsServices };
  }

  const regions: Record<string, RegionSpec> = {};
  for (let r = 0; r < regionCount; r++) {
    const name = `region-${r + 1}`;
    const overrides: Record<string, ServiceOverride> = {};
    // Every tenth service runs a different build and floor in one region: exercises the merge.
    for (let i = r; i < count; i += 10 * regionCount) {
      overrides[`svc-${pad(i, 5)}`] = i % 4 === 2
        ? { image: `registry.internal/bench/svc-canary:2.0.${i % 10}`, replicas: 4 }
        : { image: `registry.internal/bench/svc-canary:2.0.${i % 10}`, env: { CANARY: 'true' } };
    }
    regions[name] = {
      zones: [`${name}a`, `${name}b`, `${name}c`],
      ...(Object.keys(overrides).length > 0 ? { services: overrides } : {}),
    };
  }

  return {
    name: options.name ?? `bench-${count}`,
    description: `Synthetic benchmark platform: ${count} services × ${regionCount} regions`,
    nodePools: {
      compute: { nodeLabels: { [POOL_KEY]: 'compute' }, taint: { key: POOL_KEY, value: 'compute', effect: 'NoSchedule' } },
      memory: { nodeLabels: { [POOL_KEY]: 'memory' }, taint: { key: POOL_KEY, value: 'memory', effect: 'NoSchedule' } },
      general: { nodeLabels: { [POOL_KEY]: 'general' } },
    },
    regions,
    namespaces,
    behaviorProfiles: { 'bench-steady': STEADY },
    gitops: { repoURL: 'https://git.example.com/platform/bench-gitops.git', targetRevision: 'main', project: 'bench' },
  };
}
