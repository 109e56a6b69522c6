import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateIssuer } from '../src/constructs/certificate-issuer';
import { CircuitBreaker } from '../src/constructs/circuit-breaker';
import { ExternalService } from '../src/constructs/external-service';
import { GatewayRoute } from '../src/constructs/gateway-route';
import { MANAGED_BY, REGION_LABEL, WorkloadIdentity, recommendedLabels, selectorLabels } from '../src/constructs/labels';
import { MeshAuthorization } from '../src/constructs/mesh-authorization';
import { MeshNamespaceSecurity } from '../src/constructs/mesh-namespace-security';
import { NamespaceNetworkBaseline } from '../src/constructs/network-baseline';
import { NetworkRule, WorkloadNetworkPolicy } from '../src/constructs/network-policy';
import { ObjectMetadata } from '../src/constructs/object-metadata';
import { ScalableService } from '../src/constructs/scalable-service';
import { TrafficRoute } from '../src/constructs/traffic-route';
import { MeshTracing } from '../src/constructs/tracing';
import { imageVersion } from '../src/spec/image';
import {
  Caller, MESH_DEFAULTS, callersByService, calleesFor, circuitBreakerName, circuitBreakerProfile, effectiveTimeout, peerPods, principal,
  resolveEdge, serviceHost, serviceIndex, servicePodLabels,
} from '../src/spec/mesh/plan';
import { ResolvedNamespace, ResolvedRegion, ResolvedService, sortedKeys } from '../src/spec/resolve';
import { PlatformSpec } from '../src/spec/types';
import { SYNC_WAVE, WAVES } from './labels';

/**
 * Labels a mesh platform adds to its Namespace objects: Istio injects a sidecar into every pod.
 * The restricted Pod Security profile forbids istio-init's NET_ADMIN/NET_RAW, so the clusters
 * run Istio with its CNI node agent, which sets up the traffic redirection instead.
 */
export function meshNamespaceLabels(platform: PlatformSpec): Record<string, string> {
  return platform.mesh ? { 'istio-injection': 'enabled' } : {};
}

/** Labels of objects that belong to a namespace or the edge rather than to one workload. */
export function platformLabels(platform: PlatformSpec, region: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': platform.partOf ?? platform.name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [REGION_LABEL]: region,
  };
}

const workloadWave = (): Record<string, string> => ({ [SYNC_WAVE]: WAVES.workloads });

/**
 * The zero-trust baseline every mesh namespace gets (the edge's too): STRICT mTLS, allow-nothing,
 * default-deny NetworkPolicies with DNS, istiod, tracing and Prometheus let through, and tracing.
 */
export function addMeshBaseline(
  scope: Construct, platform: PlatformSpec, region: string, namespace: string, networkPolicyAnnotations: Readonly<Record<string, string>> = {},
): void {
  const mesh = platform.mesh!;
  const metadata = { namespace, labels: platformLabels(platform, region, 'mesh'), annotations: workloadWave() };
  new MeshNamespaceSecurity(scope, 'mesh:security', { metadata });
  new NamespaceNetworkBaseline(scope, 'mesh:network-baseline', {
    metadata: { ...metadata, annotations: { ...metadata.annotations, ...networkPolicyAnnotations } },
    dns: peerPods(mesh.dns, MESH_DEFAULTS.dns),
    controlPlane: peerPods(mesh.controlPlane, MESH_DEFAULTS.controlPlane),
    monitoring: peerPods(mesh.monitoring, { ...mesh.monitoring, ports: MESH_DEFAULTS.monitoringPorts }),
    tracingCollector: mesh.tracing ? peerPods(mesh.tracing.collector, mesh.tracing.collector) : undefined,
  });
  if (mesh.tracing) {
    new MeshTracing(scope, 'mesh:tracing', {
      metadata: { ...metadata, name: 'tracing' },
      provider: mesh.tracing.provider ?? MESH_DEFAULTS.tracingProvider,
      samplingPercentage: mesh.tracing.samplingPercentage,
    });
  }
}

/**
 * Mesh objects of one namespace: the baseline, then per service DestinationRule, VirtualService,
 * authorization, network policy and edge route. Construct ids contain ':', which no service name
 * (a DNS-1035 label) can, so they never collide with the workloads of the same chart.
 */
export function addNamespaceMeshObjects(chart: Chart, platform: PlatformSpec, region: string, namespace: ResolvedNamespace): void {
  if (!platform.mesh) return;
  addMeshBaseline(chart, platform, region, namespace.name);
  const callers = callersByService(platform);
  for (const service of namespace.services) addServiceMeshObjects(chart, platform, region, service, callers.get(service.name) ?? []);

  // Out-of-cluster dependencies of this namespace's services, registered with the mesh once per namespace.
  const external = platform.mesh.externalServices ?? {};
  const called = new Set(namespace.services.flatMap((s) => s.spec.mesh?.callsExternal ?? []));
  for (const name of [...called].sort()) {
    const spec = external[name];
    if (!spec?.hosts) continue;
    new ExternalService(chart, `mesh:external:${name}`, {
      metadata: { name, namespace: namespace.name, labels: platformLabels(platform, region, 'mesh'), annotations: workloadWave() },
      hosts: spec.hosts,
      ports: spec.ports,
    });
  }
}

