import { servicePath, sortedKeys } from '../resolve';
import { hasOwnEntry, ownEntry } from '../own-entry';
import { checkKnownFields } from '../rules/structure';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import {
  checkCidrs, checkEnum, checkInt, checkLabels, checkNamespaceName, checkOptionalInt, checkPorts, checkSecretName, isDnsSubdomain, isRecord, recordKeys, requireObject,
} from './checks';
import { EDGE_DEFAULTS } from '../../model/defaults';
import { AuthPolicySpec, EdgeControllerSpec, EdgeSpec, IssuerSpec, RateLimitSpec } from './types';

const EDGE_FIELDS = ['namespace', 'hosts', 'issuer', 'tlsSecretName', 'loadBalancer', 'apiServer', 'nginx', 'kong', 'rateLimits', 'auth'];
const RATE_LIMIT_KEYS = ['consumer', 'credential', 'ip', 'header'];
const PATH = /^\/[A-Za-z0-9\-._~/%]*$/;

/** The edge: NLB, NGINX + cert-manager, Kong and what each exposed service asks of them. */
export function checkEdge(platform: PlatformSpec, out: IssueCollector): void {
  const edge = platform.mesh?.edge;
  const exposed = exposedServicePaths(platform);
  if (edge === undefined) {
    for (const { svc, path } of exposed) {
      out.report(`${path}.expose`, 'edge-missing', `'${svc}' is exposed, but mesh.edge declares no edge (hosts, issuer, load balancer) to expose it through`);
    }
    return;
  }
  const path = `${platform.name}.mesh.edge`;
  if (!isRecord(edge)) {
    out.report(path, 'mesh-type', 'edge must be an object');
    return;
  }
  checkKnownFields(edge, EDGE_FIELDS, path, out);
  const namespace = edge.namespace ?? EDGE_DEFAULTS.namespace;
  if (edge.namespace !== undefined) checkNamespaceName(edge.namespace, `${path}.namespace`, out);
  if (hasOwnEntry(platform.namespaces, namespace)) {
    out.report(`${path}.namespace`, 'edge-namespace',
      `the edge namespace '${namespace}' is also a platform namespace; the edge needs one of its own (its NetworkPolicies admit internet traffic)`);
  }
  checkHosts(edge, `${path}.hosts`, out);
  if (edge.tlsSecretName !== undefined) checkSecretName(edge.tlsSecretName, `${path}.tlsSecretName`, out);
  checkIssuer(platform, edge.issuer, `${path}.issuer`, out);

  const lb = edge.loadBalancer;
  if (!isRecord(lb)) {
    out.report(`${path}.loadBalancer`, 'mesh-required', 'the edge needs its NLB: loadBalancer.scheme (internet-facing or internal)');
  } else {
    checkKnownFields(lb, ['scheme', 'sourceRanges'], `${path}.loadBalancer`, out);
    checkEnum(lb.scheme, ['internet-facing', 'internal'], `${path}.loadBalancer.scheme`, 'load balancer scheme', out);
    checkCidrs(lb.sourceRanges, `${path}.loadBalancer.sourceRanges`, out, false);
  }
  if (!isRecord(edge.apiServer)) {
    out.report(`${path}.apiServer`, 'mesh-required',
      'both ingress controllers watch the Kubernetes API: give apiServer.cidrs (the API server endpoints) so the edge NetworkPolicies let them reach it');
  } else {
    checkKnownFields(edge.apiServer, ['cidrs', 'ports'], `${path}.apiServer`, out);
    checkCidrs(edge.apiServer.cidrs, `${path}.apiServer.cidrs`, out, true);
    checkPorts(edge.apiServer.ports, `${path}.apiServer.ports`, out);
  }
  checkController(edge.nginx, `${path}.nginx`, ['ingressClassName', 'podLabels', 'serviceAccount'], out);
  checkController(edge.kong, `${path}.kong`, ['ingressClassName', 'podLabels', 'serviceAccount', 'proxyPort', 'replicas', 'resources'], out);
  checkOptionalInt(edge.kong?.proxyPort, `${path}.kong.proxyPort`, out, 1, 65535);
  checkOptionalInt(edge.kong?.replicas, `${path}.kong.replicas`, out, 1, 1000);
  const nginxClass = edge.nginx?.ingressClassName ?? EDGE_DEFAULTS.nginx.ingressClassName;
  if (nginxClass === (edge.kong?.ingressClassName ?? EDGE_DEFAULTS.kong.ingressClassName)) {
    out.report(`${path}.kong.ingressClassName`, 'edge-controller', `NGINX and Kong both use ingress class '${nginxClass}'; each would serve the other's Ingresses`);
  }
  for (const name of recordKeys(edge.rateLimits, `${path}.rateLimits`, out)) checkRateLimit(edge.rateLimits![name], `${path}.rateLimits.${name}`, out);
  for (const name of recordKeys(edge.auth, `${path}.auth`, out)) checkAuth(edge.auth![name], `${path}.auth.${name}`, out);
  checkExposures(edge, exposed, out);
}

