/**
 * Issue 10, item 3: what would go wrong on a real cluster, closed one by one. Each test asserts
 * the exact rendered value (or the exact rule) that closes the risk.
 */
import { hyperscale } from '../../platforms/hyperscale';
import { WAVES, waveOf } from '../../charts/labels';
import { SERVING_CLASS, TIER_CLASSES } from '../../src/constructs/priority-classes';
import { parsePlatformSpec } from '../../src/spec/schema';
import { validatePlatform } from '../../src/spec/validate';
import { asyncPlatform, celeryAsync, queue, seed003EventScaling, writeBack } from '../support/async-fixtures';
import { ADDONS_FILE, renderWithAddons } from '../support/addon-fixtures';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';
import { edgeSpec, meshShop, meshSpec } from '../support/mesh-fixtures';

const errors = (platform: Parameters<typeof validatePlatform>[0]) => validatePlatform(platform).filter((i) => i.severity !== 'warning');
const issuesOf = (platform: Parameters<typeof validatePlatform>[0], rule: string) =>
  validatePlatform(platform).filter((i) => i.rule === rule).map(({ path, message, severity }) => ({ path, message, severity: severity ?? 'error' }));

describe('1. the serving path has a PriorityClass above every worker tier', () => {
  const objects = renderWithAddons(meshShop());

  it('renders shop-serving at 1,000,000, preempting, ten times the high tier', () => {
    const pc = findObject(objects, 'shop/east/00-cluster.yaml', 'PriorityClass', 'shop-serving');
    expect(pc).toMatchObject({ value: 1000000, preemptionPolicy: 'PreemptLowerPriority', globalDefault: false });
    expect(SERVING_CLASS.value).toBeGreaterThan(Math.max(...Object.values(TIER_CLASSES).map((t) => t.value)));
    expect(SERVING_CLASS.value).toBe(10 * TIER_CLASSES.high.value);
  });

  it('runs every HTTP service under it', () => {
    expect(findObject(objects, 'shop/east/10-store.yaml', 'Deployment', 'web').spec.template.spec.priorityClassName).toBe('shop-serving');
    expect(findObject(objects, 'shop/west/10-payments.yaml', 'Deployment', 'checkout').spec.template.spec.priorityClassName).toBe('shop-serving');
  });

  it('runs ingress-nginx and Kong under it (their Helm values)', () => {
    const app = (name: string) => findObject(objects, ADDONS_FILE('shop'), 'Application', `shop-east-${name}`).spec.source.helm.valuesObject;
    expect(app('ingress-nginx').controller.priorityClassName).toBe('shop-serving');
    expect(app('kong').priorityClassName).toBe('shop-serving');
  });

  it('leaves workers on their tiers, below it', () => {
    const async = renderObjects(asyncPlatform(celeryAsync()));
    expect(findObject(async, 'shop/east/10-store.yaml', 'Deployment', 'worker-high-priority').spec.template.spec.priorityClassName).toBe('shop-async-high');
    expect(findObject(async, 'shop/east/10-store.yaml', 'Deployment', 'web').spec.template.spec.priorityClassName).toBe('shop-serving');
  });
});

