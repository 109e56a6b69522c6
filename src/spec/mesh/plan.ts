/**
 * Mesh references as the spec states them: the service index, circuit-breaker profiles, split
 * targets and timeouts. The validator reads these, and the model's mesh graph
 * (src/model/mesh.ts) is built from the same functions, so the rules check what is rendered.
 */
import { sortedKeys } from '../resolve';
import { ownEntry } from '../own-entry';
import { PlatformSpec, ServiceSpec } from '../types';
import { BUILTIN_CIRCUIT_BREAKERS } from './circuit-breakers';
import { CircuitBreakerProfileSpec } from './types';

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
  return ownEntry(platform.mesh?.circuitBreakers, name) ?? ownEntry(BUILTIN_CIRCUIT_BREAKERS, name);
}

export function circuitBreakerName(platform: PlatformSpec, spec: ServiceSpec): string | undefined {
  return spec.mesh?.circuitBreaker ?? platform.mesh?.defaultCircuitBreaker;
}

/** The route timeout callers get: the service's own, else its circuit breaker's. */
export function effectiveTimeout(platform: PlatformSpec, spec: ServiceSpec): string | undefined {
  return spec.mesh?.timeout ?? circuitBreakerProfile(platform, circuitBreakerName(platform, spec))?.timeout;
}

/** Services a split of `service` sends traffic to directly (Istio routes to their pods, not through their own routes). */
export function splitServices(spec: ServiceSpec): string[] {
  const split = spec.mesh?.trafficSplit ?? {};
  return sortedKeys(split).map((k) => split[k]?.service).filter((s): s is string => typeof s === 'string');
}