function exposedServicePaths(platform: PlatformSpec): { svc: string; path: string; expose: NonNullable<NonNullable<PlatformSpec['namespaces'][string]['services'][string]['mesh']>['expose']> }[] {
  const found = [];
  for (const ns of sortedKeys(platform.namespaces)) {
    for (const svc of sortedKeys(platform.namespaces[ns]?.services)) {
      const expose = platform.namespaces[ns].services[svc]?.mesh?.expose;
      if (expose !== undefined) found.push({ svc, path: `${servicePath(platform, ns, svc)}.mesh`, expose });
    }
  }
  return found;
}

function checkHosts(edge: EdgeSpec, path: string, out: IssueCollector): void {
  if (!Array.isArray(edge.hosts) || edge.hosts.length === 0) {
    out.report(path, 'edge-hosts', 'the edge needs at least one public host name (certificate DNS names and Ingress rules)');
    return;
  }
  edge.hosts.forEach((host, i) => {
    if (typeof host !== 'string' || !host.includes('.') || !isDnsSubdomain(host.replace(/^\*\./, ''))) {
      out.report(`${path}.${i}`, 'edge-hosts', `${JSON.stringify(host)} is not a fully qualified DNS name such as api.example.com`);
    } else if (edge.hosts.indexOf(host) < i) {
      out.report(`${path}.${i}`, 'edge-hosts', `host '${host}' is listed twice`);
    }
  });
}

function checkIssuer(platform: PlatformSpec, issuer: IssuerSpec | undefined, path: string, out: IssueCollector): void {
  if (!isRecord(issuer)) {
    out.report(path, 'issuer', 'the edge needs a certificate issuer: { name, acme | ca }');
    return;
  }
  checkKnownFields(issuer, ['name', 'acme', 'ca'], path, out);
  if (!isDnsSubdomain(issuer.name)) out.report(`${path}.name`, 'dns-1123-name', `${JSON.stringify(issuer.name)} is not a valid ClusterIssuer name`);
  if ((issuer.acme === undefined) === (issuer.ca === undefined)) {
    out.report(path, 'issuer', 'give exactly one of acme (e.g. Let\'s Encrypt) or ca (a CA key pair in a Secret)');
  }
  if (issuer.ca !== undefined && requireObject(issuer.ca, `${path}.ca`, out)) {
    checkKnownFields(issuer.ca, ['secretName'], `${path}.ca`, out);
    checkSecretName(issuer.ca?.secretName, `${path}.ca.secretName`, out);
  }
  const acme = issuer.acme;
  const ap = `${path}.acme`;
  if (acme === undefined || !requireObject(acme, ap, out)) return;
  checkKnownFields(acme, ['server', 'email', 'privateKeySecretName', 'solver'], ap, out);
  if (typeof acme.server !== 'string' || !acme.server.startsWith('https://')) {
    out.report(`${ap}.server`, 'issuer', `ACME server ${JSON.stringify(acme.server)} must be an https:// directory URL`);
  }
  if (typeof acme.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(acme.email)) {
    out.report(`${ap}.email`, 'issuer', `${JSON.stringify(acme.email)} is not an e-mail address (expiry notices go there)`);
  }
  checkSecretName(acme.privateKeySecretName, `${ap}.privateKeySecretName`, out);
  const solver = acme.solver as Record<string, unknown> | undefined;
  const kinds = isRecord(solver) ? Object.keys(solver).sort() : [];
  if (kinds.length !== 1 || !['dns01Route53', 'http01'].includes(kinds[0])) {
    out.report(`${ap}.solver`, 'issuer', 'the ACME solver is exactly one of dns01Route53 { region, hostedZoneID? } or http01 {}');
    return;
  }
  if (kinds[0] === 'http01' && Object.keys(platform.regions ?? {}).length > 1) {
    out.report(`${ap}.solver`, 'issuer',
      `HTTP-01 with ${Object.keys(platform.regions).length} regions behind the same host names: the ACME server may send the challenge `
      + 'to another region\'s cluster, so issuance fails at random. Use dns01Route53');
  }
  if (kinds[0] === 'dns01Route53') {
    const r53 = solver!.dns01Route53 as Record<string, unknown>;
    if (!requireObject(r53, `${ap}.solver.dns01Route53`, out)) return;
    checkKnownFields(r53, ['region', 'hostedZoneID'], `${ap}.solver.dns01Route53`, out);
    if (typeof r53?.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r53.region)) {
      out.report(`${ap}.solver.dns01Route53.region`, 'issuer', `${JSON.stringify(r53?.region)} is not an AWS region such as us-east-1`);
    }
    if (r53?.hostedZoneID !== undefined && (typeof r53.hostedZoneID !== 'string' || !/^[A-Z0-9]+$/.test(r53.hostedZoneID))) {
      out.report(`${ap}.solver.dns01Route53.hostedZoneID`, 'issuer', `${JSON.stringify(r53.hostedZoneID)} is not a Route 53 hosted zone ID`);
    }
  }
}

