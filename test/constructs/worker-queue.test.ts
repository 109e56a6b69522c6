import { PULL_POLICY_EXEMPTION } from '../../src/constructs/pod-template';
/** Celery queue workers, beat and their PriorityClasses, as the shop fixture renders them. */
import { findObject, renderObjects } from '../support/fixtures';
import { asyncPlatform, celeryAsync, queue } from '../support/async-fixtures';
import { schemaErrors } from '../support/schema';

const FILE = 'shop/east/10-store.yaml';
const CLUSTER = 'shop/east/00-cluster.yaml';

describe('a Celery queue worker', () => {
  const objects = renderObjects(asyncPlatform(celeryAsync()));
  const deployment = findObject(objects, FILE, 'Deployment', 'worker-high-priority');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('derives a DNS-1123 name from the queue name and labels it as a worker', () => {
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'worker-high-priority',
      'app.kubernetes.io/instance': 'shop-worker-high-priority',
      'app.kubernetes.io/component': 'worker',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'platform-compiler',
      'app.kubernetes.io/version': '1.4.2',
      'platform-compiler.dev/region': 'east',
    });
    expect(deployment.spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'worker-high-priority',
      'app.kubernetes.io/instance': 'shop-worker-high-priority',
    });
    expect(deployment.metadata.annotations).toEqual(expect.objectContaining({ 'argocd.argoproj.io/sync-wave': '0', ...PULL_POLICY_EXEMPTION }));
    // Checkov's probe exemption: readiness only (no Service selects a worker), never liveness.
    expect(Object.values(deployment.metadata.annotations).filter((v) => String(v).startsWith('CKV_K8S_'))
      .map((v) => String(v).split('=')[0])).toEqual(['CKV_K8S_9', 'CKV_K8S_15', 'CKV_K8S_35', 'CKV_K8S_43']);
  });

  it('runs celery worker for exactly its queue, with concurrency, prefetch, fair scheduling and a hard time limit', () => {
    expect(container.command).toEqual(['celery']);
    expect(container.args).toEqual([
      '-A', 'shop.celery:app', 'worker',
      '-Q', 'high_priority',
      '--concurrency=4',
      '--prefetch-multiplier=1',
      '-O', 'fair',
      '--time-limit=30',
      '--hostname=high_priority@%h',
      '--without-gossip',
      '--without-mingle',
      '--loglevel=INFO',
    ]);
    const reports = findObject(objects, FILE, 'Deployment', 'worker-reports').spec.template.spec.containers[0];
    expect(reports.args).toContain('--max-tasks-per-child=50');
    expect(reports.args).toContain('--time-limit=1800');
    expect(reports.args.filter((a: string) => a === '-Q' || a.startsWith('-Q'))).toHaveLength(1);
  });

  it('gives the grace period the longest task plus 30 s, so SIGTERM is a warm shutdown', () => {
    expect(pod.terminationGracePeriodSeconds).toBe(60);
    expect(findObject(objects, FILE, 'Deployment', 'worker-reports').spec.template.spec.terminationGracePeriodSeconds).toBe(1830);
    const explicit = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ terminationGracePeriodSeconds: 600 }) } })));
    expect(findObject(explicit, FILE, 'Deployment', 'worker-q').spec.template.spec.terminationGracePeriodSeconds).toBe(600);
  });

  it('leaves replicas to KEDA and runs in its tier', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
    expect(pod.priorityClassName).toBe('shop-async-high');
    expect(findObject(objects, FILE, 'Deployment', 'worker-reports').spec.template.spec.priorityClassName).toBe('shop-async-low');
  });

  it('reads the broker URL from the Secret by name, and is told where to write its heartbeat', () => {
    expect(container.env).toEqual([
      { name: 'WORKER_HEARTBEAT_FILE', value: '/tmp/worker-heartbeat' },
      { name: 'CELERY_BROKER_URL', valueFrom: { secretKeyRef: { name: 'celery-broker', key: 'url' } } },
    ]);
  });

  it('checks liveness on a heartbeat file, never through the broker', () => {
    const command = ['python', '-c',
      "import os, sys, time; sys.exit(0 if time.time() - os.path.getmtime('/tmp/worker-heartbeat') < 60 else 1)"];
    expect(container.livenessProbe).toEqual({ exec: { command }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 });
    expect(container.startupProbe).toEqual({ exec: { command }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 36, successThreshold: 1 });
    expect(container).not.toHaveProperty('readinessProbe');
  });

  it('can use celery inspect ping instead, only on a long period', () => {
    const ping = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ liveness: { method: 'inspect-ping' } }) } })));
    const c = findObject(ping, FILE, 'Deployment', 'worker-q').spec.template.spec.containers[0];
    expect(c.livenessProbe).toEqual({
      exec: { command: ['sh', '-c', 'exec celery -A shop.celery:app inspect ping --destination "q@$HOSTNAME" --timeout 10'] },
      periodSeconds: 300, timeoutSeconds: 20, failureThreshold: 3, successThreshold: 1,
    });
    expect(c.env.map((e: any) => e.name)).not.toContain('WORKER_HEARTBEAT_FILE');
  });

  it('runs a spec\'d command instead of the rendered one', () => {
    const custom = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ command: ['/app/run-worker', 'q'] }) } })));
    const c = findObject(custom, FILE, 'Deployment', 'worker-q').spec.template.spec.containers[0];
    expect(c.command).toEqual(['/app/run-worker', 'q']);
    expect(c).not.toHaveProperty('args');
  });

  it('runs under the restricted profile with a writable /tmp only, on its node pool', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.nodeSelector).toEqual({ pool: 'general' });
    expect(pod).not.toHaveProperty('tolerations');
    const tainted = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ nodePool: 'compute' }) } })));
    expect(findObject(tainted, FILE, 'Deployment', 'worker-q').spec.template.spec.tolerations)
      .toEqual([{ key: 'pool', operator: 'Equal', value: 'compute', effect: 'NoSchedule' }]);
  });

  it('spreads softly across zones and nodes', () => {
    const selector = { matchLabels: deployment.spec.selector.matchLabels };
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector, matchLabelKeys: ['pod-template-hash'],
    }]);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution)
      .toEqual([{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: selector } }]);
  });

  it('has a PDB that never blocks drains', () => {
    expect(findObject(objects, FILE, 'PodDisruptionBudget', 'worker-high-priority').spec).toEqual({
      maxUnavailable: '10%',
      selector: { matchLabels: deployment.spec.selector.matchLabels },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('may reach its broker pods on the AMQP port, in the broker namespace', () => {
    expect(findObject(objects, FILE, 'NetworkPolicy', 'worker-high-priority').spec).toEqual({
      podSelector: { matchLabels: deployment.spec.selector.matchLabels },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'messaging' } }, podSelector: { matchLabels: { app: 'rabbitmq' } } }],
        ports: [{ port: 5672, protocol: 'TCP' }],
      },
      // No mesh here, so no namespace baseline: the policy opens cluster DNS itself.
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    });
  });

  it('adds the Celery app\'s egress targets to every Celery pod, and a queue\'s own to that queue', () => {
    const db = { service: 'pgbouncer', namespace: 'data', port: 6432 };
    const p = asyncPlatform(celeryAsync({
      celery: { ...celeryAsync().celery!, egressTo: [db] },
      queues: { q: queue({ egressTo: [{ service: 'search', port: 9200, podLabels: { app: 'search' } }] }) },
    }));
    const rendered = renderObjects(p);
    const ports = (name: string) => findObject(rendered, FILE, 'NetworkPolicy', name).spec.egress.map((r: any) => r.ports[0].port);
    // …then cluster DNS (53), as there is no mesh baseline.
    expect(ports('worker-q')).toEqual([5672, 6432, 9200, 53]);
    expect(ports('celery-beat')).toEqual([5672, 6432, 53]);
    expect(findObject(rendered, FILE, 'NetworkPolicy', 'worker-q').spec.egress[2].to).toEqual([{ podSelector: { matchLabels: { app: 'search' } } }]);
  });

  it('has a ServiceAccount without a token', () => {
    expect(findObject(objects, FILE, 'ServiceAccount', 'worker-high-priority').automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('worker-high-priority');
  });

  it('validates every worker object against its upstream schema', () => {
    for (const { object } of objects.filter((o) => o.file === FILE)) expect(schemaErrors(object)).toEqual([]);
  });
});

