/** The render rule: every rendered CRD kind has its add-on, and every value the objects depend on is set there. */
import { PLATFORMS } from '../../platforms';
import { checkAddonsCoverRenderedKinds, durationSeconds } from '../../src/render/addon-rules';
import { ADDONS_FILE, renderWithAddons } from '../support/addon-fixtures';
import { shopPlatform } from '../support/fixtures';
import { meshShop } from '../support/mesh-fixtures';
import { schemaErrors } from '../support/schema';

const hyperscale = PLATFORMS.find((p) => p.name === 'hyperscale')!;
const rendered = renderWithAddons(hyperscale);
const VALUES = 'spec.source.helm.valuesObject';

/** A copy of the render with one add-on Application of us-east changed (or removed, when `change` returns null). */
function mutate(id: string, change: (app: any) => any): { file: string; object: any }[] {
  const copy = structuredClone(rendered);
  const index = copy.findIndex((o) => o.file === ADDONS_FILE('hyperscale') && o.object.metadata?.name === `hyperscale-us-east-${id}`);
  if (index < 0) throw new Error(`no add-on ${id}`);
  const result = change(copy[index].object);
  if (result === null) copy.splice(index, 1);
  return copy;
}
const values = (app: any) => app.spec.source.helm.valuesObject;
const findings = (objects: { file: string; object: any }[]) => checkAddonsCoverRenderedKinds(objects);
const summary = (objects: { file: string; object: any }[]) => findings(objects).map((f) => `${f.rule} ${f.object} ${f.path}`);

