import { servicePath, sortedKeys } from '../resolve';
import { hasOwnEntry } from '../own-entry';
import { checkKnownFields } from '../rules/structure';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import {
  checkCidrs, checkDuration, checkEnum, checkInt, checkLabels, checkNamespaceName, checkOptionalInt, checkPorts,
  isDnsSubdomain, isRecord, recordKeys, requireObject,
} from './checks';
import { BUILTIN_CIRCUIT_BREAKERS } from './circuit-breakers';
import { CircuitBreakerProfileSpec, ExternalServiceSpec, MeshPlatformSpec, PeerPodsSpec } from './types';
import { checkEdge } from './validate-edge';
import { checkProfileRef, checkServiceMesh, checkTrafficSplitPerRegion } from './validate-service';

const MESH_FIELDS = [
  'clusterDomain', 'trustDomain', 'circuitBreakers', 'defaultCircuitBreaker', 'controlPlane', 'dns', 'monitoring', 'tracing',
  'externalServices', 'edge',
];
const PROFILE_FIELDS = ['timeout', 'connectionPool', 'outlierDetection'];
const OUTLIER_FIELDS = ['consecutive5xxErrors', 'consecutiveGatewayErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent', 'minHealthPercent'];
const EXTERNAL_PROTOCOLS = ['TCP', 'TLS', 'HTTP', 'HTTPS', 'GRPC'];

/**
 * Mesh and edge rules. Without a `mesh` section nothing is rendered, so mesh settings on a
 * service would be silently ignored: that is an error too.
 */
export function checkMesh(platform: PlatformSpec, out: IssueCollector): void {
  const mesh = platform.mesh;
  if (mesh === undefined) {
    for (const ns of sortedKeys(platform.namespaces)) {
      for (const svc of sortedKeys(platform.namespaces[ns]?.services)) {
        if (platform.namespaces[ns].services[svc]?.mesh !== undefined) {
          out.report(`${servicePath(platform, ns, svc)}.mesh`, 'mesh-required',
            `service '${svc}' has mesh settings but the platform has no 'mesh' section, so nothing of them would be rendered`);
        }
      }
    }
    if (platform.observability?.slo !== undefined) {
      out.report(`${platform.name}.observability.slo`, 'mesh-required',
        "the SLO is measured from the sidecars' request metrics (istio_requests_total), but the platform has no 'mesh' section, so no SLO alert would be rendered");
    }
    return;
  }
  const path = `${platform.name}.mesh`;
  if (!isRecord(mesh)) {
    out.report(path, 'mesh-type', 'mesh must be an object');
    return;
  }
  checkKnownFields(mesh, MESH_FIELDS, path, out);
  for (const field of ['clusterDomain', 'trustDomain'] as const) {
    if (mesh[field] !== undefined && !isDnsSubdomain(mesh[field])) {
      out.report(`${path}.${field}`, 'dns-1123-name', `${field} ${JSON.stringify(mesh[field])} is not a DNS name such as cluster.local`);
    }
  }
  checkPeerPods(mesh.controlPlane, `${path}.controlPlane`, out);
  checkPeerPods(mesh.dns, `${path}.dns`, out);
  if (mesh.monitoring === undefined) {
    out.report(`${path}.monitoring`, 'mesh-required',
      'the mesh needs the Prometheus pods (monitoring.namespace): the default-deny NetworkPolicies would otherwise block every scrape');
  } else {
    checkPeerPods(mesh.monitoring, `${path}.monitoring`, out);
  }
  for (const name of recordKeys(mesh.circuitBreakers, `${path}.circuitBreakers`, out)) checkProfile(name, mesh.circuitBreakers![name], `${path}.circuitBreakers.${name}`, out);
  if (mesh.defaultCircuitBreaker !== undefined) checkProfileRef(platform, mesh.defaultCircuitBreaker, `${path}.defaultCircuitBreaker`, out);
  checkTracing(mesh, `${path}.tracing`, out);
  for (const name of recordKeys(mesh.externalServices, `${path}.externalServices`, out)) checkExternal(name, mesh.externalServices![name], `${path}.externalServices.${name}`, out);

  for (const ns of sortedKeys(platform.namespaces)) {
    for (const svc of sortedKeys(platform.namespaces[ns]?.services)) checkServiceMesh(platform, ns, svc, out);
  }
  checkTrafficSplitPerRegion(platform, out);
  checkEdge(platform, out);
}