function checkController(spec: EdgeControllerSpec | undefined, path: string, fields: string[], out: IssueCollector): void {
  if (spec === undefined || !requireObject(spec, path, out)) return;
  checkKnownFields(spec, fields, path, out);
  if (spec.ingressClassName !== undefined && !isDnsSubdomain(spec.ingressClassName)) {
    out.report(`${path}.ingressClassName`, 'dns-1123-name', `${JSON.stringify(spec.ingressClassName)} is not a valid IngressClass name`);
  }
  if (spec.serviceAccount !== undefined && !isDnsSubdomain(spec.serviceAccount)) {
    out.report(`${path}.serviceAccount`, 'dns-1123-name', `${JSON.stringify(spec.serviceAccount)} is not a valid ServiceAccount name`);
  }
  checkLabels(spec.podLabels, `${path}.podLabels`, out);
  if (isRecord(spec.podLabels) && Object.keys(spec.podLabels).length === 0) {
    out.report(`${path}.podLabels`, 'edge-controller', 'empty podLabels would select every pod of the edge namespace');
  }
}

function checkRateLimit(spec: RateLimitSpec, path: string, out: IssueCollector): void {
  if (!requireObject(spec, path, out)) return;
  checkKnownFields(spec, ['second', 'minute', 'hour', 'limitBy', 'headerName'], path, out);
  const windows = (['second', 'minute', 'hour'] as const).filter((w) => spec?.[w] !== undefined);
  if (windows.length === 0) out.report(path, 'rate-limit', 'a rate limit needs at least one of second, minute, hour');
  const valid = windows.filter((w) => checkInt(spec[w], `${path}.${w}`, out, 1));
  // Kong refuses a longer window with a lower limit than a shorter one.
  for (let i = 1; i < valid.length; i++) {
    if (spec[valid[i]]! < spec[valid[i - 1]]!) {
      out.report(`${path}.${valid[i]}`, 'rate-limit', `${valid[i]} limit ${spec[valid[i]]} is lower than the ${valid[i - 1]} limit ${spec[valid[i - 1]]}`);
    }
  }
  checkEnum(spec?.limitBy, RATE_LIMIT_KEYS, `${path}.limitBy`, 'limitBy', out);
  if (spec?.limitBy === 'header' && (typeof spec.headerName !== 'string' || spec.headerName.length === 0)) {
    out.report(`${path}.headerName`, 'rate-limit', "limitBy 'header' needs headerName");
  } else if (spec?.limitBy !== 'header' && spec?.headerName !== undefined) {
    out.report(`${path}.headerName`, 'rate-limit', "headerName only applies to limitBy 'header'");
  }
}

function checkAuth(spec: AuthPolicySpec, path: string, out: IssueCollector): void {
  if (!requireObject(spec, path, out)) return;
  if (!checkEnum(spec?.type, ['jwt', 'key-auth'], `${path}.type`, 'auth type', out)) return;
  if (spec.type === 'jwt') {
    checkKnownFields(spec, ['type', 'claimsToVerify', 'keyClaimName', 'maximumExpiration'], path, out);
    (spec.claimsToVerify ?? []).forEach((c, i) => checkEnum(c, ['exp', 'nbf'], `${path}.claimsToVerify.${i}`, 'claim', out));
    checkOptionalInt(spec.maximumExpiration, `${path}.maximumExpiration`, out, 0);
    if ((spec.maximumExpiration ?? 0) > 0 && !(spec.claimsToVerify ?? []).includes('exp')) {
      out.report(`${path}.maximumExpiration`, 'auth-policy', "maximumExpiration needs 'exp' in claimsToVerify (Kong checks it against the exp claim)");
    }
  } else {
    checkKnownFields(spec, ['type', 'keyNames', 'hideCredentials'], path, out);
    if (spec.keyNames !== undefined && (!Array.isArray(spec.keyNames) || spec.keyNames.length === 0 || spec.keyNames.some((k) => typeof k !== 'string' || !/^[A-Za-z0-9_-]+$/.test(k)))) {
      out.report(`${path}.keyNames`, 'auth-policy', 'keyNames must be a non-empty list of header / query parameter names');
    }
  }
}

