/**
 * The mesh graph (who calls whom, with which identity) and the edge, resolved once per platform.
 * The semantics are those of src/spec/mesh/plan.ts, which the validator reads; here every
 * service index and caller map is built once instead of per service.
 */
import { circuitBreakerName, circuitBreakerProfile, serviceIndex, splitServices } from '../spec/mesh/plan';
import { CircuitBreakerProfileSpec, PeerPodsSpec } from '../spec/mesh/types';
import { ResolvedService, sortedKeys } from '../spec/resolve';
import { PlatformSpec } from '../spec/types';
import { EDGE_DEFAULTS, MESH_DEFAULTS } from './defaults';
import { instanceName, selectorLabels } from './identity';
import { EdgeModel, MeshCaller, MeshModel, MeshPeer, PeerPodsModel, ServiceMesh } from './types';

function peerPods(spec: PeerPodsSpec | undefined, fallback: PeerPodsSpec): PeerPodsModel {
  return {
    namespace: spec?.namespace ?? fallback.namespace,
    podLabels: spec?.podLabels ?? fallback.podLabels ?? {},
    ports: spec?.ports ?? fallback.ports ?? [],
  };
}

/** The retry budget of a destination: the profile's maxRetries, else a share of its request limit, else Envoy's 3. */
export function retryBudget(profile: CircuitBreakerProfileSpec | undefined): number {
  const http = profile?.connectionPool?.http;
  if (http?.maxRetries !== undefined) return http.maxRetries;
  const { percentOfMaxRequests, maxRetries } = MESH_DEFAULTS.retryBudget;
  return http?.http2MaxRequests !== undefined ? Math.max(1, Math.floor((http.http2MaxRequests * percentOfMaxRequests) / 100)) : maxRetries;
}

export interface MeshGraph {
  readonly mesh: MeshModel;
  readonly edge?: EdgeModel;
  /** The mesh facts of one service as a region runs it (`version` picks the default subset). */
  serviceMesh(service: ResolvedService, version: string): ServiceMesh;
}

