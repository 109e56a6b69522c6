import { imageVersion } from '../image';
import { isDns1123Label, isLabelValue } from '../names';
import { hasOwnEntry } from '../own-entry';
import { resolveRegions, servicePath, sortedKeys } from '../resolve';
import { checkKnownFields } from '../rules/structure';
import { PlatformSpec, ServiceSpec } from '../types';
import type { IssueCollector } from '../validate';
import { checkDuration, checkEnum, checkInt, isRecord, requireObject, stringList } from './checks';
import { BUILTIN_CIRCUIT_BREAKERS } from './circuit-breakers';
import { durationMs, formatDuration } from './duration';
import { circuitBreakerName, circuitBreakerProfile, effectiveTimeout, serviceIndex, splitServices } from './plan';
import { ServiceMeshSpec } from './types';

const SERVICE_MESH_FIELDS = ['circuitBreaker', 'loadBalancer', 'timeout', 'retries', 'trafficSplit', 'calls', 'callsExternal', 'expose'];
const ALGORITHMS = ['ROUND_ROBIN', 'LEAST_REQUEST', 'CONSISTENT_HASH'];
/** Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on conditions, as Istio accepts them in `retryOn`. */
export const RETRY_ON = [
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function checkProfileRef(platform: PlatformSpec, name: unknown, path: string, out: IssueCollector): void {
  if (typeof name === 'string' && circuitBreakerProfile(platform, name)) return;
  const known = [...new Set([...sortedKeys(platform.mesh?.circuitBreakers), ...sortedKeys(BUILTIN_CIRCUIT_BREAKERS)])].sort();
  out.report(path, 'unknown-circuit-breaker', `circuit breaker profile ${JSON.stringify(name)} is not defined; known profiles: ${known.join(', ')}`);
}

/** One service's mesh settings, as declared (they are the same in every region). */
export function checkServiceMesh(platform: PlatformSpec, ns: string, svc: string, out: IssueCollector): void {
  const spec = platform.namespaces[ns].services[svc];
  const mesh = spec.mesh;
  if (mesh === undefined) return;
  const path = `${servicePath(platform, ns, svc)}.mesh`;
  if (!isRecord(mesh)) {
    out.report(path, 'mesh-type', 'mesh must be an object');
    return;
  }
  checkKnownFields(mesh, SERVICE_MESH_FIELDS, path, out);
  if (mesh.circuitBreaker !== undefined) checkProfileRef(platform, mesh.circuitBreaker, `${path}.circuitBreaker`, out);
  if (mesh.timeout !== undefined) checkDuration(mesh.timeout, `${path}.timeout`, out);
  checkLoadBalancer(mesh, svc, path, out);
  checkRetries(platform, spec, path, out);
  checkTrafficSplit(platform, svc, mesh, path, out);
  checkCalls(platform, svc, mesh, path, out);
}

function checkLoadBalancer(mesh: ServiceMeshSpec, svc: string, path: string, out: IssueCollector): void {
  const lb = mesh.loadBalancer;
  const lp = `${path}.loadBalancer`;
  if (lb === undefined || !requireObject(lb, lp, out)) return;
  checkKnownFields(lb, ['algorithm', 'hashBy'], lp, out);
  if (!checkEnum(lb.algorithm, ALGORITHMS, `${lp}.algorithm`, 'load-balancing algorithm', out)) return;
  if (lb.algorithm !== 'CONSISTENT_HASH') {
    if (lb.hashBy !== undefined) out.report(`${lp}.hashBy`, 'load-balancer', `hashBy only applies to CONSISTENT_HASH (algorithm is ${lb.algorithm})`);
    return;
  }
  const hashBy = isRecord(lb.hashBy) ? lb.hashBy : {};
  checkKnownFields(hashBy, ['header', 'cookie', 'sourceIp'], `${lp}.hashBy`, out);
  const keys = (['header', 'cookie', 'sourceIp'] as const).filter((k) => hashBy[k] !== undefined && hashBy[k] !== false);
  if (keys.length !== 1) {
    out.report(`${lp}.hashBy`, 'load-balancer',
      `CONSISTENT_HASH needs exactly one hashBy key (header, cookie or sourceIp: true); found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  }
  if (hashBy.header !== undefined && (typeof hashBy.header !== 'string' || !HEADER_NAME.test(hashBy.header))) {
    out.report(`${lp}.hashBy.header`, 'load-balancer', `${JSON.stringify(hashBy.header)} is not an HTTP header name`);
  }
  if (hashBy.cookie !== undefined && requireObject(hashBy.cookie, `${lp}.hashBy.cookie`, out)) {
    checkKnownFields(hashBy.cookie, ['name', 'ttl', 'path'], `${lp}.hashBy.cookie`, out);
    if (typeof hashBy.cookie.name !== 'string' || !HEADER_NAME.test(hashBy.cookie.name)) {
      out.report(`${lp}.hashBy.cookie.name`, 'load-balancer', 'the affinity cookie needs a name');
    }
    if (hashBy.cookie.ttl !== undefined) checkDuration(hashBy.cookie.ttl, `${lp}.hashBy.cookie.ttl`, out);
  }
  if (hashBy.sourceIp === true && mesh.expose !== undefined) {
    out.report(`${lp}.hashBy.sourceIp`, 'source-ip-hash-behind-gateway',
      `'${svc}' is exposed through the edge, so every request arrives from a Kong pod: hashing on the source IP pins all clients `
      + 'of one Kong pod to one pod of this service. Hash on a header or cookie instead');
  }
  if (sortedKeys(mesh.trafficSplit).length > 1) {
    // A warning: a short canary may accept broken affinity, but it must be a decision.
    out.warn(lp, 'hash-with-canary',
      'consistent hashing (session affinity) together with a weighted trafficSplit: the split picks a destination per request '
      + 'before the hash applies, so sessions move between the split targets. Drop the affinity while the canary runs');
  }
}

/** Conditions where the request never reached a server: safe to resend whatever the method. */
const SAFE_RETRY_ON: readonly string[] = ['connect-failure', 'refused-stream', 'reset-before-request'];

function checkRetries(platform: PlatformSpec, spec: ServiceSpec, path: string, out: IssueCollector): void {
  const retries = spec.mesh?.retries;
  const rp = `${path}.retries`;
  if (retries === undefined || !requireObject(retries, rp, out)) return;
  checkKnownFields(retries, ['attempts', 'perTryTimeout', 'retryOn', 'idempotent'], rp, out);
  const attemptsOk = checkInt(retries.attempts, `${rp}.attempts`, out, 0, 100);
  const perTry = checkDuration(retries.perTryTimeout, `${rp}.perTryTimeout`, out);
  if (!Array.isArray(retries.retryOn) || retries.retryOn.length === 0) {
    out.report(`${rp}.retryOn`, 'retry-on', `needs at least one retry condition: ${RETRY_ON.join(', ')} or an HTTP status code`);
  } else {
    retries.retryOn.forEach((cond, i) => {
      if (typeof cond === 'string' && (RETRY_ON.includes(cond) || /^[1-5]\d\d$/.test(cond))) return;
      out.report(`${rp}.retryOn.${i}`, 'retry-on', `${JSON.stringify(cond)} is not a retry condition; use ${RETRY_ON.join(', ')} or an HTTP status code`);
    });
    // Only valid conditions (an invalid one is retry-on's); of those, all but the pre-connection ones.
    const unsafe = retries.retryOn.filter((c) => typeof c === 'string' && (RETRY_ON.includes(c) || /^[1-5]\d\d$/.test(c)) && !SAFE_RETRY_ON.includes(c));
    if (unsafe.length > 0 && retries.idempotent !== true) {
      out.report(`${rp}.retryOn`, 'retry-idempotent',
        `${unsafe.join(', ')} retr${unsafe.length === 1 ? 'ies' : 'y'} a request a server may already have run, so a non-idempotent request runs twice `
        + 'and under overload every retry adds load; keep only connect-failure, refused-stream and reset-before-request, '
        + 'or set retries.idempotent: true if every request of this route is safe to repeat');
    }
  }
  const timeoutText = effectiveTimeout(platform, spec);
  const timeout = durationMs(timeoutText);
  if (!attemptsOk || perTry === undefined || timeout === undefined) return;
  // Istio's perTryTimeout bounds the first try and every retry; the route timeout bounds them all.
  const worst = (retries.attempts + 1) * perTry;
  if (worst > timeout) {
    const source = spec.mesh?.timeout !== undefined ? 'mesh.timeout' : `circuit breaker '${circuitBreakerName(platform, spec)}'`;
    out.report(rp, 'retry-budget',
      `retries overrun the timeout: attempts × perTryTimeout plus the first try = (${retries.attempts} + 1) × ${retries.perTryTimeout} = `
      + `${formatDuration(worst)} > timeout ${timeoutText} (from ${source}), so the timeout would cut the last retries short; `
      + 'lower attempts or perTryTimeout, or raise the timeout');
  }
}

function checkTrafficSplit(platform: PlatformSpec, svc: string, mesh: ServiceMeshSpec, path: string, out: IssueCollector): void {
  const split = mesh.trafficSplit;
  if (split === undefined) return;
  const sp = `${path}.trafficSplit`;
  const names = isRecord(split) ? sortedKeys(split) : [];
  if (names.length === 0) {
    out.report(sp, 'traffic-split', 'a trafficSplit needs at least one named target');
    return;
  }
  const index = serviceIndex(platform);
  let sum = 0;
  let weightsOk = true;
  for (const name of names) {
    const target = split[name];
    const tp = `${sp}.${name}`;
    if (!isDns1123Label(name)) out.report(tp, 'dns-1123-name', `split target name '${name}' is not a DNS-1123 label (it names a DestinationRule subset)`);
    if (!isRecord(target)) {
      out.report(tp, 'traffic-split', 'a split target must be an object: { weight, version? , service? }');
      weightsOk = false;
      continue;
    }
    checkKnownFields(target, ['weight', 'version', 'service'], tp, out);
    if (checkInt(target.weight, `${tp}.weight`, out, 0, 100)) sum += target.weight;
    else weightsOk = false;
    if (target.version !== undefined && target.service !== undefined) {
      out.report(tp, 'traffic-split', 'a split target is a version of this service or another service, not both');
    }
    if (target.version !== undefined && (typeof target.version !== 'string' || !isLabelValue(target.version))) {
      out.report(`${tp}.version`, 'traffic-split', `${JSON.stringify(target.version)} is not a valid app.kubernetes.io/version label value`);
    }
    if (target.service === undefined) continue;
    const other = index.get(target.service);
    if (target.service === svc) {
      out.report(`${tp}.service`, 'traffic-split', `'${svc}' is this service; leave out 'service' to route to a version of it`);
    } else if (!other) {
      out.report(`${tp}.service`, 'host-resolves',
        `VirtualService '${svc}' would route ${target.weight} % to service '${target.service}', whose host resolves to no rendered Service; `
        + `declared services: ${[...index.keys()].join(', ')}`);
    } else if (splitServices(other.spec).length > 0 || other.spec.mesh?.trafficSplit) {
      out.report(`${tp}.service`, 'traffic-split',
        `'${target.service}' has a trafficSplit of its own, which Istio does not apply to traffic routed here from '${svc}' (routes do not chain)`);
    }
  }
  if (weightsOk && sum !== 100) {
    out.report(sp, 'traffic-split', `weights sum to ${sum}, not 100 (${names.map((n) => `${n}: ${split[n].weight}`).join(', ')})`);
  }
}

/**
 * Version targets per region: a region may override the image, so the version this compiler
 * renders (the one a target without `version` selects) can differ between clusters.
 */
export function checkTrafficSplitPerRegion(platform: PlatformSpec, out: IssueCollector): void {
  for (const region of resolveRegions(platform)) {
    for (const ns of region.namespaces) {
      for (const service of ns.services) {
        const split = service.spec.mesh?.trafficSplit;
        if (!isRecord(split)) continue;
        const rendered = imageVersion(service.spec.image, service.spec.version);
        const versions = sortedKeys(split).filter((n) => isRecord(split[n]) && split[n].service === undefined)
          .map((n) => ({ name: n, version: split[n].version ?? rendered }));
        if (versions.length === 0) continue;
        const sp = `${servicePath(platform, ns.name, service.name)}.mesh.trafficSplit`;
        if (!versions.some((v) => v.version === rendered)) {
          out.report(sp, 'traffic-split',
            `in region '${region.name}' '${service.name}' runs version ${rendered}, which no split target selects: the pods this compiler renders would get no traffic`);
        }
        for (const [i, v] of versions.entries()) {
          const first = versions.findIndex((w) => w.version === v.version);
          if (first < i) {
            out.report(`${sp}.${v.name}`, 'traffic-split',
              `in region '${region.name}' split targets '${versions[first].name}' and '${v.name}' both select version ${v.version}`);
          }
        }
      }
    }
  }
}

function checkCalls(platform: PlatformSpec, svc: string, mesh: ServiceMeshSpec, path: string, out: IssueCollector): void {
  const index = serviceIndex(platform);
  stringList(mesh.calls, `${path}.calls`, out).forEach((callee, i) => {
    if (!index.has(callee)) {
      out.report(`${path}.calls.${i}`, 'unknown-dependency',
        `'${svc}' calls '${callee}', which no namespace declares; declared services: ${[...index.keys()].join(', ')}`);
    }
  });
  const external = isRecord(platform.mesh?.externalServices) ? platform.mesh!.externalServices! : {};
  stringList(mesh.callsExternal, `${path}.callsExternal`, out).forEach((name, i) => {
    if (!hasOwnEntry(external, name)) {
      out.report(`${path}.callsExternal.${i}`, 'unknown-dependency',
        `'${svc}' calls external service '${name}', which mesh.externalServices does not declare; declared: ${sortedKeys(external).join(', ') || '(none)'}`);
    }
  });
}
