import type { RuleId } from '../spec/rules/catalogue';
/**
 * Cross-object rule over a render: every CRD kind and ingress class a cluster folder uses has an
 * add-on Application for that cluster providing it, and every controller setting the rendered
 * objects depend on is set, with the right value, in that Application's Helm values.
 */
import * as yaml from 'js-yaml';
import { AddonEntry, AddonId, addonForSource, groupKindKey } from '../constructs/addons/catalogue';
import { VALUE_PATHS } from '../constructs/addons/addon-values';
import { clusterFacts, clusterOfFile, ClusterRenderFacts, groupKindOf, RenderedObject } from '../constructs/addons/render-facts';

export interface AddonFinding {
  readonly rule: RuleId;
  /** `Kind/namespace/name` (or `Kind/name`) of the object to change. */
  readonly object: string;
  readonly file: string;
  /** Dotted field path inside that object. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

type Json = Record<string, any>;

/** API groups the API server itself serves: their kinds need no add-on. */
const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'scheduling.k8s.io',
  'storage.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io',
  'node.k8s.io', 'certificates.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'events.k8s.io',
]);

const VALUES_PATH = 'spec.source.helm.valuesObject';
/** The platform's own namespaces sync at this wave; every add-on must come before. */
const NAMESPACES_WAVE = -10;

interface AddonApp {
  readonly entry: AddonEntry;
  readonly app: Json;
  readonly file: string;
  readonly values: Json;
}

const idOf = (o: Json): string => `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name ?? '?'}`;

function valuesOf(app: Json): Json {
  const helm = app.spec?.source?.helm ?? {};
  if (helm.valuesObject && typeof helm.valuesObject === 'object') return helm.valuesObject;
  if (typeof helm.values === 'string') {
    const parsed = yaml.load(helm.values);
    if (parsed && typeof parsed === 'object') return parsed as Json;
  }
  return {};
}

function get(values: Json, path: readonly string[]): unknown {
  let node: unknown = values;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Seconds of a protobuf Duration string such as `45s`, `1m30s` or `1.5s`; undefined when unparsable. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(value)) return undefined;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, n, , u] of value.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) total += Number(n) * unit[u];
  return total;
}

/** Add-on Applications by cluster, recognised by their Helm source. */
function addonApps(objects: readonly RenderedObject[]): Map<string, AddonApp[]> {
  const out = new Map<string, AddonApp[]>();
  for (const { file, object } of objects) {
    const o = object as Json;
    if (o?.kind !== 'Application' || !String(o.apiVersion ?? '').startsWith('argoproj.io/')) continue;
    const entry = addonForSource(o.spec?.source?.repoURL, o.spec?.source?.chart);
    const cluster = o.spec?.destination?.name;
    if (!entry || typeof cluster !== 'string') continue;
    if (!out.has(cluster)) out.set(cluster, []);
    out.get(cluster)!.push({ entry, app: o, file, values: valuesOf(o) });
  }
  return out;
}

