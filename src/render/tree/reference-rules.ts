/**
 * Cross-object rules on names over a rendered tree: mesh hosts resolve to a Service or a
 * ServiceEntry of the cluster, every namespace an object names is rendered in its cluster folder,
 * and no object is defined twice.
 */
import { findingOn, TreeFinding } from './finding';
import { argoFolders, asJson, describeObject, TreeObject } from './objects';

/** The cluster DNS domain the rendered hosts use (kubelet's default). */
const CLUSTER_DOMAIN = 'svc.cluster.local';
/** Namespaces every cluster has before anything is applied. */
const BUILTIN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** `*.example.com` matches `a.example.com` and `a.b.example.com`; `*` alone matches every host. */
function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

/** The hosts of one folder's service registry: each Service's FQDN and each ServiceEntry's hosts. */
function registryOf(objects: readonly TreeObject[]): string[] {
  const hosts: string[] = [];
  for (const o of objects) {
    if (o.group === '' && o.kind === 'Service' && o.namespace) hosts.push(`${o.name}.${o.namespace}.${CLUSTER_DOMAIN}`);
    if (o.group === 'networking.istio.io' && o.kind === 'ServiceEntry') {
      for (const h of asJson(o.object.spec).hosts ?? []) if (typeof h === 'string') hosts.push(h);
    }
  }
  return hosts;
}

/**
 * Istio's reading of a host in a rule: a short name (no dot) is a Service in the rule's namespace;
 * anything else is taken as written. Wildcard hosts resolve when they cover some registered host.
 */
function resolves(host: string, namespace: string | undefined, registry: readonly string[]): boolean {
  if (host.includes('*')) return registry.some((h) => hostMatches(host, h) || hostMatches(h, host));
  const fqdn = host.includes('.') ? host : `${host}.${namespace ?? 'default'}.${CLUSTER_DOMAIN}`;
  return registry.some((h) => hostMatches(h, fqdn));
}

/** Every host a VirtualService or DestinationRule depends on, with its field path. */
function meshHosts(o: TreeObject): { host: string; path: string }[] {
  const spec = asJson(o.object.spec);
  if (o.kind === 'DestinationRule') return typeof spec.host === 'string' ? [{ host: spec.host, path: 'spec.host' }] : [];
  const out: { host: string; path: string }[] = [];
  const gateways: unknown[] = Array.isArray(spec.gateways) ? spec.gateways : [];
  // Hosts of a VirtualService bound only to gateways are the gateway's external names, not mesh services.
  if (gateways.length === 0 || gateways.includes('mesh')) {
    (Array.isArray(spec.hosts) ? spec.hosts : []).forEach((h: unknown, i: number) => typeof h === 'string' && out.push({ host: h, path: `spec.hosts[${i}]` }));
  }
  for (const protocol of ['http', 'tcp', 'tls']) {
    (Array.isArray(spec[protocol]) ? spec[protocol] : []).forEach((route: unknown, i: number) => {
      const r = asJson(route);
      (Array.isArray(r.route) ? r.route : []).forEach((d: unknown, j: number) => {
        const host = asJson(asJson(d).destination).host;
        if (typeof host === 'string') out.push({ host, path: `spec.${protocol}[${i}].route[${j}].destination.host` });
      });
      const mirror = asJson(r.mirror).host;
      if (typeof mirror === 'string') out.push({ host: mirror, path: `spec.${protocol}[${i}].mirror.host` });
    });
  }
  return out;
}

function byFolder(objects: readonly TreeObject[]): Map<string, TreeObject[]> {
  const out = new Map<string, TreeObject[]>();
  for (const o of objects) {
    if (!out.has(o.folder)) out.set(o.folder, []);
    out.get(o.folder)!.push(o);
  }
  return out;
}

function checkMeshHosts(folder: readonly TreeObject[], out: TreeFinding[]): void {
  const rules = folder.filter((o) => o.group === 'networking.istio.io' && (o.kind === 'VirtualService' || o.kind === 'DestinationRule'));
  if (rules.length === 0) return;
  const registry = registryOf(folder);
  for (const o of rules) {
    for (const { host, path } of meshHosts(o)) {
      if (!resolves(host, o.namespace, registry)) {
        out.push(findingOn(o, 'mesh-host-registered', path, `host '${host}' is neither a Service nor a ServiceEntry host in ${o.folder}/, so the mesh has no such destination`));
      }
    }
  }
}

function checkNamespaces(folder: readonly TreeObject[], out: TreeFinding[]): void {
  const rendered = new Set(folder.filter((o) => o.group === '' && o.kind === 'Namespace').map((o) => o.name));
  for (const o of folder) {
    if (o.namespace === undefined || rendered.has(o.namespace) || BUILTIN_NAMESPACES.has(o.namespace)) continue;
    out.push(findingOn(o, 'namespace-rendered', 'metadata.namespace', `namespace '${o.namespace}' is not rendered in ${o.folder}/ (no Namespace object), so applying the folder to a new cluster fails`));
  }
}

function checkDuplicates(folder: readonly TreeObject[], out: TreeFinding[]): void {
  const first = new Map<string, TreeObject>();
  for (const o of folder) {
    const key = `${o.group}\0${o.kind}\0${o.namespace ?? ''}\0${o.name}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, o);
      continue;
    }
    out.push(findingOn(o, 'object-unique', 'metadata.name',
      `${o.group || 'core'} ${describeObject(o)} is also defined in ${earlier.file}; the later one silently replaces the earlier on apply`));
  }
}

export function checkReferenceRules(objects: readonly TreeObject[]): TreeFinding[] {
  const out: TreeFinding[] = [];
  const argo = argoFolders(objects);
  for (const [folder, members] of byFolder(objects)) {
    checkMeshHosts(members, out);
    // The Argo CD folder is applied into Argo CD's own namespace, which its installation creates.
    if (!argo.has(folder)) checkNamespaces(members, out);
    checkDuplicates(members, out);
  }
  return out;
}