/** Identity of a service exactly as the namespace chart gives it to ScalableService. */
export function serviceIdentity(platform: PlatformSpec, region: string, service: ResolvedService): WorkloadIdentity {
  return {
    name: service.name,
    instance: `${platform.name}-${service.name}`,
    component: service.spec.component ?? 'api',
    partOf: platform.partOf ?? platform.name,
    version: imageVersion(service.spec.image, service.spec.version)!,
    region,
  };
}

function addServiceMeshObjects(chart: Chart, platform: PlatformSpec, region: string, service: ResolvedService, callers: readonly Caller[]): void {
  const { spec, name, namespace } = service;
  const mesh = spec.mesh ?? {};
  const identity = serviceIdentity(platform, region, service);
  const metadata: ObjectMetadata = { name, namespace, labels: recommendedLabels(identity), annotations: workloadWave() };
  const host = serviceHost(platform, namespace, name);
  const index = serviceIndex(platform);
  const split = mesh.trafficSplit ?? {};
  const targets = sortedKeys(split);
  // Version targets become subsets; a target without a version selects the version rendered here.
  const subsets = Object.fromEntries(targets.filter((t) => split[t].service === undefined).map((t) => [t, split[t].version ?? identity.version]));

  new CircuitBreaker(chart, `${name}:circuit-breaker`, {
    metadata,
    host,
    profile: circuitBreakerProfile(platform, circuitBreakerName(platform, spec)),
    loadBalancer: mesh.loadBalancer,
    subsets,
  });
  new TrafficRoute(chart, `${name}:traffic-route`, {
    metadata,
    host,
    destinations: targets.length === 0 ? [{ host, port: spec.port }] : targets.map((t) => {
      const other = split[t].service !== undefined ? index.get(split[t].service!) : undefined;
      return other
        ? { host: serviceHost(platform, other.namespace, split[t].service!), port: other.spec.port, weight: split[t].weight }
        : { host, port: spec.port, subset: t, weight: split[t].weight };
    }),
    timeout: effectiveTimeout(platform, spec),
    retries: mesh.retries,
  });

  new MeshAuthorization(chart, `${name}:authorization`, {
    metadata,
    podLabels: selectorLabels(identity),
    principals: callers.map((c) => principal(platform, c.namespace, c.serviceAccount)),
    ports: [spec.port],
  });

  const external = platform.mesh?.externalServices ?? {};
  const egress: NetworkRule[] = [
    ...calleesFor(platform, mesh.calls ?? []).map((c): NetworkRule => ({
      peers: [{ namespace: c.namespace, podLabels: servicePodLabels(platform, c.name) }], ports: [{ port: c.port }],
    })),
    ...[...new Set(mesh.callsExternal ?? [])].sort().filter((e) => external[e]).map((e): NetworkRule => ({
      peers: [external[e].cidrs ? { cidrs: external[e].cidrs } : { namespace: external[e].namespace!, podLabels: external[e].podLabels }],
      ports: external[e].ports.map((p) => ({ port: p.number })),
    })),
  ];
  new WorkloadNetworkPolicy(chart, `${name}:network-policy`, {
    metadata,
    podLabels: selectorLabels(identity),
    ingress: callers.length > 0 ? [{ peers: callers.map((c) => ({ namespace: c.namespace, podLabels: c.podLabels })), ports: [{ port: spec.port }] }] : [],
    egress,
  });

  const edge = resolveEdge(platform);
  if (mesh.expose && edge) {
    new GatewayRoute(chart, `${name}:gateway-route`, {
      metadata,
      ingressClassName: edge.kong.ingressClassName,
      paths: mesh.expose.paths,
      serviceName: name,
      servicePort: spec.port,
      rateLimit: mesh.expose.rateLimit !== undefined ? edge.spec.rateLimits?.[mesh.expose.rateLimit] : undefined,
      auth: mesh.expose.auth !== undefined ? edge.spec.auth?.[mesh.expose.auth] : undefined,
    });
    // Kong must send to the Service address with the Service's host, not to pod IPs, so its
    // sidecar applies this service's VirtualService and DestinationRule (and mTLS).
    const workload = chart.node.tryFindChild(name);
    if (workload instanceof ScalableService) {
      workload.service.metadata.addAnnotation('ingress.kubernetes.io/service-upstream', 'true');
      workload.service.metadata.addAnnotation('konghq.com/host-header', host);
    }
  }
}

/** Namespaces the mesh adds to each cluster beside the spec's own: the edge's. */
export function meshNamespaces(platform: PlatformSpec): string[] {
  const edge = resolveEdge(platform);
  return edge ? [edge.namespace] : [];
}

/** Cluster-scoped mesh and edge objects: the certificate ClusterIssuer (the edge Namespace comes with the others). */
export function addClusterMeshObjects(chart: Chart, platform: PlatformSpec, region: ResolvedRegion): void {
  const edge = resolveEdge(platform);
  if (!edge) return;
  new CertificateIssuer(chart, 'mesh:certificate-issuer', {
    metadata: { name: edge.spec.issuer.name, labels: platformLabels(platform, region.name, 'edge'), annotations: { [SYNC_WAVE]: WAVES.cluster } },
    issuer: edge.spec.issuer,
    http01IngressClassName: edge.nginx.ingressClassName,
  });
}