function checkPeerPods(spec: PeerPodsSpec | undefined, path: string, out: IssueCollector, portsRequired = false): void {
  if (spec === undefined || !requireObject(spec, path, out)) return;
  checkKnownFields(spec, ['namespace', 'podLabels', 'ports'], path, out);
  checkNamespaceName(spec.namespace, `${path}.namespace`, out);
  checkLabels(spec.podLabels, `${path}.podLabels`, out);
  checkPorts(spec.ports, `${path}.ports`, out, portsRequired);
}

function checkProfile(name: string, profile: CircuitBreakerProfileSpec, path: string, out: IssueCollector): void {
  if (hasOwnEntry(BUILTIN_CIRCUIT_BREAKERS, name)) {
    out.report(path, 'circuit-breaker', `profile '${name}' would shadow the built-in profile of the same name; choose another name`);
  }
  if (!isRecord(profile)) {
    out.report(path, 'circuit-breaker', 'a circuit breaker profile must be an object');
    return;
  }
  checkKnownFields(profile, PROFILE_FIELDS, path, out);
  if (profile.timeout !== undefined) checkDuration(profile.timeout, `${path}.timeout`, out);

  const pool = profile.connectionPool;
  if (pool !== undefined && requireObject(pool, `${path}.connectionPool`, out)) {
    checkKnownFields(pool, ['tcp', 'http'], `${path}.connectionPool`, out);
    const tcp = pool.tcp;
    if (tcp !== undefined && requireObject(tcp, `${path}.connectionPool.tcp`, out)) {
      checkKnownFields(tcp, ['maxConnections', 'connectTimeout'], `${path}.connectionPool.tcp`, out);
      checkOptionalInt(tcp.maxConnections, `${path}.connectionPool.tcp.maxConnections`, out, 1);
      if (tcp.connectTimeout !== undefined) checkDuration(tcp.connectTimeout, `${path}.connectionPool.tcp.connectTimeout`, out);
    }
    const http = pool.http;
    if (http !== undefined && requireObject(http, `${path}.connectionPool.http`, out)) {
      const hp = `${path}.connectionPool.http`;
      checkKnownFields(http, ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'idleTimeout'], hp, out);
      checkOptionalInt(http.http1MaxPendingRequests, `${hp}.http1MaxPendingRequests`, out, 1);
      checkOptionalInt(http.http2MaxRequests, `${hp}.http2MaxRequests`, out, 1);
      checkOptionalInt(http.maxRequestsPerConnection, `${hp}.maxRequestsPerConnection`, out, 0);
      checkOptionalInt(http.maxRetries, `${hp}.maxRetries`, out, 0);
      checkRetryBudget(http, hp, out);
      if (http.idleTimeout !== undefined) checkDuration(http.idleTimeout, `${hp}.idleTimeout`, out);
    }
  }

  const od = profile.outlierDetection;
  const op = `${path}.outlierDetection`;
  if (!isRecord(od)) {
    out.report(op, 'circuit-breaker', 'a circuit breaker needs outlierDetection (interval, baseEjectionTime and an error count)');
    return;
  }
  checkKnownFields(od, OUTLIER_FIELDS, op, out);
  checkOptionalInt(od.consecutive5xxErrors, `${op}.consecutive5xxErrors`, out, 0);
  checkOptionalInt(od.consecutiveGatewayErrors, `${op}.consecutiveGatewayErrors`, out, 0);
  checkDuration(od.interval, `${op}.interval`, out);
  checkDuration(od.baseEjectionTime, `${op}.baseEjectionTime`, out);
  checkOptionalInt(od.maxEjectionPercent, `${op}.maxEjectionPercent`, out, 0, 100);
  checkOptionalInt(od.minHealthPercent, `${op}.minHealthPercent`, out, 0, 100);
  // Istio ejects after 5 consecutive 5xx unless told otherwise; 0 turns that detector off.
  if (od.consecutive5xxErrors === 0 && !((od.consecutiveGatewayErrors ?? 0) > 0)) {
    out.report(op, 'circuit-breaker', 'this breaker never trips: consecutive5xxErrors is 0 and consecutiveGatewayErrors is not set above 0');
  }
  if (od.maxEjectionPercent === 0) {
    out.report(`${op}.maxEjectionPercent`, 'circuit-breaker', 'maxEjectionPercent 0 lets no pod be ejected, so this breaker never trips');
  }
}

