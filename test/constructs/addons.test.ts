/** Cluster add-ons as code: pinned charts, selection by rendered kinds, the values the render needs. */
import { App, Chart } from 'cdk8s';
import { PLATFORMS } from '../../platforms';
import { addonApplications, addonsProject, DEFAULT_EDGE, selectAddons } from '../../src/constructs/addons/addon-application';
import { edgeAddonInputs, tracingProvider } from '../../src/constructs/addons/addons-for-render';
import { ADDON_CATALOGUE } from '../../src/constructs/addons/catalogue';
import { REQUEST_RATE_QUERY, requestRateRule } from '../../src/constructs/addons/metrics-rules';
import { podDrainSeconds, renderFacts, renderFactsFromCharts } from '../../src/constructs/addons/render-facts';
import { platformCharts } from '../../src/compile';
import { ADDONS_FILE, renderWithAddons } from '../support/addon-fixtures';
import { edgeSpec, meshShop } from '../support/mesh-fixtures';
import { schemaErrors } from '../support/schema';
import { resolvePlatform } from '../../src/model';

const hyperscale = PLATFORMS.find((p) => p.name === 'hyperscale')!;

describe('add-on catalogue', () => {
  it('pins every chart to an exact version, in its namespace and wave', () => {
    const table = Object.fromEntries(ADDON_CATALOGUE.map((e) => [e.id, `${e.repoURL} ${e.chart}@${e.version} ns=${e.namespace} wave=${e.wave}`]));
    expect(table).toEqual({
      'istio-base': 'https://istio-release.storage.googleapis.com/charts base@1.30.3 ns=istio-system wave=-30',
      'istio-cni': 'https://istio-release.storage.googleapis.com/charts cni@1.30.3 ns=istio-system wave=-25',
      istiod: 'https://istio-release.storage.googleapis.com/charts istiod@1.30.3 ns=istio-system wave=-25',
      'cert-manager': 'quay.io/jetstack/charts cert-manager@v1.21.1 ns=cert-manager wave=-20',
      keda: 'https://kedacore.github.io/charts keda@2.20.2 ns=keda wave=-20',
      'kube-prometheus-stack': 'https://prometheus-community.github.io/helm-charts kube-prometheus-stack@88.3.0 ns=monitoring wave=-20',
      'prometheus-adapter': 'https://prometheus-community.github.io/helm-charts prometheus-adapter@5.3.0 ns=monitoring wave=-15',
      'ingress-nginx': 'https://kubernetes.github.io/ingress-nginx ingress-nginx@4.15.1 ns=edge wave=-15',
      kong: 'https://charts.konghq.com kong@3.4.1 ns=edge wave=-15',
      'cloudnative-pg': 'https://cloudnative-pg.github.io/charts cloudnative-pg@0.29.0 ns=cnpg-system wave=-20',
      strimzi: 'quay.io/strimzi-helm strimzi-kafka-operator@1.2.0 ns=strimzi wave=-20',
      'rabbitmq-cluster-operator': 'registry-1.docker.io/cloudpirates rabbitmq-cluster-operator@0.6.1 ns=rabbitmq-system wave=-20',
      'vertical-pod-autoscaler': 'https://kubernetes.github.io/autoscaler vertical-pod-autoscaler@0.11.0 ns=kube-system wave=-20',
      'k6-operator': 'https://grafana.github.io/helm-charts k6-operator@4.6.0 ns=k6-operator-system wave=-20',
    });
    expect(ADDON_CATALOGUE.filter((e) => e.oci).map((e) => e.id)).toEqual(['cert-manager', 'strimzi', 'rabbitmq-cluster-operator']);
    // Everything before the platform's namespaces (-10); CRDs before the controllers that need them.
    for (const e of ADDON_CATALOGUE) expect(e.wave).toBeLessThan(-10);
  });

  it('names the operator release each chart installs, matching the vendored CRDs', () => {
    const apps = Object.fromEntries(ADDON_CATALOGUE.map((e) => [e.id, e.appVersion]));
    expect(apps).toMatchObject({
      'kube-prometheus-stack': 'v0.93.0', 'cloudnative-pg': '1.30.0', strimzi: '1.2.0', 'rabbitmq-cluster-operator': '2.22.3',
      'vertical-pod-autoscaler': '1.7.1', 'k6-operator': '1.6.0', keda: '2.20.2', 'cert-manager': 'v1.21.1', istiod: '1.30.3',
    });
  });
});