describe('checkAddonsCoverRenderedKinds', () => {
  it('passes the hyperscale render with its add-ons', () => {
    expect(findings(rendered)).toEqual([]);
  });

  it('passes other platforms with the add-ons their renders select: a meshed shop with an edge, a plain one', () => {
    // The mesh shop reads no Pods metric (no adapter), but its monitors and alert rules need the Prometheus stack.
    const mesh = renderWithAddons(meshShop());
    expect(findings(mesh)).toEqual([]);
    const meshApps = mesh.filter((o) => o.file === ADDONS_FILE('shop') && o.object.kind === 'Application' && o.object.spec.destination.name === 'east');
    expect(meshApps.map((o) => o.object.metadata.labels['platform-compiler.dev/addon']))
      .toEqual(['istio-base', 'istio-cni', 'istiod', 'cert-manager', 'kube-prometheus-stack', 'ingress-nginx', 'kong']);
    const plain = renderWithAddons(shopPlatform());
    expect(findings(plain)).toEqual([]);
    // Its only CRDs are the monitors and the alert rules: the Prometheus stack is its one add-on.
    expect(plain.filter((o) => o.file === ADDONS_FILE('shop') && o.object.kind === 'Application')
      .map((o) => `${o.object.spec.destination.name}/${o.object.metadata.labels['platform-compiler.dev/addon']}`))
      .toEqual(['east/kube-prometheus-stack', 'west/kube-prometheus-stack']);
  });

  it('finds every rendered CRD kind of a cluster without add-ons, once per kind', () => {
    const bare = rendered.filter((o) => o.file !== ADDONS_FILE('hyperscale'));
    const kinds = findings(bare).filter((f) => f.rule === 'addon-missing-for-kind' && f.file.startsWith('hyperscale/us-east/')).map((f) => f.message.split(' ')[0]);
    expect(kinds.sort()).toEqual([
      'AlertmanagerConfig', 'AuthorizationPolicy', 'Certificate', 'Cluster', 'ClusterIssuer', 'DestinationRule', 'KongPlugin', 'PeerAuthentication',
      'PodMonitor', 'Pooler', 'PrometheusRule', 'RabbitmqCluster', 'ScaledObject', 'ServiceMonitor', 'Telemetry', 'TriggerAuthentication', 'VirtualService',
    ]);
  });

  it('names the object, the file and the fix when Kong\'s Application is missing', () => {
    const found = findings(mutate('kong', () => null));
    expect(found).toContainEqual({
      rule: 'addon-missing-for-kind', object: 'KongPlugin/web/api-auth', file: 'hyperscale/us-east/10-web.yaml', path: 'apiVersion',
      message: 'KongPlugin (configuration.konghq.com) is rendered for cluster us-east, but no add-on Application for us-east installs its CRD and controller',
      fix: 'pass configuration.konghq.com/KongPlugin in requiredKinds to addonApplications for us-east',
    });
    expect(found.map((f) => f.rule)).toContain('addon-missing-for-ingress-class');
    expect(found.map((f) => f.rule)).toContain('addon-value-service-account');
    // Other clusters keep their Kong.
    expect(found.every((f) => f.file.startsWith('hyperscale/us-east/'))).toBe(true);
  });

  it('catches use-proxy-protocol off while the NLB sends PROXY protocol', () => {
    expect(summary(mutate('ingress-nginx', (a) => { values(a).controller.config['use-proxy-protocol'] = 'false'; })))
      .toEqual([`addon-value-proxy-protocol Application/argocd/hyperscale-us-east-ingress-nginx ${VALUES}.controller.config.use-proxy-protocol`]);
  });

  it('catches NGINX\'s own LoadBalancer Service and its inbound capture', () => {
    expect(summary(mutate('ingress-nginx', (a) => { delete values(a).controller.service; })))
      .toEqual([`addon-value-own-load-balancer Application/argocd/hyperscale-us-east-ingress-nginx ${VALUES}.controller.service.enabled`]);
    expect(summary(mutate('ingress-nginx', (a) => { delete values(a).controller.podAnnotations; })))
      .toEqual([`addon-value-inbound-capture Application/argocd/hyperscale-us-east-ingress-nginx ${VALUES}.controller.podAnnotations.traffic.sidecar.istio.io/includeInboundPorts`]);
  });

  it('catches a ServiceAccount name that no longer matches the AuthorizationPolicy principals', () => {
    expect(summary(mutate('ingress-nginx', (a) => { values(a).serviceAccount.name = 'nginx'; })))
      .toEqual(['addon-value-service-account AuthorizationPolicy/edge/kong spec.rules[0].from[0].source.principals[0]']);
    const kong = findings(mutate('kong', (a) => { values(a).deployment.serviceAccount.name = 'kong-gateway'; }));
    expect(kong.map((f) => `${f.rule} ${f.object}`)).toEqual(['addon-value-service-account AuthorizationPolicy/web/api']);
    expect(kong[0].message).toBe('admits cluster.local/ns/edge/sa/kong, but no ServiceAccount edge/kong is rendered or named in an add-on\'s values (add-ons in edge: ingress-nginx, kong)');
  });

  it('catches Kong with a database, a LoadBalancer proxy, or its sidecar blind to the proxy port', () => {
    const kong = (rule: string) => `${rule} Application/argocd/hyperscale-us-east-kong ${VALUES}`;
    expect(summary(mutate('kong', (a) => { values(a).env.database = 'postgres'; }))).toEqual([`${kong('addon-value-kong-dbless')}.env.database`]);
    expect(summary(mutate('kong', (a) => { values(a).proxy.type = 'LoadBalancer'; }))).toEqual([`${kong('addon-value-own-load-balancer')}.proxy.type`]);
    // Unset falls back to the chart's default annotation, "" (no inbound port captured).
    expect(summary(mutate('kong', (a) => { delete values(a).podAnnotations; }))).toEqual([`${kong('addon-value-inbound-capture')}.podAnnotations.traffic.sidecar.istio.io/includeInboundPorts`]);
    expect(summary(mutate('kong', (a) => { values(a).podAnnotations['traffic.sidecar.istio.io/includeInboundPorts'] = '8000'; }))).toEqual([]);
  });

  it('catches a terminationDrainDuration shorter than the longest preStop plus drain (45 s)', () => {
    const drain = (value: unknown) => summary(mutate('istiod', (a) => { values(a).meshConfig.defaultConfig.terminationDrainDuration = value; }));
    expect(drain('44s')).toEqual([`addon-value-drain-duration Application/argocd/hyperscale-us-east-istiod ${VALUES}.meshConfig.defaultConfig.terminationDrainDuration`]);
    expect(drain(undefined)).toHaveLength(1);
    expect(drain('45s')).toEqual([]);
    expect(drain('1m')).toEqual([]);
  });

  it('catches istiod without native sidecars or hold, without CNI, and without the jaeger provider', () => {
    const istiod = (rule: string) => `${rule} Application/argocd/hyperscale-us-east-istiod ${VALUES}`;
    expect(summary(mutate('istiod', (a) => { values(a).env.ENABLE_NATIVE_SIDECARS = 'false'; }))).toEqual([]);
    expect(summary(mutate('istiod', (a) => { values(a).env.ENABLE_NATIVE_SIDECARS = 'false'; delete values(a).meshConfig.defaultConfig.holdApplicationUntilProxyStarts; })))
      .toEqual([`${istiod('addon-value-native-sidecars')}.env.ENABLE_NATIVE_SIDECARS`]);
    expect(summary(mutate('istiod', (a) => { values(a).cni.enabled = false; }))).toEqual([`${istiod('addon-value-istio-cni')}.cni.enabled`]);
    const tracing = findings(mutate('istiod', (a) => { values(a).meshConfig.extensionProviders = []; }));
    // One finding per Telemetry that names the provider (data, messaging, web and edge).
    expect(tracing.map((f) => `${f.rule} ${f.path}`)).toEqual(Array(4).fill(`addon-value-tracing-provider ${VALUES}.meshConfig.extensionProviders`));
    expect(tracing[0].message).toBe('Telemetry/data/tracing reports traces to provider jaeger, which MeshConfig does not define');
  });

  it('catches a missing CNI agent in a restricted, meshed cluster', () => {
    // The first meshed Namespace by name: data (the Redis pods opt out of injection, the namespace is still meshed).
    expect(summary(mutate('istio-cni', () => null))).toEqual(['addon-missing-mesh Namespace/data metadata.labels.istio-injection']);
  });

  it('catches a chart version moved off its pin', () => {
    expect(summary(mutate('keda', (a) => { a.spec.source.targetRevision = '2.x'; })))
      .toEqual(['addon-version-pinned Application/argocd/hyperscale-us-east-keda spec.source.targetRevision']);
  });

  it('catches an add-on that would sync with or after the platform\'s namespaces', () => {
    expect(summary(mutate('kong', (a) => { a.metadata.annotations['argocd.argoproj.io/sync-wave'] = '-10'; })))
      .toEqual(['addon-wave-order Application/argocd/hyperscale-us-east-kong metadata.annotations.argocd.argoproj.io/sync-wave']);
    expect(summary(mutate('kong', (a) => { delete a.metadata.annotations; }))).toHaveLength(1);
  });

  it('reads values given as a YAML string too', () => {
    const asString = mutate('ingress-nginx', (a) => {
      a.spec.source.helm.values = 'controller:\n  config:\n    use-proxy-protocol: "false"\n';
      delete a.spec.source.helm.valuesObject;
    });
    expect(findings(asString).map((f) => f.path)).toContain(`${VALUES}.controller.config.use-proxy-protocol`);
  });

  it('parses protobuf durations', () => {
    expect([durationSeconds('45s'), durationSeconds('1m30s'), durationSeconds('1.5s'), durationSeconds('500ms'), durationSeconds('45'), durationSeconds(45)])
      .toEqual([45, 90, 1.5, 0.5, undefined, undefined]);
  });

  it('schema check rejects a malformed Application (the validity test can fail)', () => {
    const app = structuredClone(rendered.find((o) => o.object.kind === 'Application')!.object);
    app.spec.source.helmValues = {};
    expect(schemaErrors(app).join()).toContain("spec.source.helmValues: unknown field 'helmValues'");
  });
});
