import { App, Chart } from 'cdk8s';
import { ScalableService, ScalableServiceProps } from '../../src/constructs/scalable-service';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { webService } from '../support/fixtures';

const IDENTITY = { name: 'web', instance: 'shop-web', component: 'api', partOf: 'shop', version: '1.4.2', region: 'east' };
const POOL = { nodeLabels: { pool: 'compute' }, taint: { key: 'pool', value: 'compute', effect: 'NoSchedule' as const } };

function render(patch: Partial<ScalableServiceProps> = {}, chartId = 'chart', constructId = 'web'): Record<string, any> {
  const chart = new Chart(new App(), chartId, { disableResourceNameHashes: true });
  new ScalableService(chart, constructId, {
    identity: IDENTITY,
    namespace: 'store',
    spec: webService(),
    behavior: BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'],
    nodePool: POOL,
    ...patch,
  });
  return Object.fromEntries(chart.toJson().map((o: any) => [o.kind, o]));
}

describe('ScalableService', () => {
  const objects = render();
  const deployment = objects.Deployment;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('renders exactly ServiceAccount, Deployment, Service, HPA and PDB, named after the service', () => {
    expect(Object.keys(objects).sort()).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    for (const o of Object.values(objects)) expect(o.metadata).toMatchObject({ name: 'web', namespace: 'store' });
  });

  it('turns ServiceAccount token automount off, on the account and the pod', () => {
    expect(objects.ServiceAccount.automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('web');
  });

  it('leaves spec.replicas unset under an HPA', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  it('sets a fixed replica count without autoscaling, and no HPA', () => {
    const fixed = render({ spec: webService({ autoscaling: undefined, replicas: 4 }), behavior: undefined });
    expect(fixed.Deployment.spec.replicas).toBe(4);
    expect(fixed.HorizontalPodAutoscaler).toBeUndefined();
    expect(fixed.PodDisruptionBudget.spec.maxUnavailable).toBe('10%');
  });

  it('renders no PDB for a single fixed replica (it could only block drains)', () => {
    const single = render({ spec: webService({ autoscaling: undefined, replicas: 1 }), behavior: undefined });
    expect(single.PodDisruptionBudget).toBeUndefined();
  });

  it('carries the recommended labels and a selector of name and instance only', () => {
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/instance': 'shop-web',
      'app.kubernetes.io/component': 'api',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'platform-compiler',
      'app.kubernetes.io/version': '1.4.2',
      'platform-compiler.dev/region': 'east',
    });
    const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' };
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(objects.Service.spec.selector).toEqual(selector);
    expect(objects.PodDisruptionBudget.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata.labels).toEqual(deployment.metadata.labels);
  });

  it('keeps names and selectors stable when the construct or chart is renamed', () => {
    const renamed = render({}, 'another-chart', 'renamed-construct');
    expect(renamed.Deployment.metadata.name).toBe('web');
    expect(renamed.Deployment.spec.selector).toEqual(deployment.spec.selector);
    expect(JSON.stringify(renamed.Deployment)).not.toMatch(/cdk8s\.io|renamed-construct|another-chart/);
  });

  it('rolls out with surge and no unavailability by default', () => {
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });

  it('carries the image-pull-policy exemption with its reason on the Deployment only (no pod-template churn)', () => {
    expect(deployment.metadata.annotations['kube-score/ignore']).toBe('container-image-pull-policy');
    expect(deployment.metadata.annotations['platform-compiler.dev/exemption-reason']).toContain('pinned to a version tag or digest');
    expect(deployment.spec.template.metadata).not.toHaveProperty('annotations');
  });

  it('sets requests and limits', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi', 'ephemeral-storage': '256Mi' },
      limits: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '1Gi' },
    });
  });

  it('has startup, readiness and liveness probes on the named port', () => {
    expect(container.startupProbe).toEqual({
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30, successThreshold: 1, initialDelaySeconds: 0,
    });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, failureThreshold: 2 });
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  });

  it('drains connections: preStop sleep, then a longer grace period', () => {
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  it('selects and tolerates its node pool', () => {
    expect(pod.nodeSelector).toEqual({ pool: 'compute' });
    expect(pod.tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'compute', effect: 'NoSchedule' }]);
    const untainted = render({ nodePool: { nodeLabels: { pool: 'general' } } });
    expect(untainted.Deployment.spec.template.spec).not.toHaveProperty('tolerations');
  });

  it('spreads across zones (hard) and nodes (soft)', () => {
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' } },
      matchLabelKeys: ['pod-template-hash'],
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Honor',
    }]);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 100,
      podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' } } },
    }]);
    expect(pod.affinity.podAntiAffinity).not.toHaveProperty('requiredDuringSchedulingIgnoredDuringExecution');
  });

  it('runs under the restricted Pod Security profile, with a writable /tmp only', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  it('references Secrets by name for secret environment variables', () => {
    const withEnv = render({ spec: webService({ env: { B: '2', A: '1' }, secretEnv: { DB_URL: { secret: 'db', key: 'url' } } }) });
    expect(withEnv.Deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: '1' }, { name: 'B', value: '2' },
      { name: 'DB_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
    ]);
  });

  it('exposes a ClusterIP Service on the named port', () => {
    expect(objects.Service.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
    });
  });

  it('autoscales with autoscaling/v2 on CPU, memory and requests per second', () => {
    const hpa = render({
      spec: webService({ autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70, memoryUtilization: 80, requestsPerSecondPerPod: 333, behavior: 'x' } }),
    }).HorizontalPodAutoscaler;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(12);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '333' } } },
    ]);
  });

  it('passes the behavior profile through field by field', () => {
    expect(objects.HorizontalPodAutoscaler.spec.behavior).toEqual(BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down']);
  });

  it('never blocks drains: PDB maxUnavailable 10 % with AlwaysAllow for unhealthy pods', () => {
    expect(objects.PodDisruptionBudget.apiVersion).toBe('policy/v1');
    expect(objects.PodDisruptionBudget.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-web' } },
      maxUnavailable: '10%',
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });
});
