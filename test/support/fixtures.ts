/**
 * Small, valid platforms for tests. Each test starts from one and breaks or changes exactly
 * the field it is about, so a failure points at one rule.
 */
import { App } from 'cdk8s';
import { platformCharts } from '../../src/compile';
import { PlatformSpec, ServiceSpec } from '../../src/spec/types';

export function webService(patch: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    image: 'registry.internal/shop/web:1.4.2',
    port: 8080,
    resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    probes: {
      startup: { path: '/healthz', periodSeconds: 2, failureThreshold: 30 },
      readiness: { path: '/ready', periodSeconds: 5, failureThreshold: 2 },
      liveness: { path: '/healthz', periodSeconds: 10, failureThreshold: 3 },
    },
    nodePool: 'general',
    autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70, behavior: 'fast-up-gentle-down' },
    shutdown: { preStopSleepSeconds: 5, terminationGracePeriodSeconds: 30 },
    ...patch,
  };
}

/** Platform `shop`: regions `east` and `west`, namespace `store`, service `web`. */
export function shopPlatform(patch: Partial<PlatformSpec> = {}, service: Partial<ServiceSpec> = {}): PlatformSpec {
  return {
    name: 'shop',
    nodePools: {
      general: { nodeLabels: { 'pool': 'general' } },
      compute: { nodeLabels: { 'pool': 'compute' }, taint: { key: 'pool', value: 'compute', effect: 'NoSchedule' } },
    },
    regions: {
      east: { zones: ['east-a', 'east-b', 'east-c'] },
      west: { zones: ['west-a', 'west-b'] },
    },
    namespaces: { store: { services: { web: webService(service) } } },
    gitops: { repoURL: 'https://git.example.com/shop/gitops.git' },
    ...patch,
  };
}

/** Every object the platform renders, as plain JSON, with the file each lands in. */
export function renderObjects(platform: PlatformSpec): { file: string; object: any }[] {
  const app = new App({ outdir: '.unused' });
  return platformCharts(app, platform).flatMap((f) => f.chart.toJson().map((object: any) => ({ file: f.path, object })));
}

/** The one object of a kind and name in a file (throws when absent, so a test cannot pass vacuously). */
export function findObject(objects: { file: string; object: any }[], file: string, kind: string, name: string): any {
  const found = objects.find((o) => o.file === file && o.object.kind === kind && o.object.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${file}; have ${objects.filter((o) => o.file === file).map((o) => `${o.object.kind}/${o.object.metadata?.name}`).join(', ')}`);
  return found.object;
}