describe('2. retries never multiply load under overload', () => {
  it('rejects gateway-error/503/reset retries on a route not declared idempotent', () => {
    const platform = meshShop({ checkout: { retries: { attempts: 2, perTryTimeout: '500ms', retryOn: ['gateway-error', 'connect-failure', '503', 'reset'] } } });
    expect(issuesOf(platform, 'retry-idempotent')).toEqual([{
      path: 'shop.namespaces.payments.services.checkout.mesh.retries.retryOn',
      severity: 'error',
      message: 'gateway-error, 503, reset retry a request a server may already have run, so a non-idempotent request runs twice and under overload '
        + 'every retry adds load; keep only connect-failure, refused-stream and reset-before-request, or set retries.idempotent: true if every request of this route is safe to repeat',
    }]);
  });

  it('accepts them with idempotent: true, and pre-connection conditions without it', () => {
    expect(issuesOf(meshShop({ checkout: { retries: { attempts: 2, perTryTimeout: '500ms', retryOn: ['503'], idempotent: true } } }), 'retry-idempotent')).toEqual([]);
    expect(issuesOf(meshShop({ checkout: { retries: { attempts: 2, perTryTimeout: '500ms', retryOn: ['connect-failure', 'refused-stream', 'reset-before-request'] } } }), 'retry-idempotent')).toEqual([]);
  });

  it("renders safe retries instead of Istio's built-in 503 retries on routes that declare none", () => {
    const vs = findObject(renderObjects(meshShop()), 'shop/east/10-store.yaml', 'VirtualService', 'web');
    expect(vs.spec.http[0].retries).toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream,reset-before-request' });
  });

  it('puts a retry budget on every DestinationRule: the profile’s, else 20 % of http2MaxRequests, else 3', () => {
    const objects = renderObjects(meshShop());
    const budget = (file: string, name: string) => findObject(objects, file, 'DestinationRule', name).spec.trafficPolicy.connectionPool.http.maxRetries;
    // cart: opossum-seed-001 sets no pool → Envoy's cluster default 3.
    expect(budget('shop/east/10-store.yaml', 'cart')).toBe(3);
    // web and checkout: the fixture's default profile, http2MaxRequests 200 → 40.
    expect(budget('shop/east/10-store.yaml', 'web')).toBe(40);
    expect(budget('shop/east/10-payments.yaml', 'checkout')).toBe(40);
    // hyperscale: its own 200 of 2000.
    expect(findObject(renderObjects(hyperscale), 'hyperscale/us-east/10-web.yaml', 'DestinationRule', 'api').spec.trafficPolicy.connectionPool.http.maxRetries).toBe(200);
  });

  it('rejects an unlimited (0) or over-concurrency retry budget', () => {
    const withBudget = (maxRetries: number) => meshShop({
      mesh: { circuitBreakers: { tight: { connectionPool: { http: { http2MaxRequests: 100, maxRetries } }, outlierDetection: { consecutive5xxErrors: 5, interval: '5s', baseEjectionTime: '30s' } } } },
    });
    expect(issuesOf(withBudget(0), 'retry-budget-bound')).toEqual([{
      path: 'shop.mesh.circuitBreakers.tight.connectionPool.http.maxRetries', severity: 'error',
      message: "maxRetries 0 is Istio's unset value, an unlimited retry budget; give at least 1, or leave it out for 20 % of http2MaxRequests",
    }]);
    expect(issuesOf(withBudget(101), 'retry-budget-bound').map((i) => i.message)).toEqual([
      'maxRetries (101) exceeds http2MaxRequests (100): every in-flight request could be retried at once, doubling the load on an overloaded destination; '
        + 'keep the budget to a share of the request limit, e.g. 10-20 %',
    ]);
    expect(issuesOf(withBudget(100), 'retry-budget-bound')).toEqual([]);
  });

  it('hyperscale’s API (which takes writes) retries only failures before the request reached a pod', () => {
    const http = findObject(renderObjects(hyperscale), 'hyperscale/eu-west/10-web.yaml', 'VirtualService', 'api').spec.http[0];
    expect(http.retries).toEqual({ attempts: 2, perTryTimeout: '1s', retryOn: 'connect-failure,refused-stream,reset-before-request' });
  });
});