describe('add-on selection', () => {
  const ids = (input: Parameters<typeof selectAddons>[0]) => selectAddons(input).map((e) => e.id);

  it('selects only what the kinds need, with the mesh and the metrics path pulled in', () => {
    expect(ids({ requiredKinds: [{ group: 'postgresql.cnpg.io', kind: 'Cluster' }] })).toEqual(['cloudnative-pg']);
    expect(ids({ requiredKinds: [{ group: 'kafka.strimzi.io', kind: 'KafkaTopic' }, { group: 'rabbitmq.com', kind: 'RabbitmqCluster' }] }))
      .toEqual(['strimzi', 'rabbitmq-cluster-operator']);
    expect(ids({ requiredKinds: [{ group: 'autoscaling.k8s.io', kind: 'VerticalPodAutoscaler' }, { group: 'k6.io', kind: 'TestRun' }] }))
      .toEqual(['vertical-pod-autoscaler', 'k6-operator']);
    // A built-in group that merely looks like VPA's selects nothing.
    expect(ids({ requiredKinds: [{ group: 'autoscaling', kind: 'HorizontalPodAutoscaler' }, { group: 'apps', kind: 'Deployment' }] })).toEqual([]);
    expect(ids({ requiredKinds: [{ group: 'security.istio.io', kind: 'PeerAuthentication' }] })).toEqual(['istio-base', 'istio-cni', 'istiod']);
    expect(ids({ requiredKinds: [], meshed: false, podsMetrics: ['http_requests_per_second'] })).toEqual(['kube-prometheus-stack', 'prometheus-adapter']);
    expect(ids({ requiredKinds: [], ingressClasses: ['nginx'] })).toEqual(['ingress-nginx']);
  });

  it('selects the twelve controllers the hyperscale render uses (the k6 operator for its load test), per cluster, in wave order', () => {
    const facts = renderFacts(renderWithAddons(hyperscale));
    expect([...facts.keys()]).toEqual(['apac', 'eu-west', 'us-east']);
    const east = facts.get('us-east')!;
    expect(ids({ requiredKinds: east.kinds, ingressClasses: east.ingressClasses, podsMetrics: east.podsMetrics, meshed: east.meshed })).toEqual([
      'istio-base', 'istio-cni', 'istiod', 'cert-manager', 'keda', 'kube-prometheus-stack', 'cloudnative-pg', 'rabbitmq-cluster-operator', 'k6-operator', 'prometheus-adapter', 'ingress-nginx', 'kong',
    ]);
    expect(east.ingressClasses).toEqual(['kong', 'nginx']);
    expect(east.podsMetrics).toEqual(['http_requests_per_second']);
    expect(east.tracingProviders).toEqual(['jaeger']);
  });
});

describe('render facts', () => {
  it('are the same read from the charts before synth as from the synthesized JSON', () => {
    for (const platform of [hyperscale, meshShop()]) {
      const files = platformCharts(new App({ outdir: '.unused' }), platform);
      const json = files.flatMap((f) => f.chart.toJson().map((object: unknown) => ({ file: f.path, object })));
      expect(renderFactsFromCharts(files)).toEqual(renderFacts(json));
    }
  });

  it('leave the synthesized output unchanged when read first', () => {
    const fresh = platformCharts(new App({ outdir: '.unused' }), hyperscale).map((f) => f.chart.toJson());
    const readFirst = platformCharts(new App({ outdir: '.unused' }), hyperscale);
    renderFactsFromCharts(readFirst);
    expect(readFirst.map((f) => f.chart.toJson())).toEqual(fresh);
  });
});

describe('terminationDrainDuration input', () => {
  it('counts a pod with a preStop hook by its grace period (which bounds preStop sleep plus drain)', () => {
    const withHook = (grace?: number) => ({ terminationGracePeriodSeconds: grace, containers: [{ lifecycle: { preStop: { sleep: { seconds: 10 } } } }] });
    expect(podDrainSeconds(withHook(45))).toBe(45);
    expect(podDrainSeconds(withHook(undefined))).toBe(30);
    expect(podDrainSeconds({ terminationGracePeriodSeconds: 1830, containers: [{}] })).toBe(0);
  });

  it('is 45 s for hyperscale: the API (preStop 10 s, uvicorn drain 30 s, grace 45 s); the workers have no preStop', () => {
    const facts = renderFacts(renderWithAddons(hyperscale));
    expect([...facts.values()].map((f) => f.terminationDrainSeconds)).toEqual([45, 45, 45]);
  });
});