function checkTracing(mesh: MeshPlatformSpec, path: string, out: IssueCollector): void {
  const tracing = mesh.tracing;
  if (tracing === undefined || !requireObject(tracing, path, out)) return;
  checkKnownFields(tracing, ['provider', 'samplingPercentage', 'collector'], path, out);
  const rate = tracing.samplingPercentage;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 100) {
    out.report(`${path}.samplingPercentage`, 'sampling-percentage',
      `samplingPercentage ${JSON.stringify(rate)} is outside 0–100 (the percentage of requests traced; 0.1 traces one in a thousand)`);
  }
  if (tracing.provider !== undefined && (typeof tracing.provider !== 'string' || tracing.provider.length === 0)) {
    out.report(`${path}.provider`, 'mesh-type', 'provider must name a tracing extensionProvider of Istio\'s MeshConfig');
  }
  if (!isRecord(tracing.collector)) {
    out.report(`${path}.collector`, 'mesh-required', 'tracing needs the Jaeger collector pods (namespace, podLabels, ports) so sidecars may reach them');
  } else {
    checkPeerPods(tracing.collector, `${path}.collector`, out, true);
  }
}

function checkExternal(name: string, spec: ExternalServiceSpec, path: string, out: IssueCollector): void {
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
    out.report(path, 'dns-1123-name', `external service name '${name}' is not a DNS-1035 label (it names a ServiceEntry)`);
  }
  if (!requireObject(spec, path, out)) return;
  checkKnownFields(spec, ['hosts', 'cidrs', 'namespace', 'podLabels', 'ports', 'connectionBudget', 'sizing'], path, out);
  const outside = spec.hosts !== undefined || spec.cidrs !== undefined;
  const inside = spec.namespace !== undefined || spec.podLabels !== undefined;
  if (outside === inside) {
    out.report(path, 'external-service', outside
      ? 'declare either hosts and cidrs (outside the cluster) or namespace and podLabels (inside it), not both'
      : 'declare hosts and cidrs (outside the cluster: ServiceEntry and ipBlock) or namespace and podLabels (inside it)');
  } else if (outside) {
    const hosts = spec.hosts;
    if (!Array.isArray(hosts) || hosts.length === 0) {
      out.report(`${path}.hosts`, 'external-service', 'an external service outside the cluster needs its DNS names (hosts) for the ServiceEntry');
    } else {
      hosts.forEach((h, i) => {
        if (!isDnsSubdomain(typeof h === 'string' ? h.replace(/^\*\./, '') : h)) out.report(`${path}.hosts.${i}`, 'external-service', `${JSON.stringify(h)} is not a DNS name`);
      });
    }
    // NetworkPolicy cannot match DNS names: the addresses are required, or the policy would block the calls.
    checkCidrs(spec.cidrs, `${path}.cidrs`, out, true);
  } else {
    checkNamespaceName(spec.namespace, `${path}.namespace`, out);
    checkLabels(spec.podLabels, `${path}.podLabels`, out);
  }
  if (!Array.isArray(spec.ports) || spec.ports.length === 0) {
    out.report(`${path}.ports`, 'external-service', 'needs at least one port: { number, protocol }');
    return;
  }
  const seen = new Set<number>();
  spec.ports.forEach((port, i) => {
    if (!requireObject(port, `${path}.ports.${i}`, out)) return;
    checkKnownFields(port, ['number', 'protocol'], `${path}.ports.${i}`, out);
    if (checkInt(port.number, `${path}.ports.${i}.number`, out, 1, 65535)) {
      if (seen.has(port.number)) out.report(`${path}.ports.${i}.number`, 'external-service', `port ${port.number} is listed twice`);
      seen.add(port.number);
    }
    checkEnum(port.protocol, EXTERNAL_PROTOCOLS, `${path}.ports.${i}.protocol`, 'protocol', out);
  });
}

/**
 * Istio reads maxRetries 0 as unset, i.e. unlimited (2^32 - 1); a budget above the concurrent
 * request limit lets every in-flight request be retried at once, doubling the destination's load.
 */
function checkRetryBudget(http: { maxRetries?: unknown; http2MaxRequests?: unknown }, path: string, out: IssueCollector): void {
  const budget = http.maxRetries;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return;
  if (budget === 0) {
    out.report(`${path}.maxRetries`, 'retry-budget-bound',
      'maxRetries 0 is Istio\'s unset value, an unlimited retry budget; give at least 1, or leave it out for 20 % of http2MaxRequests');
  } else if (typeof http.http2MaxRequests === 'number' && budget > http.http2MaxRequests) {
    out.report(`${path}.maxRetries`, 'retry-budget-bound',
      `maxRetries (${budget}) exceeds http2MaxRequests (${http.http2MaxRequests}): every in-flight request could be retried at once, `
      + 'doubling the load on an overloaded destination; keep the budget to a share of the request limit, e.g. 10-20 %');
  }
}