/** The graph of a mesh platform, or undefined without `mesh`. */
export function buildMeshGraph(platform: PlatformSpec): MeshGraph | undefined {
  const spec = platform.mesh;
  if (!spec) return undefined;
  const clusterDomain = spec.clusterDomain ?? MESH_DEFAULTS.clusterDomain;
  const trustDomain = spec.trustDomain ?? MESH_DEFAULTS.trustDomain;
  const host = (namespace: string, service: string) => `${service}.${namespace}.svc.${clusterDomain}`;
  const principal = (namespace: string, serviceAccount: string) => `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
  const podLabels = (service: string) => selectorLabels({ name: service, instance: instanceName(platform.name, service) });

  const index = serviceIndex(platform);
  const names = [...index.keys()];
  // Each target and the services its split routes to (the caller's sidecar connects to those itself).
  const callees = (targets: readonly string[]): MeshPeer[] => {
    const found = new Set<string>();
    for (const target of targets) {
      const entry = index.get(target);
      if (!entry) continue;
      found.add(target);
      for (const s of splitServices(entry.spec)) if (index.has(s)) found.add(s);
    }
    return [...found].sort().map((name) => ({ name, namespace: index.get(name)!.namespace, port: index.get(name)!.spec.port, podLabels: podLabels(name) }));
  };

  const mesh: MeshModel = {
    clusterDomain,
    trustDomain,
    dns: peerPods(spec.dns, MESH_DEFAULTS.dns),
    controlPlane: peerPods(spec.controlPlane, MESH_DEFAULTS.controlPlane),
    monitoring: peerPods(spec.monitoring, { ...spec.monitoring, ports: MESH_DEFAULTS.monitoringPorts }),
    ...(spec.tracing ? {
      tracing: {
        provider: spec.tracing.provider ?? MESH_DEFAULTS.tracingProvider,
        samplingPercentage: spec.tracing.samplingPercentage,
        collector: peerPods(spec.tracing.collector, spec.tracing.collector),
      },
    } : {}),
  };

  const exposed = names.filter((n) => index.get(n)!.spec.mesh?.expose);
  const edgeSpec = spec.edge;
  let edge: EdgeModel | undefined;
  if (edgeSpec) {
    const controller = (c: typeof edgeSpec.nginx, d: { ingressClassName: string; podLabels: Readonly<Record<string, string>>; serviceAccount: string }) => ({
      ingressClassName: c?.ingressClassName ?? d.ingressClassName,
      podLabels: c?.podLabels ?? d.podLabels,
      serviceAccount: c?.serviceAccount ?? d.serviceAccount,
    });
    const namespace = edgeSpec.namespace ?? EDGE_DEFAULTS.namespace;
    const nginx = controller(edgeSpec.nginx, EDGE_DEFAULTS.nginx);
    const acme = edgeSpec.issuer.acme;
    edge = {
      namespace,
      hosts: edgeSpec.hosts,
      issuer: edgeSpec.issuer,
      tlsSecretName: edgeSpec.tlsSecretName ?? EDGE_DEFAULTS.tlsSecretName,
      loadBalancer: {
        serviceName: EDGE_DEFAULTS.loadBalancerServiceName,
        scheme: edgeSpec.loadBalancer.scheme,
        sourceRanges: edgeSpec.loadBalancer?.sourceRanges ?? EDGE_DEFAULTS.sourceRanges,
      },
      apiServer: { cidrs: edgeSpec.apiServer.cidrs, ports: edgeSpec.apiServer?.ports ?? EDGE_DEFAULTS.apiServerPorts },
      nginx,
      kong: {
        ...controller(edgeSpec.kong, EDGE_DEFAULTS.kong),
        proxyPort: edgeSpec.kong?.proxyPort ?? EDGE_DEFAULTS.kong.proxyPort,
        replicas: edgeSpec.kong?.replicas ?? EDGE_DEFAULTS.kongReplicas,
        ...(edgeSpec.kong?.resources ? { resources: edgeSpec.kong.resources } : {}),
      },
      kongService: { name: EDGE_DEFAULTS.kongServiceName, port: EDGE_DEFAULTS.kongServicePort, host: host(namespace, EDGE_DEFAULTS.kongServiceName) },
      nginxPrincipal: principal(namespace, nginx.serviceAccount),
      upstreams: callees(exposed).map((c) => ({ namespace: c.namespace, podLabels: c.podLabels, port: c.port })),
      http01Solver: acme !== undefined && 'http01' in acme.solver,
    };
  }

  // Who may call each service: every declared `calls`, and the edge for exposed services.
  const callers = new Map<string, Map<string, MeshCaller>>();
  const add = (callee: string, caller: MeshCaller) => {
    if (!callers.has(callee)) callers.set(callee, new Map());
    callers.get(callee)!.set(`${caller.namespace}/${caller.name}`, caller);
  };
  for (const name of names) {
    const entry = index.get(name)!;
    const caller = { name, namespace: entry.namespace, serviceAccount: name, podLabels: podLabels(name), principal: principal(entry.namespace, name) };
    for (const callee of callees(entry.spec.mesh?.calls ?? [])) add(callee.name, caller);
  }
  if (edge) {
    const kong = { name: 'edge', namespace: edge.namespace, serviceAccount: edge.kong.serviceAccount, podLabels: edge.kong.podLabels, principal: principal(edge.namespace, edge.kong.serviceAccount) };
    for (const callee of callees(exposed)) add(callee.name, kong);
  }
  const callersOf = new Map(names.map((name) => [name, [...(callers.get(name)?.values() ?? [])]
    .sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1))]));
  const calleesOf = new Map(names.map((name) => [name, callees(index.get(name)!.spec.mesh?.calls ?? [])]));

  const serviceMesh = (service: ResolvedService, version: string): ServiceMesh => {
    const { spec: s, name, namespace } = service;
    const m = s.mesh ?? {};
    const own = host(namespace, name);
    const split = m.trafficSplit ?? {};
    const targets = sortedKeys(split);
    const circuitBreaker = circuitBreakerProfile(platform, circuitBreakerName(platform, s));
    const external = spec.externalServices ?? {};
    return {
      host: own,
      circuitBreaker,
      loadBalancer: m.loadBalancer,
      // Version targets become subsets; a target without a version selects the version rendered here.
      subsets: Object.fromEntries(targets.filter((t) => split[t].service === undefined).map((t) => [t, split[t].version ?? version])),
      destinations: targets.length === 0 ? [{ host: own, port: s.port }] : targets.map((t) => {
        const other = split[t].service !== undefined ? index.get(split[t].service!) : undefined;
        return other
          ? { host: host(other.namespace, split[t].service!), port: other.spec.port, weight: split[t].weight }
          : { host: own, port: s.port, subset: t, weight: split[t].weight };
      }),
      timeout: m.timeout ?? circuitBreaker?.timeout,
      retries: m.retries ? { attempts: m.retries.attempts, perTryTimeout: m.retries.perTryTimeout, retryOn: m.retries.retryOn } : MESH_DEFAULTS.retries,
      retryBudget: retryBudget(circuitBreaker),
      callers: callersOf.get(name) ?? [],
      callees: calleesOf.get(name) ?? callees(m.calls ?? []),
      external: [...new Set(m.callsExternal ?? [])].sort().filter((e) => external[e]).map((e) => ({
        ...(external[e].cidrs ? { cidrs: external[e].cidrs } : { namespace: external[e].namespace!, podLabels: external[e].podLabels }),
        ports: external[e].ports.map((p) => p.number),
      })),
      ...(m.expose && edge ? {
        expose: {
          ingressClassName: edge.kong.ingressClassName,
          paths: m.expose.paths,
          rateLimit: m.expose.rateLimit !== undefined ? edgeSpec!.rateLimits?.[m.expose.rateLimit] : undefined,
          auth: m.expose.auth !== undefined ? edgeSpec!.auth?.[m.expose.auth] : undefined,
        },
      } : {}),
    };
  };
  return { mesh, edge, serviceMesh };
}
