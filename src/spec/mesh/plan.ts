/**
 * What the mesh spec means once defaults and references are resolved: hosts, identities, who
 * calls whom. Validation and the charts both read it, so the rules check what is rendered.
 */
import { EDGE_DEFAULTS, MESH_DEFAULTS } from '../../model/defaults';
import { instanceName, selectorLabels } from '../../model/identity';
import { sortedKeys } from '../resolve';
import { PlatformSpec, ServiceSpec } from '../types';
import { BUILTIN_CIRCUIT_BREAKERS } from './circuit-breakers';
import { CircuitBreakerProfileSpec, EdgeSpec, PeerPodsSpec } from './types';

export { EDGE_DEFAULTS, MESH_DEFAULTS };

export interface ResolvedController {
  readonly ingressClassName: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
}

/** The edge with every default filled in. */
export interface ResolvedEdge {
  readonly spec: EdgeSpec;
  readonly namespace: string;
  readonly tlsSecretName: string;
  readonly sourceRanges: readonly string[];
  readonly apiServerPorts: readonly number[];
  readonly nginx: ResolvedController;
  readonly kong: ResolvedController & { readonly proxyPort: number };
}

/** Pods allowed to call a service: their namespace, service account (mTLS identity) and labels. */
export interface Caller {
  /** A platform service name, or 'edge' for the Kong gateway. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** A service a workload opens connections to. */
export interface Callee {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
}

export function clusterDomain(platform: PlatformSpec): string {
  return platform.mesh?.clusterDomain ?? MESH_DEFAULTS.clusterDomain;
}

export function serviceHost(platform: PlatformSpec, namespace: string, service: string): string {
  return `${service}.${namespace}.svc.${clusterDomain(platform)}`;
}

/** SPIFFE identity Istio gives a pod: `<trust domain>/ns/<namespace>/sa/<service account>`. */
export function principal(platform: PlatformSpec, namespace: string, serviceAccount: string): string {
  return `${platform.mesh?.trustDomain ?? MESH_DEFAULTS.trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The immutable pod labels ScalableService selects a service's pods by (its selectorLabels). */
export function servicePodLabels(platform: PlatformSpec, service: string): Record<string, string> {
  return selectorLabels({ name: service, instance: instanceName(platform.name, service) });
}

export function peerPods(spec: PeerPodsSpec | undefined, fallback: PeerPodsSpec): Required<PeerPodsSpec> {
  return {
    namespace: spec?.namespace ?? fallback.namespace,
    podLabels: spec?.podLabels ?? fallback.podLabels ?? {},
    ports: spec?.ports ?? fallback.ports ?? [],
  };
}

/** Every declared service by name (names are platform-wide), in name order. */
export function serviceIndex(platform: PlatformSpec): Map<string, { namespace: string; spec: ServiceSpec }> {
  const index = new Map<string, { namespace: string; spec: ServiceSpec }>();
  for (const ns of sortedKeys(platform.namespaces)) {
    for (const name of sortedKeys(platform.namespaces[ns]?.services)) {
      if (!index.has(name)) index.set(name, { namespace: ns, spec: platform.namespaces[ns].services[name] });
    }
  }
  return new Map([...index].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function circuitBreakerProfile(platform: PlatformSpec, name: string | undefined): CircuitBreakerProfileSpec | undefined {
  if (name === undefined) return undefined;
  return platform.mesh?.circuitBreakers?.[name] ?? BUILTIN_CIRCUIT_BREAKERS[name];
}

export function circuitBreakerName(platform: PlatformSpec, spec: ServiceSpec): string | undefined {
  return spec.mesh?.circuitBreaker ?? platform.mesh?.defaultCircuitBreaker;
}

/** The route timeout callers get: the service's own, else its circuit breaker's. */
export function effectiveTimeout(platform: PlatformSpec, spec: ServiceSpec): string | undefined {
  return spec.mesh?.timeout ?? circuitBreakerProfile(platform, circuitBreakerName(platform, spec))?.timeout;
}

export function resolveEdge(platform: PlatformSpec): ResolvedEdge | undefined {
  const spec = platform.mesh?.edge;
  if (!spec) return undefined;
  const controller = (c: typeof spec.nginx, d: ResolvedController): ResolvedController => ({
    ingressClassName: c?.ingressClassName ?? d.ingressClassName,
    podLabels: c?.podLabels ?? d.podLabels,
    serviceAccount: c?.serviceAccount ?? d.serviceAccount,
  });
  return {
    spec,
    namespace: spec.namespace ?? EDGE_DEFAULTS.namespace,
    tlsSecretName: spec.tlsSecretName ?? EDGE_DEFAULTS.tlsSecretName,
    sourceRanges: spec.loadBalancer?.sourceRanges ?? EDGE_DEFAULTS.sourceRanges,
    apiServerPorts: spec.apiServer?.ports ?? EDGE_DEFAULTS.apiServerPorts,
    nginx: controller(spec.nginx, EDGE_DEFAULTS.nginx),
    kong: { ...controller(spec.kong, EDGE_DEFAULTS.kong), proxyPort: spec.kong?.proxyPort ?? EDGE_DEFAULTS.kong.proxyPort },
  };
}

/** Services a split of `service` sends traffic to directly (Istio routes to their pods, not through their own routes). */
export function splitServices(spec: ServiceSpec): string[] {
  const split = spec.mesh?.trafficSplit ?? {};
  return sortedKeys(split).map((k) => split[k]?.service).filter((s): s is string => typeof s === 'string');
}

/**
 * Services a workload connects to for a list of declared targets: each target and the services
 * its traffic split routes to (the caller's sidecar opens those connections itself).
 */
export function calleesFor(platform: PlatformSpec, targets: readonly string[]): Callee[] {
  const index = serviceIndex(platform);
  const names = new Set<string>();
  for (const target of targets) {
    const entry = index.get(target);
    if (!entry) continue;
    names.add(target);
    for (const s of splitServices(entry.spec)) if (index.has(s)) names.add(s);
  }
  return [...names].sort().map((name) => ({ name, namespace: index.get(name)!.namespace, port: index.get(name)!.spec.port }));
}

/** Services the edge gateway (Kong) routes to: every exposed service. */
export function exposedServices(platform: PlatformSpec): string[] {
  return [...serviceIndex(platform)].filter(([, e]) => e.spec.mesh?.expose).map(([name]) => name);
}

/** Who may call each service, derived from every declared `calls` and from the edge. Sorted, deterministic. */
export function callersByService(platform: PlatformSpec): Map<string, Caller[]> {
  const index = serviceIndex(platform);
  const callers = new Map<string, Map<string, Caller>>();
  const add = (callee: string, caller: Caller) => {
    if (!callers.has(callee)) callers.set(callee, new Map());
    callers.get(callee)!.set(`${caller.namespace}/${caller.name}`, caller);
  };
  for (const [name, entry] of index) {
    const caller = { name, namespace: entry.namespace, serviceAccount: name, podLabels: servicePodLabels(platform, name) };
    for (const callee of calleesFor(platform, entry.spec.mesh?.calls ?? [])) add(callee.name, caller);
  }
  const edge = resolveEdge(platform);
  if (edge) {
    const kong = { name: 'edge', namespace: edge.namespace, serviceAccount: edge.kong.serviceAccount, podLabels: edge.kong.podLabels };
    for (const callee of calleesFor(platform, exposedServices(platform))) add(callee.name, kong);
  }
  return new Map([...index.keys()].map((name) => [name, [...(callers.get(name)?.values() ?? [])]
    .sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1))]));
}