describe('3. Kong rate limits: the effective limit is stated', () => {
  it('warns with limit × Kong replicas (default 2)', () => {
    expect(issuesOf(meshShop({ mesh: { edge: edgeSpec({ kong: {} }) } }), 'rate-limit-per-pod')).toEqual([{
      path: 'shop.namespaces.store.services.web.mesh.expose.rateLimit', severity: 'warning',
      message: "rate limit 'per-ip' (50/second, 1000/minute per ip) is counted by each of the 2 Kong pods on its own (policy local): "
        + 'a client spread across them gets up to 2 × that, 100/second, 2000/minute per region; declare the limit divided by the Kong replicas if the total must hold',
    }]);
  });

  it('follows mesh.edge.kong.replicas, which sets the Kong chart replicaCount', () => {
    const platform = meshShop({ mesh: { edge: edgeSpec({ kong: { replicas: 5 } }) } });
    expect(issuesOf(platform, 'rate-limit-per-pod').map((i) => i.message)[0]).toContain('each of the 5 Kong pods on its own (policy local): a client spread across them gets up to 5 × that, 250/second, 5000/minute per region');
    const kong = findObject(renderWithAddons(platform), ADDONS_FILE('shop'), 'Application', 'shop-east-kong').spec.source.helm.valuesObject;
    expect(kong.replicaCount).toBe(5);
  });

  it('is silent with a single Kong pod (the limit then holds exactly)', () => {
    expect(issuesOf(meshShop({ mesh: { edge: edgeSpec({ kong: { replicas: 1 } }) } }), 'rate-limit-per-pod')).toEqual([]);
  });
});

describe('4. KEDA ScaledObjects carry a fallback', () => {
  const objects = renderObjects(asyncPlatform(celeryAsync()));

  it('holds half of maxWorkers (rounded up, at least minWorkers) after 3 failed reads, never fewer than run', () => {
    // high_priority: min 2, max 20 → 10.
    expect(findObject(objects, 'shop/east/10-store.yaml', 'ScaledObject', 'worker-high-priority').spec.fallback)
      .toEqual({ failureThreshold: 3, replicas: 10, behavior: 'currentReplicasIfHigher' });
  });

  it('takes an explicit fallbackReplicas', () => {
    const platform = asyncPlatform(celeryAsync({ queues: { reports: queue({ tier: 'low', minWorkers: 1, maxWorkers: 9, fallbackReplicas: 4 }) } }));
    expect(findObject(renderObjects(platform), 'shop/east/10-store.yaml', 'ScaledObject', 'worker-reports').spec.fallback.replicas).toBe(4);
  });

  it('derives at least minWorkers: min 7, max 9 → 7 (half of 9 rounds up to 5)', () => {
    const platform = asyncPlatform(writeBack({ minWorkers: 7, maxWorkers: 9 }));
    expect(findObject(renderObjects(platform), 'shop/east/10-store.yaml', 'ScaledObject', 'order-writer').spec.fallback.replicas).toBe(7);
  });

  it('gives a cron-scaled service one, but none to a service with only CPU (KEDA refuses a fallback there)', () => {
    const cron = renderObjects(shopPlatform({}, { autoscaling: undefined, eventScaling: seed003EventScaling() }));
    expect(findObject(cron, 'shop/east/10-store.yaml', 'ScaledObject', 'web').spec.fallback).toEqual({ failureThreshold: 3, replicas: 10, behavior: 'currentReplicasIfHigher' });
    const cpuOnly = renderObjects(shopPlatform({}, { autoscaling: undefined, eventScaling: seed003EventScaling({ windows: undefined }) }));
    expect(findObject(cpuOnly, 'shop/east/10-store.yaml', 'ScaledObject', 'web').spec.fallback).toBeUndefined();
  });

  it('rejects fallbackReplicas outside min..max, per region', () => {
    const platform = asyncPlatform({
      ...celeryAsync({ queues: { reports: queue({ tier: 'low', minWorkers: 1, maxWorkers: 9, fallbackReplicas: 8 }) } }),
      regions: { west: { queues: { reports: { maxWorkers: 6 } } } },
    });
    expect(issuesOf(platform, 'keda-fallback-replicas')).toEqual([{
      path: 'shop.namespaces.store.async.queues.reports.fallbackReplicas', severity: 'error',
      message: 'fallbackReplicas (8) is outside minWorkers..maxWorkers (1–6) in region west: the HPA under the ScaledObject clamps it to those bounds, so the fallback would not hold',
    }]);
    const service = shopPlatform({}, { autoscaling: undefined, eventScaling: seed003EventScaling({ fallbackReplicas: 1 }) });
    expect(issuesOf(service, 'keda-fallback-replicas').map((i) => i.path)).toEqual(['shop.namespaces.store.services.web.eventScaling.fallbackReplicas']);
  });
});