describe('add-on Applications', () => {
  const objects = renderWithAddons(hyperscale);
  const addons = objects.filter((o) => o.file === ADDONS_FILE('hyperscale')).map((o) => o.object);
  const app = (cluster: string, id: string) => {
    const found = addons.find((o) => o.kind === 'Application' && o.metadata.name === `hyperscale-${cluster}-${id}`);
    if (!found) throw new Error(`no add-on ${id} for ${cluster}`);
    return found;
  };
  const values = (id: string) => app('us-east', id).spec.source.helm.valuesObject;

  it('renders one Application per add-on per cluster in Argo CD\'s namespace, Helm source at the pin, destination the cluster', () => {
    expect(addons.filter((o) => o.kind === 'Application')).toHaveLength(36);
    const kong = app('eu-west', 'kong');
    expect(kong.metadata.namespace).toBe('argocd');
    expect(kong.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-15' });
    expect(kong.metadata.labels).toMatchObject({ 'platform-compiler.dev/addon': 'kong', 'platform-compiler.dev/region': 'eu-west' });
    expect(kong.metadata.finalizers).toBeUndefined();
    expect(kong.spec.project).toBe('hyperscale-addons');
    expect(kong.spec.destination).toEqual({ name: 'eu-west', namespace: 'edge' });
    expect({ ...kong.spec.source, helm: undefined }).toEqual({ repoURL: 'https://charts.konghq.com', chart: 'kong', targetRevision: '3.4.1', helm: undefined });
    expect(kong.spec.source.helm.releaseName).toBe('kong');
    expect(kong.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(kong.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true', 'SkipDryRunOnMissingResource=true', 'PruneLast=true']);
    expect(app('us-east', 'istio-base').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-30');
    expect(app('us-east', 'istiod').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-25');
    expect(app('us-east', 'keda').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-20');
  });

  it('creates the shared edge namespace with the rendered injection and restricted Pod Security labels', () => {
    expect(app('us-east', 'ingress-nginx').spec.syncPolicy.managedNamespaceMetadata).toEqual({ labels: {
      'istio-injection': 'enabled',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    } });
    expect(app('us-east', 'keda').spec.syncPolicy.managedNamespaceMetadata).toBeUndefined();
  });

  it('sets what the edge objects depend on in ingress-nginx', () => {
    const v = values('ingress-nginx');
    expect(v.controller.config).toEqual({ 'use-proxy-protocol': 'true' });
    expect(v.controller.service).toEqual({ enabled: false });
    expect(v.controller.podAnnotations).toEqual({ 'traffic.sidecar.istio.io/includeInboundPorts': '' });
    expect(v.serviceAccount).toEqual({ create: true, name: 'ingress-nginx' });
    expect(v.controller.extraArgs).toEqual({ 'publish-service': 'edge/ingress-nginx' });
    expect(v.controller.admissionWebhooks).toEqual({ certManager: { enabled: true } });
  });

  it('runs Kong DB-less behind the rendered Service, with its sidecar capturing the proxy port', () => {
    const v = values('kong');
    expect(v.env).toEqual({ database: 'off' });
    expect(v.deployment.serviceAccount).toEqual({ create: true, name: 'kong' });
    expect(v.proxy).toEqual({ type: 'ClusterIP', nameOverride: 'kong-gateway' });
    expect(v.podAnnotations).toEqual({ 'traffic.sidecar.istio.io/includeInboundPorts': '*' });
    expect(v.ingressController).toEqual({
      image: { tag: '3.5.13' }, ingressClass: 'kong', env: { publish_service: 'edge/kong-proxy' }, admissionWebhook: { enabled: false },
    });
  });

  it('configures istiod for CNI, native sidecars, the drain and the jaeger provider', () => {
    expect(values('istiod')).toEqual({
      cni: { enabled: true },
      env: { ENABLE_NATIVE_SIDECARS: 'true' },
      meshConfig: {
        defaultConfig: { holdApplicationUntilProxyStarts: true, terminationDrainDuration: '45s' },
        extensionProviders: [{ name: 'jaeger', zipkin: { service: 'jaeger-collector.observability.svc.cluster.local', port: 9411 } }],
      },
    });
    expect(app('us-east', 'istiod').spec.ignoreDifferences).toContainEqual({
      group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
    });
  });

  it('serves http_requests_per_second as a Pods metric from one adapter rule, and nothing else', () => {
    expect(values('prometheus-adapter')).toEqual({
      prometheus: { url: 'http://kube-prometheus-stack-prometheus.monitoring.svc', port: 9090 },
      rules: { default: false, custom: [requestRateRule('http_requests_per_second')], external: [] },
    });
    expect(requestRateRule('http_requests_per_second')).toEqual({
      seriesQuery: 'istio_requests_total{namespace!="",pod!="",reporter="destination"}',
      resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
      name: { matches: '^istio_requests_total$', as: 'http_requests_per_second' },
      metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>,reporter="destination"}[1m])) by (<<.GroupBy>>)',
    });
    expect(REQUEST_RATE_QUERY).toContain('[1m]');
  });

  it('keeps cert-manager\'s CRDs with the chart, kept on uninstall, and lets Prometheus select the platform\'s monitors', () => {
    expect(values('cert-manager')).toEqual({ crds: { enabled: true, keep: true } });
    expect(values('kube-prometheus-stack').prometheus.prometheusSpec).toEqual({
      serviceMonitorSelectorNilUsesHelmValues: false, podMonitorSelectorNilUsesHelmValues: false, ruleSelectorNilUsesHelmValues: false,
    });
    expect(app('us-east', 'keda').spec.source.helm.valuesObject).toBeUndefined();
    expect(app('us-east', 'keda').spec.ignoreDifferences).toContainEqual({ group: 'apiregistration.k8s.io', kind: 'APIService', jqPathExpressions: ['.spec.caBundle'] });
  });

  it('confines the add-ons with an AppProject: their repositories, namespaces per cluster and cluster-scoped kinds', () => {
    const project = addons.find((o) => o.kind === 'AppProject');
    expect(project.metadata.name).toBe('hyperscale-addons');
    expect(project.spec.sourceRepos).toEqual([
      'https://charts.konghq.com', 'https://cloudnative-pg.github.io/charts', 'https://grafana.github.io/helm-charts', 'https://istio-release.storage.googleapis.com/charts', 'https://kedacore.github.io/charts',
      'https://kubernetes.github.io/ingress-nginx', 'https://prometheus-community.github.io/helm-charts', 'quay.io/jetstack/charts',
      'registry-1.docker.io/cloudpirates',
    ]);
    expect(project.spec.destinations.filter((d: any) => d.name === 'us-east').map((d: any) => d.namespace))
      .toEqual(['cert-manager', 'cnpg-system', 'edge', 'istio-system', 'k6-operator-system', 'keda', 'monitoring', 'rabbitmq-system']);
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: '', kind: 'Namespace' });
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' });
    expect(project.spec.clusterResourceWhitelist).not.toContainEqual({ group: '*', kind: '*' });
  });

  it('are valid against the Argo CD CRD schemas', () => {
    expect(addons.flatMap((o) => schemaErrors(o))).toEqual([]);
  });

  it('renders the data-tier operators when their kinds are required, with Strimzi watching every namespace', () => {
    const chart = new Chart(new App({ outdir: '.unused' }), 'data', { disableResourceNameHashes: true });
    const apps = addonApplications(chart, {
      cluster: 'east', platformName: 'shop', terminationDrainSeconds: 0, meshed: false,
      requiredKinds: [{ group: 'kafka.strimzi.io', kind: 'Kafka' }, { group: 'postgresql.cnpg.io', kind: 'Cluster' }],
    });
    addonsProject(chart, { platformName: 'shop', clusters: [{ name: 'east', addons: selectAddons({ requiredKinds: [{ group: 'kafka.strimzi.io', kind: 'Kafka' }] }) }] });
    const json = chart.toJson();
    expect(apps.map((a) => a.name)).toEqual(['shop-east-cloudnative-pg', 'shop-east-strimzi']);
    const strimzi = json.find((o: any) => o.metadata.name === 'shop-east-strimzi');
    expect(strimzi.spec.source).toEqual({
      repoURL: 'quay.io/strimzi-helm', chart: 'strimzi-kafka-operator', targetRevision: '1.2.0',
      helm: { releaseName: 'strimzi', valuesObject: { watchAnyNamespace: true, extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }] } },
    });
    expect(json.flatMap((o: any) => schemaErrors(o))).toEqual([]);
  });
});

