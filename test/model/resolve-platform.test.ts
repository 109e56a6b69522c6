/** resolvePlatform: the model every renderer reads, with its defaults and identities exactly. */
import { resolvePlatform } from '../../src/model';
import { BeatWorkload, HttpServiceWorkload, KafkaConsumerWorkload, QueueWorkerWorkload, Workload } from '../../src/model/types';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { asyncPlatform, celeryAsync, seed004Consumers } from '../support/async-fixtures';
import { shopPlatform } from '../support/fixtures';
import { meshShop } from '../support/mesh-fixtures';

const workloadsOf = (model: ReturnType<typeof resolvePlatform>, region: string, ns = 'store'): Workload[] =>
  model.clusters.find((c) => c.region === region)!.namespaces.find((n) => n.name === ns)!.workloads as Workload[];

describe('resolvePlatform: clusters, namespaces, HTTP services', () => {
  const platform = shopPlatform({
    regions: {
      east: { zones: ['east-a', 'east-b', 'east-c'] },
      west: { zones: ['west-a'], services: { web: { image: 'registry.internal/shop/web:1.5.0', autoscaling: { maxReplicas: 40 } } } },
    },
  });
  const model = resolvePlatform(platform);

  it('has one cluster per region and the namespaces in name order', () => {
    expect(model.clusters.map((c) => [c.region, c.zones, c.namespaces.map((n) => n.name)])).toEqual([
      ['east', ['east-a', 'east-b', 'east-c'], ['store']],
      ['west', ['west-a'], ['store']],
    ]);
    expect(model.name).toBe('shop');
    expect(model.partOf).toBe('shop');
    expect(model.priorityTiers).toEqual([]);
    expect(model.mesh).toBeUndefined();
    expect(model.edge).toBeUndefined();
    expect(model.gitops).toEqual({ repoURL: 'https://git.example.com/shop/gitops.git', targetRevision: 'main', project: 'shop', description: 'Platform shop' });
  });

  it('derives the identity of a service exactly, per region (the override changes the version)', () => {
    const [east] = workloadsOf(model, 'east') as HttpServiceWorkload[];
    const [west] = workloadsOf(model, 'west') as HttpServiceWorkload[];
    expect(east.kind).toBe('http-service');
    expect(east.identity).toEqual({ name: 'web', instance: 'shop-web', component: 'api', partOf: 'shop', version: '1.4.2', region: 'east' });
    expect(west.identity).toEqual({ name: 'web', instance: 'shop-web', component: 'api', partOf: 'shop', version: '1.5.0', region: 'west' });
  });

  it('fills in the defaults: requests-per-second metric, behavior, node pool, no Service annotations', () => {
    const [web] = workloadsOf(model, 'east') as HttpServiceWorkload[];
    expect(web.requestsPerSecondMetric).toBe('http_requests_per_second');
    expect(web.behavior).toEqual(BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down']);
    expect(web.nodePool).toEqual({ nodeLabels: { pool: 'general' } });
    expect(web.serviceAnnotations).toEqual({});
    expect(web.mesh).toBeUndefined();
  });

  it('keeps the path bookkeeping: an overridden field points at the override', () => {
    const [east] = workloadsOf(model, 'east') as HttpServiceWorkload[];
    const [west] = workloadsOf(model, 'west') as HttpServiceWorkload[];
    expect(west.path).toBe('shop.namespaces.store.services.web');
    expect(west.pathOf('autoscaling')).toBe('shop.regions.west.services.web.autoscaling');
    expect(west.pathOf('port')).toBe('shop.namespaces.store.services.web.port');
    expect(east.pathOf('autoscaling')).toBe('shop.namespaces.store.services.web.autoscaling');
    expect(west.spec.autoscaling?.maxReplicas).toBe(40);
  });

  it('uses partOf and the platform metric when the spec sets them', () => {
    const custom = resolvePlatform(shopPlatform({ partOf: 'retail', requestsPerSecondMetric: 'rps' }));
    const [web] = workloadsOf(custom, 'east') as HttpServiceWorkload[];
    expect(web.identity.partOf).toBe('retail');
    expect(web.requestsPerSecondMetric).toBe('rps');
  });

  it('defaults GitOps: revision main, the AppProject named after the platform (never Argo CD\'s `default`)', () => {
    const gitops = resolvePlatform(shopPlatform({ gitops: { repoURL: 'https://git.example.com/shop.git' } })).gitops;
    expect(gitops).toEqual({ repoURL: 'https://git.example.com/shop.git', targetRevision: 'main', project: 'shop', description: 'Platform shop' });
  });
});

describe('resolvePlatform: async workloads', () => {
  const platform = asyncPlatform({ ...celeryAsync(), ...{ kafkaConsumers: seed004Consumers().kafkaConsumers }, brokers: { ...celeryAsync().brokers, ...seed004Consumers().brokers } }, {
    regions: { east: { zones: ['east-a'] }, west: { zones: ['west-a'] } },
  });
  const model = resolvePlatform(platform);
  const workloads = workloadsOf(model, 'east');

  it('orders the union: HTTP services, queue workers, beat, batch writers, Kafka consumers', () => {
    expect(workloads.map((w) => [w.kind, w.identity.name])).toEqual([
      ['http-service', 'web'],
      ['queue-worker', 'worker-high-priority'],
      ['queue-worker', 'worker-reports'],
      ['beat', 'celery-beat'],
      ['kafka-consumer', 'event-processor'],
    ]);
  });

  it('derives queue worker identity, names and broker egress with the defaults', () => {
    const q = workloads[1] as QueueWorkerWorkload;
    expect(q.identity).toEqual({ name: 'worker-high-priority', instance: 'shop-worker-high-priority', component: 'worker', partOf: 'shop', version: '1.4.2', region: 'east' });
    expect(q.queue).toBe('high_priority');
    expect(q.path).toBe('shop.namespaces.store.async.queues.high_priority');
    expect(q.triggerAuthName).toBe('keda-rabbit');
    expect(q.priorityClassName).toBe('shop-async-high');
    expect(q.nodePool).toEqual({ nodeLabels: { pool: 'general' } });
    // Broker port defaults by kind (rabbitmq 5672).
    // …then cluster DNS, as the platform has no mesh baseline to open it.
    expect(q.egress).toEqual([{ namespace: 'messaging', podLabels: { app: 'rabbitmq' }, port: 5672 }, { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53, protocols: ['UDP', 'TCP'] }]);
  });

  it('gives beat the high tier by default, and a consumer without SASL no TriggerAuthentication', () => {
    const beat = workloads[3] as BeatWorkload;
    expect(beat.identity).toEqual({ name: 'celery-beat', instance: 'shop-celery-beat', component: 'beat', partOf: 'shop', version: '1.4.2', region: 'east' });
    expect(beat.priorityClassName).toBe('shop-async-high');
    const consumer = workloads[4] as KafkaConsumerWorkload;
    expect(consumer.identity.component).toBe('consumer');
    expect(consumer.triggerAuthName).toBeUndefined();
    expect(consumer.egress).toEqual([{ namespace: 'kafka', podLabels: { 'strimzi.io/cluster': 'events' }, port: 9092 }, { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53, protocols: ['UDP', 'TCP'] }]);
  });

  it('lists the TriggerAuthentications by broker, and the tiers in first-use order', () => {
    const ns = model.clusters[0].namespaces[0];
    expect(ns.triggerAuths).toEqual([{ brokerKey: 'rabbit', name: 'keda-rabbit', parameters: [{ parameter: 'host', secret: 'celery-broker', key: 'url' }] }]);
    expect(model.priorityTiers).toEqual(['high', 'low', 'normal']);
  });
});

describe('resolvePlatform: the mesh graph and the edge', () => {
  const model = resolvePlatform(meshShop());
  const byName = (name: string, ns = 'store') => workloadsOf(model, 'east', ns).find((w) => w.key === name) as HttpServiceWorkload;

  it('fills in the mesh defaults', () => {
    expect(model.mesh).toEqual({
      clusterDomain: 'cluster.local',
      trustDomain: 'cluster.local',
      dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, ports: [53] },
      controlPlane: { namespace: 'istio-system', podLabels: { app: 'istiod' }, ports: [15012] },
      monitoring: { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [15020, 15090] },
      tracing: { provider: 'jaeger', samplingPercentage: 10, collector: { namespace: 'tracing', podLabels: { app: 'jaeger' }, ports: [9411] } },
    });
  });

  it('resolves who calls whom, with SPIFFE principals', () => {
    expect(byName('cart').mesh!.callers.map((c) => c.principal)).toEqual(['cluster.local/ns/store/sa/web']);
    expect(byName('web').mesh!.callers).toEqual([{
      name: 'edge', namespace: 'edge', serviceAccount: 'kong', podLabels: { 'app.kubernetes.io/name': 'kong' }, principal: 'cluster.local/ns/edge/sa/kong',
    }]);
    expect(byName('cart').mesh!.callees).toEqual([{
      name: 'checkout', namespace: 'payments', port: 9090, podLabels: { 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/instance': 'shop-checkout' },
    }]);
  });

  it('gives an exposed service Kong\'s upstream annotations in the model, not by a later mutation', () => {
    expect(byName('web').serviceAnnotations).toEqual({
      'ingress.kubernetes.io/service-upstream': 'true',
      'konghq.com/host-header': 'web.store.svc.cluster.local',
    });
    expect(byName('cart').serviceAnnotations).toEqual({});
  });

  it('fills in the edge defaults', () => {
    const edge = model.edge!;
    expect(edge.namespace).toBe('edge');
    expect(edge.tlsSecretName).toBe('edge-tls');
    expect(edge.apiServer).toEqual({ cidrs: ['10.0.0.0/16'], ports: [443] });
    expect(edge.nginx).toEqual({
      ingressClassName: 'nginx',
      podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      serviceAccount: 'ingress-nginx',
    });
    // replicas: the fixture's one Kong pod (EDGE_DEFAULTS.kongReplicas is 2).
    expect(edge.kong).toEqual({ ingressClassName: 'kong', podLabels: { 'app.kubernetes.io/name': 'kong' }, serviceAccount: 'kong', proxyPort: 8000, replicas: 1 });
    expect(edge.kongService).toEqual({ name: 'kong-proxy', port: 80, host: 'kong-proxy.edge.svc.cluster.local' });
    expect(edge.loadBalancer).toEqual({ serviceName: 'ingress-nginx', scheme: 'internet-facing', sourceRanges: ['203.0.113.0/24'] });
    expect(edge.nginxPrincipal).toBe('cluster.local/ns/edge/sa/ingress-nginx');
    expect(edge.http01Solver).toBe(false);
  });
});