export function checkAddonsCoverRenderedKinds(objects: readonly RenderedObject[]): AddonFinding[] {
  const findings: AddonFinding[] = [];
  const apps = addonApps(objects);
  const byCluster = new Map<string, RenderedObject[]>();
  for (const item of objects) {
    const cluster = clusterOfFile(item.file);
    if (cluster === undefined) continue;
    if (!byCluster.has(cluster)) byCluster.set(cluster, []);
    byCluster.get(cluster)!.push(item);
  }
  for (const appList of apps.values()) {
    for (const a of appList) {
      if (a.app.spec?.source?.targetRevision !== a.entry.version) {
        findings.push({
          rule: 'addon-version-pinned', object: idOf(a.app), file: a.file, path: 'spec.source.targetRevision',
          message: `${a.entry.chart} is at ${JSON.stringify(a.app.spec?.source?.targetRevision)}, not the pinned chart version ${a.entry.version}`,
          fix: `set targetRevision: ${a.entry.version} (or change the pin in src/constructs/addons/catalogue.ts)`,
        });
      }
      const wave = Number(a.app.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
      if (!(wave < NAMESPACES_WAVE)) {
        findings.push({
          rule: 'addon-wave-order', object: idOf(a.app), file: a.file, path: 'metadata.annotations.argocd.argoproj.io/sync-wave',
          message: `${a.entry.id} syncs at wave ${wave}, not before the platform's namespaces (${NAMESPACES_WAVE}) whose objects need it`,
          fix: `set the sync-wave annotation to ${a.entry.wave}`,
        });
      }
    }
  }
  for (const [cluster, items] of [...byCluster.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    findings.push(...checkCluster(cluster, items, apps.get(cluster) ?? []));
  }
  return findings;
}

function checkCluster(cluster: string, items: readonly RenderedObject[], apps: readonly AddonApp[]): AddonFinding[] {
  const findings: AddonFinding[] = [];
  const facts = clusterFacts(cluster, items.map((i) => i.object));
  const app = (id: AddonId) => apps.find((a) => a.entry.id === id);
  const missing = (rule: RuleId, item: RenderedObject, path: string, message: string, fix: string) =>
    findings.push({ rule, object: idOf(item.object as Json), file: item.file, path, message, fix });
  const wrong = (rule: RuleId, a: AddonApp, path: readonly string[], message: string, fix: string) =>
    findings.push({ rule, object: idOf(a.app), file: a.file, path: `${VALUES_PATH}.${path.join('.')}`, message, fix });

  // 1. Every custom kind and ingress class has its controller.
  const seen = new Set<string>();
  for (const item of items) {
    const o = item.object as Json;
    const gk = groupKindOf(o);
    if (!gk || BUILTIN_GROUPS.has(gk.group) || seen.has(groupKindKey(gk))) continue;
    seen.add(groupKindKey(gk));
    if (!apps.some((a) => a.entry.provides.some((k) => groupKindKey(k) === groupKindKey(gk)))) {
      missing('addon-missing-for-kind', item, 'apiVersion',
        `${gk.kind} (${gk.group}) is rendered for cluster ${cluster}, but no add-on Application for ${cluster} installs its CRD and controller`,
        `pass ${gk.group}/${gk.kind} in requiredKinds to addonApplications for ${cluster}`);
    }
  }
  for (const item of items) {
    const o = item.object as Json;
    const ingressClass = o.kind === 'Ingress' ? o.spec?.ingressClassName : undefined;
    if (typeof ingressClass === 'string' && !apps.some((a) => (a.entry.ingressClasses ?? []).includes(ingressClass))) {
      missing('addon-missing-for-ingress-class', item, 'spec.ingressClassName',
        `IngressClass ${ingressClass} has no controller Application for cluster ${cluster}`,
        `pass ingressClasses: ['${ingressClass}'] to addonApplications for ${cluster}`);
    }
  }

  // 2. The mesh: restricted namespaces need the CNI agent (istio-init needs NET_ADMIN) and the injector told so.
  const firstNamespace = items.find((i) => (i.object as Json).kind === 'Namespace' && (i.object as Json).metadata?.labels?.['istio-injection'] === 'enabled');
  const istiod = app('istiod');
  if (facts.meshed && firstNamespace) {
    for (const id of ['istio-cni', 'istiod'] as const) {
      if (!app(id)) {
        missing('addon-missing-mesh', firstNamespace, 'metadata.labels.istio-injection',
          `namespaces of cluster ${cluster} are meshed, but no ${id} Application targets ${cluster}`,
          `addonApplications selects ${id} when meshed: pass meshed: true (or an Istio kind)`);
      }
    }
  }
  if (istiod) checkIstiod(istiod, facts, items, wrong);

  // 3. The edge controllers.
  const nginx = app('ingress-nginx');
  if (nginx) checkNginx(nginx, facts, items, wrong);
  const kong = app('kong');
  if (kong) checkKong(kong, facts, items, wrong);

  // 4. Identities the AuthorizationPolicies admit exist: rendered, or created by an add-on under that name.
  const renderedAccounts = new Set(items.filter((i) => (i.object as Json).kind === 'ServiceAccount')
    .map((i) => `${(i.object as Json).metadata?.namespace}/${(i.object as Json).metadata?.name}`));
  const addonAccounts = new Map<string, string>();
  for (const [id, path] of [['ingress-nginx', VALUE_PATHS.nginxServiceAccount], ['kong', VALUE_PATHS.kongServiceAccount]] as const) {
    const a = app(id);
    const name = a ? get(a.values, path) : undefined;
    if (a && typeof name === 'string') addonAccounts.set(`${a.app.spec?.destination?.namespace}/${name}`, a.entry.id);
  }
  for (const item of items) {
    const o = item.object as Json;
    if (o.kind !== 'AuthorizationPolicy') continue;
    (o.spec?.rules ?? []).forEach((rule: Json, r: number) => (rule.from ?? []).forEach((from: Json, f: number) =>
      (from.source?.principals ?? []).forEach((principal: string, p: number) => {
        const match = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
        if (!match) return;
        const key = `${match[1]}/${match[2]}`;
        if (renderedAccounts.has(key) || addonAccounts.has(key)) return;
        const candidates = apps.filter((a) => a.app.spec?.destination?.namespace === match[1]).map((a) => a.entry.id);
        missing('addon-value-service-account', item, `spec.rules[${r}].from[${f}].source.principals[${p}]`,
          `admits ${principal}, but no ServiceAccount ${key} is rendered or named in an add-on's values${candidates.length ? ` (add-ons in ${match[1]}: ${candidates.join(', ')})` : ''}`,
          `name the controller's ServiceAccount ${match[2]} in its add-on Application (ingress-nginx: serviceAccount.name, kong: deployment.serviceAccount.name)`);
      })));
  }

  // Every metric an HPA or ScaledObject reads has a producer: scaling-metrics.ts (scaling-metric-produced).
  return findings;
}

type Facts = ClusterRenderFacts;
type Wrong = (rule: RuleId, a: AddonApp, path: readonly string[], message: string, fix: string) => void;

function checkIstiod(a: AddonApp, facts: Facts, items: readonly RenderedObject[], wrong: Wrong): void {
  const drain = durationSeconds(get(a.values, VALUE_PATHS.istiodDrain));
  if (facts.terminationDrainSeconds > 0 && (drain === undefined || drain < facts.terminationDrainSeconds)) {
    wrong('addon-value-drain-duration', a, VALUE_PATHS.istiodDrain,
      `terminationDrainDuration is ${JSON.stringify(get(a.values, VALUE_PATHS.istiodDrain))}, shorter than the longest preStop sleep plus drain of cluster ${facts.cluster}'s pods (${facts.terminationDrainSeconds}s)`,
      `set meshConfig.defaultConfig.terminationDrainDuration: ${facts.terminationDrainSeconds}s (pass terminationDrainSeconds from renderFacts)`);
  }
  if (get(a.values, VALUE_PATHS.istiodNativeSidecars) !== 'true' && get(a.values, VALUE_PATHS.istiodHoldApplication) !== true) {
    wrong('addon-value-native-sidecars', a, VALUE_PATHS.istiodNativeSidecars,
      'neither native sidecars nor holdApplicationUntilProxyStarts is on: apps start before their proxy and Jobs never finish',
      'set env.ENABLE_NATIVE_SIDECARS: "true" (and meshConfig.defaultConfig.holdApplicationUntilProxyStarts: true)');
  }
  if (facts.meshed && get(a.values, VALUE_PATHS.istiodCni) !== true) {
    wrong('addon-value-istio-cni', a, VALUE_PATHS.istiodCni, 'the injector would add istio-init, which restricted Pod Security rejects', 'set cni.enabled: true (with the istio-cni add-on)');
  }
  const providers = get(a.values, VALUE_PATHS.istiodProviders);
  const names = new Set(Array.isArray(providers) ? providers.map((p: Json) => p?.name) : []);
  for (const item of items) {
    const o = item.object as Json;
    if (o.kind !== 'Telemetry') continue;
    for (const t of o.spec?.tracing ?? []) {
      for (const p of t?.providers ?? []) {
        if (p?.name && !names.has(p.name)) {
          wrong('addon-value-tracing-provider', a, VALUE_PATHS.istiodProviders, `${idOf(o)} reports traces to provider ${p.name}, which MeshConfig does not define`,
            `add an extensionProviders entry named ${p.name} (pass tracing to addonApplications)`);
        }
      }
    }
  }
}

function loadBalancersIn(namespace: unknown, items: readonly RenderedObject[]): Json[] {
  return items.map((i) => i.object as Json).filter((o) => o.kind === 'Service' && o.metadata?.namespace === namespace && o.spec?.type === 'LoadBalancer');
}

const isMeshedNamespace = (facts: Facts, namespace: unknown): boolean =>
  typeof namespace === 'string' && facts.namespaceLabels[namespace]?.['istio-injection'] === 'enabled';

function checkNginx(a: AddonApp, facts: Facts, items: readonly RenderedObject[], wrong: Wrong): void {
  const namespace = a.app.spec?.destination?.namespace;
  const lbs = loadBalancersIn(namespace, items);
  const proxied = lbs.find((s) => s.metadata?.annotations?.['service.beta.kubernetes.io/aws-load-balancer-proxy-protocol']);
  if (proxied && get(a.values, VALUE_PATHS.nginxProxyProtocol) !== 'true') {
    wrong('addon-value-proxy-protocol', a, VALUE_PATHS.nginxProxyProtocol, `${idOf(proxied)} sends PROXY protocol, which NGINX would read as a malformed request`,
      'set controller.config.use-proxy-protocol: "true"');
  }
  if (lbs.length > 0 && get(a.values, VALUE_PATHS.nginxServiceEnabled) !== false && get(a.values, ['controller', 'service', 'type']) !== 'ClusterIP') {
    wrong('addon-value-own-load-balancer', a, VALUE_PATHS.nginxServiceEnabled, `${idOf(lbs[0])} fronts NGINX; the chart's own LoadBalancer Service would be a second, unrestricted entry point`,
      'set controller.service.enabled: false');
  }
  if (isMeshedNamespace(facts, namespace) && get(a.values, VALUE_PATHS.nginxInboundPorts) !== '') {
    wrong('addon-value-inbound-capture', a, VALUE_PATHS.nginxInboundPorts, `NGINX's namespace ${namespace} is meshed with STRICT mTLS: the sidecar must not capture the NLB's plaintext connections`,
      'set controller.podAnnotations."traffic.sidecar.istio.io/includeInboundPorts": ""');
  }
}

function checkKong(a: AddonApp, facts: Facts, items: readonly RenderedObject[], wrong: Wrong): void {
  const namespace = a.app.spec?.destination?.namespace;
  if (get(a.values, VALUE_PATHS.kongDatabase) !== 'off') {
    wrong('addon-value-kong-dbless', a, VALUE_PATHS.kongDatabase, 'Kong must run DB-less: the render configures it through the controller only', 'set env.database: "off"');
  }
  const proxyType = get(a.values, VALUE_PATHS.kongProxyType);
  if (proxyType !== 'ClusterIP' && get(a.values, ['proxy', 'enabled']) !== false) {
    wrong('addon-value-own-load-balancer', a, VALUE_PATHS.kongProxyType, `Kong's proxy Service would be ${JSON.stringify(proxyType ?? 'LoadBalancer')}: Kong is reached only through NGINX and the rendered ClusterIP Service`,
      'set proxy.type: ClusterIP');
  }
  const guarded = items.map((i) => i.object as Json).find((o) => o.kind === 'AuthorizationPolicy' && o.metadata?.namespace === namespace
    && o.spec?.selector?.matchLabels?.['app.kubernetes.io/name'] === 'kong' && (o.spec?.rules ?? []).length > 0);
  // Unset means the chart's default, "": no inbound port captured.
  const inbound = get(a.values, VALUE_PATHS.kongInboundPorts) ?? '';
  if (guarded && isMeshedNamespace(facts, namespace) && inbound !== '*') {
    const ports = String(inbound).split(',').map((p) => p.trim());
    const needed = (guarded.spec.rules as Json[]).flatMap((r) => (r.to ?? []).flatMap((t: Json) => t.operation?.ports ?? [])).map(String);
    if (needed.length === 0 || needed.some((p) => !ports.includes(p))) {
      wrong('addon-value-inbound-capture', a, VALUE_PATHS.kongInboundPorts, `${idOf(guarded)} checks the caller's mTLS identity, which Kong's sidecar sees only on captured ports (${JSON.stringify(inbound)})`,
        'set podAnnotations."traffic.sidecar.istio.io/includeInboundPorts": "*" (the chart defaults it to "")');
    }
  }
}