describe('5. workers without a mesh still resolve names', () => {
  it('opens cluster DNS (UDP and TCP 53 to kube-dns) in the worker egress policy', () => {
    const policy = findObject(renderObjects(asyncPlatform(celeryAsync())), 'shop/east/10-store.yaml', 'NetworkPolicy', 'worker-high-priority');
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    });
  });

  it('leaves DNS to the namespace baseline in a mesh (no second rule)', () => {
    const platform = { ...asyncPlatform(celeryAsync()), mesh: meshSpec() };
    const policy = findObject(renderObjects(platform), 'shop/east/10-store.yaml', 'NetworkPolicy', 'worker-high-priority');
    expect(JSON.stringify(policy.spec.egress)).not.toContain('kube-dns');
    expect(findObject(renderObjects(platform), 'shop/east/10-store.yaml', 'NetworkPolicy', 'allow-dns-egress').spec.egress[0].ports)
      .toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });
});

describe('6. the API server egress comes from the spec', () => {
  it('renders the declared CIDRs and ports on both controllers, nothing hard-coded', () => {
    const platform = meshShop({ mesh: { edge: edgeSpec({ apiServer: { cidrs: ['172.20.0.0/16', '192.168.10.0/24'], ports: [6443] } }) } });
    const objects = renderObjects(platform);
    const text = JSON.stringify(objects.filter((o) => o.file === 'shop/east/10-edge.yaml'));
    expect(text).not.toContain('10.0.0.0/8');
    const nginx = findObject(objects, 'shop/east/10-edge.yaml', 'NetworkPolicy', 'ingress-nginx');
    expect(nginx.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '172.20.0.0/16' } }, { ipBlock: { cidr: '192.168.10.0/24' } }], ports: [{ port: 6443, protocol: 'TCP' }] });
    const kong = findObject(objects, 'shop/east/10-edge.yaml', 'NetworkPolicy', 'kong');
    expect(kong.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '172.20.0.0/16' } }, { ipBlock: { cidr: '192.168.10.0/24' } }], ports: [{ port: 6443, protocol: 'TCP' }] });
  });
});

describe('7. stabilizationWindowSeconds above 3600 is rejected by the schema', () => {
  it('names the path, the bound and why', () => {
    const platform = shopPlatform({
      behaviorProfiles: {
        slow: {
          scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
          scaleDown: { stabilizationWindowSeconds: 3601, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
        },
      },
    });
    expect(parsePlatformSpec(platform).issues).toEqual([{
      path: 'shop.behaviorProfiles.slow.scaleDown.stabilizationWindowSeconds', rule: 'schema-range',
      message: '3601 is out of range: must be ≤ 3600: the HPA API allows at most 3600 s (1 h); KEDA accepts a longer window, '
        + 'but then the HPA it creates is rejected and the workload never scales',
    }]);
  });

  it('accepts exactly 3600', () => {
    const rules = { stabilizationWindowSeconds: 3600, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 60 }] };
    expect(parsePlatformSpec(shopPlatform({ behaviorProfiles: { slow: { scaleUp: rules, scaleDown: rules } } })).issues).toEqual([]);
  });
});

