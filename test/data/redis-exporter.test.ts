/** Redis Cluster monitoring: the redis_exporter sidecar, its PodMonitor, the scrape path through the NetworkPolicy. */
import { hyperscale } from '../../platforms/hyperscale';
import type { PlatformSpec } from '../../src/spec/types';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const DATA = 'hyperscale/us-east/10-data.yaml';

describe('redis_exporter beside every Redis node (hyperscale)', () => {
  const objects = renderObjects(hyperscale);
  const sts = findObject(objects, DATA, 'StatefulSet', 'redis');
  const exporter = sts.spec.template.spec.containers.find((c: any) => c.name === 'exporter');

  it('runs the pinned exporter as a restricted sidecar reading only the local node', () => {
    expect(sts.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['redis', 'exporter']);
    expect(exporter).toEqual({
      name: 'exporter',
      image: 'oliver006/redis_exporter:v1.88.0',
      imagePullPolicy: 'IfNotPresent',
      env: [{ name: 'REDIS_ADDR', value: 'redis://localhost:6379' }],
      ports: [{ name: 'metrics', containerPort: 9121, protocol: 'TCP' }],
      resources: { requests: { cpu: '50m', memory: '64Mi', 'ephemeral-storage': '16Mi' }, limits: { cpu: '200m', memory: '64Mi', 'ephemeral-storage': '64Mi' } },
      readinessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 3, successThreshold: 1 },
      livenessProbe: { tcpSocket: { port: 'metrics' }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3, successThreshold: 1 },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    });
    // The pod stays out of the mesh: the PodMonitor scrapes the exporter, not a sidecar.
    expect(sts.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
    expect(schemaErrors(sts)).toEqual([]);
  });

  it('is scraped by a PodMonitor on the exporter port, labelling every series with the workload', () => {
    const monitor = findObject(objects, DATA, 'PodMonitor', 'redis');
    expect(monitor.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'hyperscale-redis' } },
      namespaceSelector: { matchNames: ['data'] },
      podMetricsEndpoints: [{
        port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http',
        relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], targetLabel: 'workload', action: 'replace' }],
      }],
    });
    expect(schemaErrors(monitor)).toEqual([]);
    // Only the exporter monitor: no sidecar-port (15020) monitor for pods without a sidecar.
    // (The other PodMonitors of the namespace are the Postgres instances' and poolers' exporters.)
    expect(objects.filter((o) => o.file === DATA && o.object.kind === 'PodMonitor'
      && o.object.metadata.name.startsWith('redis')).length).toBe(1);
  });

  it("admits exactly the spec's Prometheus pods to the exporter port", () => {
    const policy = findObject(objects, DATA, 'NetworkPolicy', 'redis');
    expect(policy.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ port: 9121, protocol: 'TCP' }],
    });
  });

  it('authenticates with the password Secret by reference when the cluster has one', () => {
    const spec = structuredClone(hyperscale) as any;
    spec.namespaces.data.data.redis.redis.passwordSecret = { name: 'redis-auth', key: 'password' };
    const env = findObject(renderObjects(spec as PlatformSpec), DATA, 'StatefulSet', 'redis').spec.template.spec.containers[1].env;
    expect(env).toEqual([
      { name: 'REDIS_ADDR', value: 'redis://localhost:6379' },
      { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } },
    ]);
  });
});
