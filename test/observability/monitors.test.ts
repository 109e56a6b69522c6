/** Scrape targets: a ServiceMonitor per HTTP service, a PodMonitor per meshed async workload. */
import { hyperscale } from '../../platforms/hyperscale';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const WEB = 'hyperscale/us-east/10-web.yaml';
const ASYNC = ['worker-high-priority', 'worker-low-priority', 'worker-normal', 'celery-beat'];

describe('monitors under the mesh (hyperscale)', () => {
  const objects = renderObjects(hyperscale);

  it("scrapes the API through its Service on Istio's merged-metrics port", () => {
    const monitor = findObject(objects, WEB, 'ServiceMonitor', 'api');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'hyperscale-api' } },
      namespaceSelector: { matchNames: ['web'] },
      endpoints: [{ port: 'http-monitoring', path: '/stats/prometheus', interval: '30s', scheme: 'http' }],
    });
    expect(monitor.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'api', 'app.kubernetes.io/part-of': 'hyperscale', 'platform-compiler.dev/region': 'us-east' });
    const ports = findObject(objects, WEB, 'Service', 'api').spec.ports;
    expect(ports).toEqual([
      { name: 'http', port: 8000, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
      { name: 'http-monitoring', port: 15020, targetPort: 15020, protocol: 'TCP', appProtocol: 'http' },
    ]);
    // The monitoring NetworkPolicy already admits Prometheus on exactly that port.
    const allow = findObject(objects, WEB, 'NetworkPolicy', 'allow-monitoring-ingress');
    expect(allow.spec.ingress[0].ports.map((p: any) => p.port)).toContain(15020);
  });

  it.each(ASYNC)('scrapes %s pods on the sidecar port 15020', (name) => {
    const monitor = findObject(objects, WEB, 'PodMonitor', name);
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `hyperscale-${name}` } },
      namespaceSelector: { matchNames: ['web'] },
      podMetricsEndpoints: [{ portNumber: 15020, path: '/stats/prometheus', interval: '30s', scheme: 'http' }],
    });
    // The selector picks the workload's own pods.
    const pod = findObject(objects, WEB, 'Deployment', name).spec.template.metadata.labels;
    expect(pod).toMatchObject(monitor.spec.selector.matchLabels);
  });

  it('renders exactly one monitor per workload, each valid against the vendored CRD', () => {
    const monitors = objects.filter((o) => o.file === WEB && (o.object.kind === 'ServiceMonitor' || o.object.kind === 'PodMonitor'));
    expect(monitors.map((o) => `${o.object.kind}/${o.object.metadata.name}`).sort())
      .toEqual(['PodMonitor/celery-beat', 'PodMonitor/worker-high-priority', 'PodMonitor/worker-low-priority', 'PodMonitor/worker-normal', 'ServiceMonitor/api']);
    for (const { object } of monitors) expect(schemaErrors(object)).toEqual([]);
  });
});

describe('monitors without the mesh (shop)', () => {
  const objects = renderObjects(shopPlatform());

  it("scrapes the app's own /metrics on the http port and adds no Service port", () => {
    expect(findObject(objects, 'shop/east/10-store.yaml', 'ServiceMonitor', 'web').spec.endpoints)
      .toEqual([{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }]);
    expect(findObject(objects, 'shop/east/10-store.yaml', 'Service', 'web').spec.ports.map((p: any) => p.name)).toEqual(['http']);
  });
});
