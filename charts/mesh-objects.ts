import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateIssuer } from '../src/constructs/certificate-issuer';
import { CircuitBreaker } from '../src/constructs/circuit-breaker';
import { ExternalService } from '../src/constructs/external-service';
import { EXTERNAL_PODS_POLICY } from '../src/constructs/edge-gateway';
import { GatewayRoute } from '../src/constructs/gateway-route';
import { MANAGED_BY, REGION_LABEL, recommendedLabels, selectorLabels } from '../src/constructs/labels';
import { MeshAuthorization } from '../src/constructs/mesh-authorization';
import { MeshNamespaceSecurity } from '../src/constructs/mesh-namespace-security';
import { NamespaceNetworkBaseline } from '../src/constructs/network-baseline';
import { NetworkRule, WorkloadNetworkPolicy } from '../src/constructs/network-policy';
import { ObjectMetadata } from '../src/constructs/object-metadata';
import { TrafficRoute } from '../src/constructs/traffic-route';
import { MeshTracing } from '../src/constructs/tracing';
import { ClusterModel, HttpServiceWorkload, NamespaceModel, PlatformModel, ServiceMesh } from '../src/model/types';

/**
 * Labels a mesh platform adds to its Namespace objects: Istio injects a sidecar into every pod.
 * The restricted Pod Security profile forbids istio-init's NET_ADMIN/NET_RAW, so the clusters
 * run Istio with its CNI node agent, which sets up the traffic redirection instead.
 */
export function meshNamespaceLabels(model: PlatformModel): Record<string, string> {
  return model.mesh ? { 'istio-injection': 'enabled' } : {};
}

/** Data kinds whose pods an operator creates (CloudNativePG, Strimzi, the RabbitMQ operator). */
const OPERATOR_RUN_KINDS: ReadonlySet<string> = new Set(['postgres-cluster', 'kafka-cluster', 'rabbitmq-cluster']);

/** Labels of objects that belong to a namespace or the edge rather than to one workload. */
export function platformLabels(model: PlatformModel, region: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': model.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [REGION_LABEL]: region,
  };
}

/**
 * The zero-trust baseline every mesh namespace gets (the edge's too): STRICT mTLS, allow-nothing,
 * default-deny NetworkPolicies with DNS, istiod, tracing and Prometheus let through, and tracing.
 */
export function addMeshBaseline(
  scope: Construct, model: PlatformModel, region: string, namespace: string, networkPolicyAnnotations: Readonly<Record<string, string>> = {},
): void {
  const mesh = model.mesh!;
  const metadata = { namespace, labels: platformLabels(model, region, 'mesh') };
  new MeshNamespaceSecurity(scope, 'mesh:security', { metadata });
  new NamespaceNetworkBaseline(scope, 'mesh:network-baseline', {
    metadata: { ...metadata, annotations: { ...networkPolicyAnnotations } },
    dns: mesh.dns,
    controlPlane: mesh.controlPlane,
    monitoring: mesh.monitoring,
    tracingCollector: mesh.tracing?.collector,
  });
  if (mesh.tracing) {
    new MeshTracing(scope, 'mesh:tracing', {
      metadata: { ...metadata, name: 'tracing' },
      provider: mesh.tracing.provider,
      samplingPercentage: mesh.tracing.samplingPercentage,
    });
  }
}

/**
 * Mesh objects of one namespace: the baseline, then per service DestinationRule, VirtualService,
 * authorization, network policy and edge route. Construct ids contain ':', which no service name
 * (a DNS-1035 label) can, so they never collide with the workloads of the same chart.
 */
