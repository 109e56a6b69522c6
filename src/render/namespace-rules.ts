/**
 * Rendered-tree rules about namespaces, ours or hand-edited: each Namespace enforces the restricted
 * Pod Security profile (and has sidecar injection on when its objects are meshed), and each
 * ResourceQuota admits every pod owner of its namespace at its ceiling.
 */
import { clusterOfFile, RenderedObject } from '../constructs/addons/render-facts';
import { namespaceDemand } from '../constructs/namespace-budget';
import { parseQuantity } from '../spec/quantity';
import type { GateFinding } from './gate';

type Json = Record<string, any>;

const MESH_MARKERS = new Set(['PeerAuthentication', 'AuthorizationPolicy', 'Sidecar']);

/** Objects of a platform folder grouped by their cluster (the loadtest folder's files count per region). */
function byClusterAndNamespace(objects: readonly RenderedObject[]) {
  const out = new Map<string, { namespaces: Map<string, RenderedObject>; items: Map<string, RenderedObject[]> }>();
  for (const item of objects) {
    const cluster = clusterOfFile(item.file);
    const o = item.object as Json;
    if (cluster === undefined || !o || typeof o !== 'object') continue;
    const key = `${item.file.split('/')[0]}/${cluster}`;
    if (!out.has(key)) out.set(key, { namespaces: new Map(), items: new Map() });
    const group = out.get(key)!;
    if (o.kind === 'Namespace' && typeof o.metadata?.name === 'string') group.namespaces.set(o.metadata.name, item);
    const ns = o.metadata?.namespace;
    if (typeof ns === 'string') {
      if (!group.items.has(ns)) group.items.set(ns, []);
      group.items.get(ns)!.push(item);
    }
  }
  return out;
}

const show = (resource: string, v: number) => (resource.endsWith('memory') ? `${+(v / 2 ** 30).toFixed(2)}Gi` : resource === 'pods' ? `${v}` : `${+v.toFixed(3)}`);

export function checkNamespaceRules(objects: readonly RenderedObject[]): GateFinding[] {
  const findings: GateFinding[] = [];
  for (const { namespaces, items } of byClusterAndNamespace(objects).values()) {
    for (const [name, item] of namespaces) {
      const labels: Json = (item.object as Json).metadata?.labels ?? {};
      const object = `Namespace ${name}`;
      if (labels['pod-security.kubernetes.io/enforce'] !== 'restricted') {
        findings.push({ rule: 'namespace-pod-security', file: item.file, object, path: 'metadata.labels.pod-security.kubernetes.io/enforce',
          message: `is ${JSON.stringify(labels['pod-security.kubernetes.io/enforce'] ?? null)}, not "restricted": Pod Security admission would admit privileged pods` });
      }
      const meshed = (items.get(name) ?? []).some((i) => MESH_MARKERS.has((i.object as Json).kind));
      if (meshed && labels['istio-injection'] !== 'enabled') {
        findings.push({ rule: 'namespace-pod-security', file: item.file, object, path: 'metadata.labels.istio-injection',
          message: 'the namespace holds mesh policy (mTLS, authorization) but its pods get no sidecar: every meshed call to them would fail' });
      }
    }
    for (const [ns, nsItems] of items) {
      const meshed = (namespaces.get(ns)?.object as Json | undefined)?.metadata?.labels?.['istio-injection'] === 'enabled';
      const demand = namespaceDemand(nsItems.map((i) => i.object), meshed);
      for (const quota of nsItems.filter((i) => (i.object as Json).kind === 'ResourceQuota')) {
        const hard: Json = (quota.object as Json).spec?.hard ?? {};
        const need: Record<string, number> = {
          'pods': demand.atMax.pods,
          'requests.cpu': demand.atMax.requests.cpu,
          'requests.memory': demand.atMax.requests.memory,
          'limits.cpu': demand.atMax.limits.cpu,
          'limits.memory': demand.atMax.limits.memory,
        };
        for (const [resource, amount] of Object.entries(need)) {
          if (hard[resource] === undefined) continue;
          const admitted = parseQuantity(String(hard[resource]));
          // A relative epsilon: sums of float quantities (0.1 + 0.2) must not fail an exact fit.
          if (admitted + 1e-9 * Math.max(1, amount) >= amount) continue;
          const largest = [...demand.owners].sort((a, b) => b.pods - a.pods).slice(0, 3).map((d) => `${d.owner} × ${d.pods}`).join(', ');
          findings.push({ rule: 'namespace-quota-admits', file: quota.file, object: `ResourceQuota ${ns}/${(quota.object as Json).metadata?.name}`,
            path: `spec.hard.${resource}`,
            message: `${hard[resource]} admits less than the ${show(resource, amount)} the namespace's pods need at maxReplicas (${largest}${demand.owners.length > 3 ? ', …' : ''}): the autoscalers' ceilings could never be reached` });
        }
      }
    }
  }
  return findings;
}