describe('8. sync waves: namespaces → configuration → workloads → autoscalers and policy', () => {
  const objects = renderObjects(hyperscale).filter((o) => !o.file.endsWith('applicationset.yaml') && !o.file.endsWith('addons.yaml'));
  const wave = (o: { object: any }) => Number(o.object.metadata.annotations['argocd.argoproj.io/sync-wave']);

  it('orders the waves, after the add-on operators (waves -30 to -15)', () => {
    expect([WAVES.namespaces, WAVES.configuration, WAVES.workloads, WAVES.policy].map(Number)).toEqual([-10, -5, 0, 5]);
    expect(Number(WAVES.namespaces)).toBeGreaterThan(-15);
  });

  it('annotates every object of the hyperscale cluster folders by its kind', () => {
    const byKind = new Map<string, Set<number>>();
    for (const o of objects) byKind.set(o.object.kind, new Set([...(byKind.get(o.object.kind) ?? []), wave(o)]));
    expect(Object.fromEntries([...byKind].map(([k, v]) => [k, [...v]]).sort())).toEqual({
      AlertmanagerConfig: [-5], AuthorizationPolicy: [5], Certificate: [-5], Cluster: [0], ClusterIssuer: [-5], ConfigMap: [-5], Deployment: [0], DestinationRule: [5],
      HorizontalPodAutoscaler: [5], Ingress: [5], Job: [0], KongPlugin: [-5], Namespace: [-10], NetworkPolicy: [5],
      PeerAuthentication: [5], PodDisruptionBudget: [5], PodMonitor: [5], Pooler: [0], PriorityClass: [-5], PrometheusRule: [5],
      RabbitmqCluster: [0],
      ScaledObject: [5], Service: [0], ServiceAccount: [-5], ServiceMonitor: [5], StatefulSet: [0], Telemetry: [5],
      TriggerAuthentication: [-5], VirtualService: [5],
      // Quota and container defaults before any pod; the load test's TestRun with the workloads.
      LimitRange: [-5], ResourceQuota: [-5], TestRun: [0],
    });
  });

  it('syncs each ServiceAccount before its Deployment, and the Deployment before its HPA/ScaledObject and PDB', () => {
    const file = 'hyperscale/us-east/10-web.yaml';
    const at = (kind: string, name: string) => Number(findObject(objects, file, kind, name).metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(at('ServiceAccount', 'api')).toBeLessThan(at('Deployment', 'api'));
    expect(at('Deployment', 'api')).toBeLessThan(at('HorizontalPodAutoscaler', 'api'));
    expect(at('Deployment', 'worker-high-priority')).toBeLessThan(at('ScaledObject', 'worker-high-priority'));
    expect(at('TriggerAuthentication', 'keda-rabbitmq')).toBeLessThan(at('ScaledObject', 'worker-high-priority'));
    expect(at('Deployment', 'api')).toBeLessThan(at('PodDisruptionBudget', 'api'));
  });

  it('refuses a kind without a wave', () => {
    expect(() => waveOf('Widget')).toThrow('no Argo CD sync wave for kind Widget: add it to WAVE_OF_KIND in charts/labels.ts');
  });
});

describe('9. gitops.repoURL is required', () => {
  it('names the missing section and where to set it', () => {
    const { gitops: _omitted, ...withoutGitops } = shopPlatform();
    expect(parsePlatformSpec(withoutGitops).issues).toEqual([{
      path: 'shop.gitops', rule: 'schema-required',
      message: "required field is missing (an object): Argo CD delivers every cluster from Git: add gitops: { repoURL: 'https://…/your-gitops-repo.git' } (the repository dist/ is committed to)",
    }]);
  });

  it('refuses a gitops without repoURL, and an empty one', () => {
    expect(parsePlatformSpec(shopPlatform({ gitops: {} as never })).issues.map((i) => `${i.path} [${i.rule}]`)).toEqual(['shop.gitops.repoURL [schema-required]']);
    expect(parsePlatformSpec(shopPlatform({ gitops: { repoURL: '' } })).issues).toEqual([{
      path: 'shop.gitops.repoURL', rule: 'schema-range',
      message: 'a string ("") is out of range: must be ≥ 1: the Git repository URL Argo CD clones, e.g. https://git.example.com/platform/gitops.git',
    }]);
  });

  it('renders the repository into the AppProject and ApplicationSet', () => {
    const objects = renderObjects(shopPlatform());
    expect(findObject(objects, 'shop/applicationset.yaml', 'AppProject', 'shop').spec.sourceRepos).toEqual(['https://git.example.com/shop/gitops.git']);
    expect(findObject(objects, 'shop/applicationset.yaml', 'ApplicationSet', 'shop').spec.template.spec.source.repoURL).toBe('https://git.example.com/shop/gitops.git');
  });
});

it('the fixtures stay valid', () => {
  expect(errors(meshShop())).toEqual([]);
  expect(errors(asyncPlatform(celeryAsync()))).toEqual([]);
});