export function addNamespaceMeshObjects(chart: Chart, model: PlatformModel, region: string, namespace: NamespaceModel): void {
  if (!model.mesh) return;
  // A namespace of operator-run data clusters only holds no pod template: its pods come from the
  // operators at run time, so linters see the baseline policies select nothing (the edge's case).
  const operatorPodsOnly = namespace.workloads.length > 0 && namespace.workloads.every((w) => OPERATOR_RUN_KINDS.has(w.kind));
  addMeshBaseline(chart, model, region, namespace.name, operatorPodsOnly ? EXTERNAL_PODS_POLICY : {});
  for (const workload of namespace.workloads) {
    if (workload.kind === 'http-service' && workload.mesh) addServiceMeshObjects(chart, workload, workload.mesh);
  }
  for (const entry of namespace.serviceEntries) {
    new ExternalService(chart, `mesh:external:${entry.name}`, {
      metadata: { name: entry.name, namespace: namespace.name, labels: platformLabels(model, region, 'mesh'), ...(Object.keys(entry.annotations).length > 0 ? { annotations: entry.annotations } : {}) },
      hosts: entry.hosts,
      ports: entry.ports,
    });
  }
}

function addServiceMeshObjects(chart: Chart, service: HttpServiceWorkload, mesh: ServiceMesh): void {
  const { identity, namespace, spec } = service;
  const name = identity.name;
  const metadata: ObjectMetadata = { name, namespace, labels: recommendedLabels(identity) };

  new CircuitBreaker(chart, `${name}:circuit-breaker`, {
    metadata,
    host: mesh.host,
    profile: mesh.circuitBreaker,
    loadBalancer: mesh.loadBalancer,
    retryBudget: mesh.retryBudget,
    subsets: mesh.subsets,
  });
  new TrafficRoute(chart, `${name}:traffic-route`, {
    metadata,
    host: mesh.host,
    destinations: mesh.destinations,
    timeout: mesh.timeout,
    retries: mesh.retries,
  });
  new MeshAuthorization(chart, `${name}:authorization`, {
    metadata,
    podLabels: selectorLabels(identity),
    principals: mesh.callers.map((c) => c.principal),
    ports: [spec.port],
  });

  const egress: NetworkRule[] = [
    ...mesh.callees.map((c): NetworkRule => ({ peers: [{ namespace: c.namespace, podLabels: c.podLabels }], ports: [{ port: c.port }] })),
    ...mesh.external.map((e): NetworkRule => ({
      peers: [e.cidrs ? { cidrs: e.cidrs } : { namespace: e.namespace!, podLabels: e.podLabels }],
      ports: e.ports.map((port) => ({ port })),
    })),
  ];
  new WorkloadNetworkPolicy(chart, `${name}:network-policy`, {
    metadata,
    podLabels: selectorLabels(identity),
    ingress: mesh.callers.length > 0
      ? [{ peers: mesh.callers.map((c) => ({ namespace: c.namespace, podLabels: c.podLabels })), ports: [{ port: spec.port }] }]
      : [],
    egress,
  });

  if (mesh.expose) {
    // The Service's Kong upstream annotations come from the model with the workload itself.
    new GatewayRoute(chart, `${name}:gateway-route`, {
      metadata,
      ingressClassName: mesh.expose.ingressClassName,
      paths: mesh.expose.paths,
      serviceName: name,
      servicePort: spec.port,
      rateLimit: mesh.expose.rateLimit,
      auth: mesh.expose.auth,
    });
  }
}

/** Namespaces the mesh adds to each cluster beside the spec's own: the edge's. */
export function meshNamespaces(model: PlatformModel): string[] {
  return model.edge ? [model.edge.namespace] : [];
}

/** Cluster-scoped mesh and edge objects: the certificate ClusterIssuer (the edge Namespace comes with the others). */
export function addClusterMeshObjects(chart: Chart, model: PlatformModel, cluster: ClusterModel): void {
  const edge = model.edge;
  if (!edge) return;
  new CertificateIssuer(chart, 'mesh:certificate-issuer', {
    metadata: { name: edge.issuer.name, labels: platformLabels(model, cluster.region, 'edge') },
    issuer: edge.issuer,
    http01IngressClassName: edge.nginx.ingressClassName,
  });
}