/**
 * Kong's `local` policy keeps each counter in one pod's memory, and NGINX spreads a client's
 * requests over every Kong pod, so the limit that holds is the declared one times the pods.
 * A shared counter (policy redis) would need a Redis the spec declares for Kong; none exists yet,
 * so the figure is stated instead of silently multiplied.
 */
function warnPerPodLimit(edge: EdgeSpec, name: string, limit: RateLimitSpec, path: string, out: IssueCollector): void {
  const replicas = edge.kong?.replicas ?? EDGE_DEFAULTS.kongReplicas;
  const windows = (['second', 'minute', 'hour'] as const).filter((w) => typeof limit[w] === 'number');
  if (windows.length === 0 || !Number.isInteger(replicas) || replicas < 2) return;
  const effective = windows.map((w) => `${limit[w]! * replicas}/${w}`).join(', ');
  const declared = windows.map((w) => `${limit[w]}/${w}`).join(', ');
  out.warn(path, 'rate-limit-per-pod',
    `rate limit '${name}' (${declared} per ${limit.limitBy}) is counted by each of the ${replicas} Kong pods on its own (policy local): `
    + `a client spread across them gets up to ${replicas} × that, ${effective} per region; declare the limit divided by the Kong replicas if the total must hold`);
}

function checkExposures(edge: EdgeSpec, exposed: ReturnType<typeof exposedServicePaths>, out: IssueCollector): void {
  const owners = new Map<string, string>();
  for (const { svc, path, expose } of exposed) {
    const ep = `${path}.expose`;
    if (!isRecord(expose)) {
      out.report(ep, 'mesh-type', 'expose must be an object: { paths, rateLimit?, auth? }');
      continue;
    }
    checkKnownFields(expose, ['paths', 'rateLimit', 'auth'], ep, out);
    if (!Array.isArray(expose.paths) || expose.paths.length === 0) {
      out.report(`${ep}.paths`, 'edge-path', 'an exposed service needs at least one path prefix, e.g. /v1/');
    } else {
      expose.paths.forEach((p, i) => {
        if (typeof p !== 'string' || !PATH.test(p)) {
          out.report(`${ep}.paths.${i}`, 'edge-path', `${JSON.stringify(p)} is not a path prefix starting with '/'`);
        } else if (owners.has(p)) {
          // NGINX hands every request to Kong with the Host rewritten, so Kong routes on the path alone.
          out.report(`${ep}.paths.${i}`, 'edge-path', `path '${p}' is already routed to '${owners.get(p)}'; Kong routes on the path alone`);
        } else {
          owners.set(p, svc);
        }
      });
    }
    for (const [field, known] of [['rateLimit', edge.rateLimits], ['auth', edge.auth]] as [string, Readonly<Record<string, unknown>> | undefined][]) {
      const ref = (expose as unknown as Record<string, unknown>)[field];
      if (ref !== undefined && !(typeof ref === 'string' && isRecord(known) && hasOwnEntry(known, ref))) {
        out.report(`${ep}.${field}`, 'unknown-edge-policy',
          `${field === 'auth' ? 'auth policy' : 'rate limit'} ${JSON.stringify(ref)} is not declared in mesh.edge.${field === 'auth' ? 'auth' : 'rateLimits'}; `
          + `declared: ${(isRecord(known) ? sortedKeys(known) : []).join(', ') || '(none)'}`);
      }
    }
    const limit = typeof expose.rateLimit === 'string' && isRecord(edge.rateLimits) ? ownEntry(edge.rateLimits, expose.rateLimit) : undefined;
    if (limit && (limit.limitBy === 'consumer' || limit.limitBy === 'credential') && expose.auth === undefined) {
      out.report(`${ep}.rateLimit`, 'rate-limit',
        `rate limit '${expose.rateLimit}' counts per ${limit.limitBy}, but the route has no auth policy to identify one; Kong would fall back to counting per client IP`);
    }
    if (limit) warnPerPodLimit(edge, expose.rateLimit!, limit, `${ep}.rateLimit`, out);
  }
}
