/** HTTP services (`NamespaceSpec.services`): one ScalableService each. */
import { isDns1035Label } from '../../spec/names';
import { imageVersion } from '../../spec/image';
import { ResolvedService } from '../../spec/resolve';
import { MESH_DEFAULTS, OBSERVABILITY_DEFAULTS, SERVICE_DEFAULTS } from '../defaults';
import { checkWorkloadIdentity, servingPriorityClassName, workloadIdentity } from '../identity';
import { HttpServiceWorkload, ServiceMesh } from '../types';
import { KindContext, WorkloadKindResolver } from './context';

/** Kong must send to the Service address with the Service's host, so its sidecar applies this service's routes and mTLS. */
function kongUpstreamAnnotations(host: string): Record<string, string> {
  return { 'ingress.kubernetes.io/service-upstream': 'true', 'konghq.com/host-header': host };
}

function resolveService(ctx: KindContext, service: ResolvedService): HttpServiceWorkload {
  const { platform, base, region } = ctx;
  const spec = service.spec;
  const identity = workloadIdentity(base, region, service.name, spec.component ?? SERVICE_DEFAULTS.component, imageVersion(spec.image, spec.version)!);
  const path = `${platform.name}.namespaces.${service.namespace}.services.${service.name}`;
  const pathOf = (field: string) => service.pathOf(field as keyof typeof spec);
  if (ctx.out) {
    checkWorkloadIdentity(identity, { service: true, nameIsValid: isDns1035Label(service.name) }, {
      name: path,
      component: pathOf('component'),
      version: spec.version !== undefined ? pathOf('version') : pathOf('image'),
      partOf: `${platform.name}.${platform.partOf !== undefined ? 'partOf' : 'name'}`,
    }, ctx.out);
  }
  const named = spec.autoscaling?.behavior ?? spec.eventScaling?.behavior;
  const mesh = runningCallers(ctx, ctx.mesh?.serviceMesh(service, identity.version));
  return {
    kind: 'http-service',
    key: service.name,
    identity,
    namespace: service.namespace,
    region,
    path,
    pathOf,
    nodePool: platform.nodePools[spec.nodePool],
    spec,
    behavior: named === undefined ? undefined : ctx.behavior(named),
    requestsPerSecondMetric: platform.requestsPerSecondMetric ?? SERVICE_DEFAULTS.requestsPerSecondMetric,
    serviceAnnotations: mesh?.expose ? kongUpstreamAnnotations(mesh.host) : {},
    // Under the mesh a plain-text scrape of the app port is refused (mTLS) and blocked (NetworkPolicy);
    // Istio's merged-metrics port is exempt from both, so the Service exposes it for the ServiceMonitor.
    metricsPort: platform.mesh
      ? { name: OBSERVABILITY_DEFAULTS.meshMetricsPortName, port: MESH_DEFAULTS.monitoringPorts[0], path: OBSERVABILITY_DEFAULTS.meshMetricsPath }
      : { name: 'http', port: spec.port, path: OBSERVABILITY_DEFAULTS.metricsPath },
    priorityClassName: servingPriorityClassName(platform.name),
    ...(mesh ? { mesh } : {}),
  };
}

/** Callers are declared platform-wide; a region that leaves a service out (runsOnly) admits none of its pods. */
function runningCallers(ctx: KindContext, mesh: ServiceMesh | undefined): ServiceMesh | undefined {
  const runsOnly = ctx.platform.regions[ctx.region]?.runsOnly;
  if (!mesh || runsOnly === undefined) return mesh;
  const isService = (namespace: string, name: string) => Object.prototype.hasOwnProperty.call(ctx.platform.namespaces[namespace]?.services ?? {}, name);
  const runs = (c: { name: string; namespace: string }) => !isService(c.namespace, c.name) || Object.prototype.hasOwnProperty.call(runsOnly, c.name);
  return { ...mesh, callers: mesh.callers.filter(runs) };
}

export const HTTP_SERVICES: WorkloadKindResolver<HttpServiceWorkload> = {
  kind: 'http-service',
  resolve: (ctx) => ctx.namespace.services.map((s) => resolveService(ctx, s)),
};