describe('Celery beat', () => {
  const objects = renderObjects(asyncPlatform(celeryAsync()));
  const beat = findObject(objects, FILE, 'Deployment', 'celery-beat');
  const container = beat.spec.template.spec.containers[0];

  it('runs exactly one replica, replaced with Recreate', () => {
    expect(beat.spec.replicas).toBe(1);
    expect(beat.spec.strategy).toEqual({ type: 'Recreate' });
    expect(beat.metadata.labels['app.kubernetes.io/component']).toBe('beat');
  });

  it('is never autoscaled and has no PDB', () => {
    const forBeat = objects.filter((o) => o.file === FILE && o.object.metadata?.name === 'celery-beat').map((o) => o.object.kind).sort();
    expect(forBeat).toEqual(['Deployment', 'NetworkPolicy', 'ServiceAccount']);
  });

  it('runs celery beat with its schedule in /tmp, or the spec\'d scheduler', () => {
    expect(container.command).toEqual(['celery']);
    expect(container.args).toEqual(['-A', 'shop.celery:app', 'beat', '--schedule=/tmp/celerybeat-schedule', '--loglevel=INFO']);
    const db = renderObjects(asyncPlatform(celeryAsync({ beat: { resources: celeryAsync().beat!.resources, scheduler: 'django_celery_beat.schedulers:DatabaseScheduler' } })));
    expect(findObject(db, FILE, 'Deployment', 'celery-beat').spec.template.spec.containers[0].args)
      .toEqual(['-A', 'shop.celery:app', 'beat', '--scheduler=django_celery_beat.schedulers:DatabaseScheduler', '--loglevel=INFO']);
  });

  it('runs in the high tier by default', () => {
    expect(beat.spec.template.spec.priorityClassName).toBe('shop-async-high');
  });
});