describe('add-on inputs from the model', () => {
  it('derives the tracing provider from the mesh spec\'s collector', () => {
    expect(tracingProvider({ provider: 'otel', samplingPercentage: 1, collector: { namespace: 'tracing', ports: [9412] } }))
      .toEqual([{ name: 'otel', service: 'jaeger-collector.tracing.svc.cluster.local', port: 9412 }]);
    expect(tracingProvider({ samplingPercentage: 1, collector: { namespace: 'observability' } }, 'collector'))
      .toEqual([{ name: 'jaeger', service: 'collector.observability.svc.cluster.local', port: 9411 }]);
    expect(tracingProvider(undefined)).toEqual([]);
  });

  it('takes the edge identities from the resolved edge, defaults without one', () => {
    expect(edgeAddonInputs(undefined)).toEqual(DEFAULT_EDGE);
    const custom = edgeAddonInputs(resolvePlatform(meshShop({ mesh: { edge: edgeSpec({ namespace: 'ingress', kong: { serviceAccount: 'gateway' } }) } })).edge);
    // replicas: the model's default Kong pod count (EDGE_DEFAULTS.kongReplicas), written as the chart's replicaCount.
    expect(custom).toEqual({ ...DEFAULT_EDGE, namespace: 'ingress', kong: { ...DEFAULT_EDGE.kong, serviceAccount: 'gateway', replicas: 2 } });
  });
});
