/**
 * Seed 002 async write-back: the API answers 202 after pushing to a Redis list; a batch writer
 * drains the list 5,000 rows per insert, scaled by KEDA on the list's length.
 */
import { validatePlatform } from '../../src/spec/validate';
import { asyncPlatform, writeBack } from '../support/async-fixtures';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const FILE = 'shop/east/10-store.yaml';
const NAME = 'order-writer';

describe('a batch writer (seed 002)', () => {
  const platform = asyncPlatform(writeBack());
  const objects = renderObjects(platform);
  const deployment = findObject(objects, FILE, 'Deployment', NAME);
  const container = deployment.spec.template.spec.containers[0];
  const so = findObject(objects, FILE, 'ScaledObject', NAME);

  it('is a valid spec', () => expect(validatePlatform(platform)).toEqual([]));

  it('writes 5000 rows per batch by default, from its list, with the Redis URL from a Secret', () => {
    expect(container.env).toEqual([
      { name: 'BATCH_LIST', value: 'orders:pending' },
      { name: 'BATCH_SIZE', value: '5000' },
      { name: 'REDIS_ADDRESS', value: 'redis.store.svc.cluster.local:6379' },
      { name: 'WORKER_HEARTBEAT_FILE', value: '/tmp/worker-heartbeat' },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'url' } } },
      { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'url' } } },
    ]);
    expect(container.image).toBe('registry.internal/shop/order-writer:2.0.1');
    expect(container).not.toHaveProperty('command');
  });

  it('scales on the list length, one writer per full batch waiting', () => {
    expect(so.spec.triggers).toEqual([{
      type: 'redis',
      name: 'list-length',
      metadata: { address: 'redis.store.svc.cluster.local:6379', listName: 'orders:pending', listLength: '5000' },
      authenticationRef: { name: 'keda-redis' },
    }]);
    expect(so.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 10, pollingInterval: 30, cooldownPeriod: 300 });
    expect(findObject(objects, FILE, 'TriggerAuthentication', 'keda-redis').spec)
      .toEqual({ secretTargetRef: [{ parameter: 'password', name: 'redis-auth', key: 'password' }] });
  });

  it('takes a configured batch size and backlog per writer', () => {
    const tuned = renderObjects(asyncPlatform(writeBack({ batchSize: 2000, itemsPerWorker: 10000 })));
    const env = findObject(tuned, FILE, 'Deployment', NAME).spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'BATCH_SIZE', value: '2000' });
    expect(findObject(tuned, FILE, 'ScaledObject', NAME).spec.triggers[0].metadata.listLength).toBe('10000');
  });

  it('finishes its batch on SIGTERM: grace period is the longest batch plus 30 s', () => {
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(50);
  });

  it('checks liveness on its heartbeat file with the shell, as the image need not be Python', () => {
    expect(container.livenessProbe.exec.command).toEqual(['sh', '-c', "test $(( $(date +%s) - $(stat -c %Y '/tmp/worker-heartbeat') )) -lt 60"]);
  });

  it('may reach Redis and the database pooler, nothing else', () => {
    expect(findObject(objects, FILE, 'NetworkPolicy', NAME).spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: {} } }], ports: [{ port: 6379, protocol: 'TCP' }] },
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: { matchLabels: { app: 'pgbouncer' } } }],
        ports: [{ port: 6432, protocol: 'TCP' }],
      },
      // Without a mesh, cluster DNS too.
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
    ]);
  });

  it('is a worker in its tier, with a PDB', () => {
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(deployment.spec.template.spec.priorityClassName).toBe('shop-async-normal');
    expect(findObject(objects, FILE, 'PodDisruptionBudget', NAME).spec.maxUnavailable).toBe('10%');
  });

  it('validates against the upstream schemas', () => {
    for (const { object } of objects.filter((o) => o.file === FILE)) expect(schemaErrors(object)).toEqual([]);
  });
});