describe('PriorityClasses', () => {
  const objects = renderObjects(asyncPlatform(celeryAsync()));
  // The async tiers; the serving class (HTTP services) is test/risks' subject.
  const classes = objects.filter((o) => o.object.kind === 'PriorityClass' && o.object.metadata.name.includes('-async-'));

  it('renders one per tier in use, cluster-scoped, in each cluster file', () => {
    expect(classes.map((o) => `${o.file} ${o.object.metadata.name}`)).toEqual([
      `${CLUSTER} shop-async-high`, `${CLUSTER} shop-async-low`,
      'shop/west/00-cluster.yaml shop-async-high', 'shop/west/00-cluster.yaml shop-async-low',
    ]);
    for (const { object } of classes) {
      expect(object.metadata).not.toHaveProperty('namespace');
      // Configuration: after the Namespaces (-10), before the workloads that name the class (0).
      expect(object.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-5' });
      expect(schemaErrors(object)).toEqual([]);
    }
  });

  it('lets high preempt lower tiers; low never preempts', () => {
    const high = findObject(objects, CLUSTER, 'PriorityClass', 'shop-async-high');
    const low = findObject(objects, CLUSTER, 'PriorityClass', 'shop-async-low');
    expect(high).toMatchObject({ value: 100000, preemptionPolicy: 'PreemptLowerPriority', globalDefault: false });
    expect(low).toMatchObject({ value: 1000, preemptionPolicy: 'Never', globalDefault: false });
    expect(high.value).toBeGreaterThan(low.value);
  });

  it('renders the normal tier when used, between the others', () => {
    const all = renderObjects(asyncPlatform(celeryAsync({ queues: { a: queue({ tier: 'normal' }) }, beat: undefined })));
    expect(all.filter((o) => o.file === CLUSTER && o.object.kind === 'PriorityClass' && o.object.metadata.name.includes('-async-')).map((o) => o.object.metadata.name))
      .toEqual(['shop-async-normal']);
    expect(findObject(all, CLUSTER, 'PriorityClass', 'shop-async-normal')).toMatchObject({ value: 10000, preemptionPolicy: 'Never' });
  });

  it('renders no tier class without async workloads (only the serving one)', () => {
    expect(renderObjects(asyncPlatform({ brokers: {} })).filter((o) => o.object.kind === 'PriorityClass').map((o) => o.object.metadata.name))
      .toEqual(['shop-serving', 'shop-serving']);
  });
});

describe('region overrides of worker bounds', () => {
  const platform = asyncPlatform(celeryAsync({ regions: { west: { queues: { reports: { maxWorkers: 5 } } } } }));
  const objects = renderObjects(platform);

  it('change only that region\'s ScaledObject', () => {
    expect(findObject(objects, FILE, 'ScaledObject', 'worker-reports').spec.maxReplicaCount).toBe(20);
    expect(findObject(objects, 'shop/west/10-store.yaml', 'ScaledObject', 'worker-reports').spec.maxReplicaCount).toBe(5);
    expect(findObject(objects, 'shop/west/10-store.yaml', 'ScaledObject', 'worker-reports').spec.minReplicaCount).toBe(1);
  });
});
