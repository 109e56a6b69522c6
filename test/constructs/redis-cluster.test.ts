import { spawnSync } from 'node:child_process';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { RedisCluster, RedisClusterProps } from '../../src/constructs/data/redis-cluster';
import { REDIS_BOOTSTRAP_SCRIPT } from '../../src/constructs/data/redis-bootstrap-script';
import { REDIS_PRE_STOP_SCRIPT } from '../../src/constructs/data/redis-pre-stop-script';
import { memoryLimitForMaxmemory, redisMemoryBudget, renderRedisConf } from '../../src/constructs/data/redis-config';
import { schemaErrors } from '../support/schema';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const SELECTOR = { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'hyperscale-cache' };
const LABELS = { ...SELECTOR, 'app.kubernetes.io/component': 'cache', 'app.kubernetes.io/part-of': 'hyperscale', 'app.kubernetes.io/managed-by': 'platform-compiler' };

/** Seed 000's cache: 16 shards × 2 replicas, allkeys-lru, on the memory-optimized pool. */
function seed000(patch: Partial<RedisClusterProps> = {}): RedisClusterProps {
  return {
    name: 'cache', namespace: 'data', labels: LABELS, selectorLabels: SELECTOR,
    shards: 16, replicasPerShard: 2, image: 'redis:7.2.5-bookworm',
    resources: { requests: { cpu: '2', memory: '16Gi' }, limits: { cpu: '4', memory: '16Gi' } },
    nodePool: { nodeSelector: { pool: 'memory-optimized' }, tolerations: [{ key: 'pool', value: 'memory-optimized', effect: 'NoSchedule' }] },
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    maxmemoryPolicy: 'allkeys-lru', persistence: { mode: 'none' },
    dataVolume: { size: '20Gi', storageClassName: 'fast-ssd' },
    passwordSecret: { name: 'cache-auth', key: 'password' },
    ...patch,
  };
}

function render(props: RedisClusterProps): any[] {
  const chart = new Chart(new App(), 'chart', { disableResourceNameHashes: true });
  new RedisCluster(chart, 'redis', props);
  return chart.toJson();
}
const find = (objects: any[], kind: string, name?: string) => objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
const confValue = (conf: string, key: string) => conf.split('\n').find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);

describe('RedisCluster', () => {
  const objects = render(seed000());
  const sts = find(objects, 'StatefulSet');
  const pod = sts.spec.template.spec;
  const redis = pod.containers[0];
  const job = find(objects, 'Job');
  const jobPod = job.spec.template.spec;
  const conf: string = find(objects, 'ConfigMap').data['redis.conf'];

  it('renders ConfigMap, ServiceAccount, two Services, StatefulSet, PDB and the bootstrap Job, all schema-valid', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/cache-config', 'ServiceAccount/cache', 'Service/cache-headless', 'Service/cache',
      'StatefulSet/cache', 'PodDisruptionBudget/cache', 'Job/cache-bootstrap',
    ]);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
    for (const o of objects) expect(o.metadata.namespace).toBe('data');
  });

  it.each([
    ['seed 000', 16, 2, 48],
    ['seed 001 us-east', 6, 2, 18],
    ['seed 001 eu-central', 4, 2, 12],
    ['seed 004', 3, 2, 9],
  ])('%s: %i shards × (1 + %i) = %i pods, and the bootstrap lists every one', (_seed, shards, replicasPerShard, pods) => {
    const out = render(seed000({ shards, replicasPerShard }));
    expect(find(out, 'StatefulSet').spec.replicas).toBe(pods);
    const env = Object.fromEntries(find(out, 'Job').spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.REDIS_NODES.split(' ')).toHaveLength(pods);
    expect(env.REDIS_SHARDS).toBe(String(shards));
    expect(env.REDIS_REPLICAS_PER_SHARD).toBe(String(replicasPerShard));
  });

  it('addresses peers by stable pod DNS names through the headless Service', () => {
    const nodes = jobPod.containers[0].env.find((e: any) => e.name === 'REDIS_NODES').value.split(' ');
    expect(nodes[0]).toBe('cache-0.cache-headless.data.svc.cluster.local:6379');
    expect(nodes[47]).toBe('cache-47.cache-headless.data.svc.cluster.local:6379');
    expect(sts.spec.serviceName).toBe('cache-headless');
  });

  it('derives maxmemory as 75% of the memory limit without persistence: 16Gi → 12Gi', () => {
    expect(confValue(conf, 'maxmemory')).toBe(String(12 * GiB));
    expect(confValue(conf, 'maxmemory')).toBe('12884901888');
    expect(redisMemoryBudget('16Gi', { mode: 'none' }).maxmemoryBytes).toBe(12 * GiB);
    // Replication buffers are capped: 16Gi/64 → 256Mi backlog; 16Gi/16 = 1Gi → capped at 512Mi.
    expect(confValue(conf, 'repl-backlog-size')).toBe(String(256 * MiB));
    expect(confValue(conf, 'client-output-buffer-limit')).toBe(`replica ${512 * MiB} ${128 * MiB} 60`);
  });

  it('keeps half the limit as headroom with RDB snapshots (forks copy-on-write)', () => {
    const rdb = renderRedisConf({ port: 6379, memoryLimit: '16Gi', maxmemoryPolicy: 'allkeys-lru', persistence: { mode: 'rdb', savePoints: [{ seconds: 900, changes: 1 }] } });
    expect(confValue(rdb, 'maxmemory')).toBe(String(8 * GiB));
    expect(confValue(rdb, 'save')).toBe('"900 1"');
    expect(confValue(rdb, 'appendonly')).toBe('no');
    const aof = renderRedisConf({ port: 6379, memoryLimit: '16Gi', maxmemoryPolicy: 'noeviction', persistence: { mode: 'aof', fsync: 'everysec' } });
    expect(confValue(aof, 'appendonly')).toBe('yes');
    expect(confValue(aof, 'appendfsync')).toBe('everysec');
  });

  it("sizes the memory limit for seed 001's 32GB maxmemory per node", () => {
    const limit = memoryLimitForMaxmemory('32Gi', { mode: 'none' });
    expect(limit).toBe('43692Mi');
    const max = redisMemoryBudget(limit, { mode: 'none' }).maxmemoryBytes;
    expect(max).toBeGreaterThanOrEqual(32 * GiB);
    expect(max).toBeLessThan(32 * GiB + 2 * MiB);
  });

  it('always leaves the buffers room inside the limit, in whole MiB, for any limit from 64Mi to 1Ti', () => {
    fc.assert(fc.property(fc.integer({ min: 64, max: 1024 * 1024 }), fc.boolean(), (limitMiB, persistent) => {
      const b = redisMemoryBudget(`${limitMiB}Mi`, persistent ? { mode: 'aof', fsync: 'everysec' } : { mode: 'none' });
      const share = persistent ? 0.5 : 0.75;
      expect(b.maxmemoryBytes).toBeLessThanOrEqual(share * limitMiB * MiB);
      expect(b.maxmemoryBytes).toBeGreaterThan(share * limitMiB * MiB - MiB);
      expect(b.maxmemoryBytes + b.replBacklogBytes + b.replicaOutputHardBytes).toBeLessThan(limitMiB * MiB);
      for (const v of [b.maxmemoryBytes, b.replBacklogBytes, b.replicaOutputHardBytes, b.replicaOutputSoftBytes]) expect(v % MiB).toBe(0);
    }));
  });

  it('sizes a limit whose maxmemory reaches any wanted maxmemory', () => {
    fc.assert(fc.property(fc.integer({ min: 48, max: 512 * 1024 }), (wantMiB) => {
      const limit = memoryLimitForMaxmemory(`${wantMiB}Mi`, { mode: 'none' });
      expect(redisMemoryBudget(limit, { mode: 'none' }).maxmemoryBytes).toBeGreaterThanOrEqual(wantMiB * MiB);
    }));
  });

  it('writes cluster mode, the eviction policy and no persistence into redis.conf', () => {
    expect(confValue(conf, 'cluster-enabled')).toBe('yes');
    expect(confValue(conf, 'cluster-config-file')).toBe('nodes.conf');
    expect(confValue(conf, 'maxmemory-policy')).toBe('allkeys-lru');
    expect(confValue(conf, 'save')).toBe('""');
    expect(confValue(conf, 'appendonly')).toBe('no');
    expect(confValue(conf, 'port')).toBe('6379');
    expect(confValue(conf, 'dir')).toBeUndefined();
    expect(redis.args).toEqual(['/etc/redis/redis.conf', '--dir', '/data', '--requirepass', '$(REDISCLI_AUTH)', '--masterauth', '$(REDISCLI_AUTH)']);
  });

  it('references the password Secret by name only', () => {
    const auth = { name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: 'cache-auth', key: 'password' } } };
    expect(redis.env).toEqual([{ name: 'REDIS_PORT', value: '6379' }, auth]);
    expect(jobPod.containers[0].env.at(-1)).toEqual(auth);
    expect(find(objects, 'Secret')).toBeUndefined();
    expect(conf).not.toMatch(/requirepass|masterauth/);
  });

  it('runs on the memory-optimized pool, confined to and spread over the zones', () => {
    expect(pod.nodeSelector).toEqual({ pool: 'memory-optimized' });
    expect(pod.tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'memory-optimized', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a', 'us-east-1b', 'us-east-1c'] }] },
    ]);
    expect(pod.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 3,
      labelSelector: { matchLabels: SELECTOR }, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Honor',
    }]);
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
  });

  it('holds memory request = limit, and a data volume for nodes.conf', () => {
    expect(redis.resources.requests.memory).toBe('16Gi');
    expect(redis.resources.limits.memory).toBe('16Gi');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', resources: { requests: { storage: '20Gi' } } });
    expect(redis.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
  });

  it.each([['StatefulSet', () => pod], ['Job', () => jobPod]])('%s pods meet the restricted Pod Security profile', (_kind, podOf) => {
    const p = podOf();
    expect(p.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(p.automountServiceAccountToken).toBe(false);
    for (const c of p.containers) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
        capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });

  it('probes with PING on startup and readiness, and only the open port for liveness', () => {
    const command = ['sh', '-c', 'redis-cli -p 6379 ping | grep -qx PONG'];
    for (const probe of [redis.startupProbe, redis.readinessProbe]) expect(probe.exec.command).toEqual(command);
    // A node loading or resyncing answers LOADING to PING but is alive: liveness must not differ from it by a restart.
    expect(redis.livenessProbe).toEqual({ tcpSocket: { port: 6379 }, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 3, successThreshold: 1 });
  });

  it('publishes not-ready pods on a headless Service with the client and bus ports; the client Service has the client port', () => {
    const headless = find(objects, 'Service', 'cache-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(headless.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['redis', 6379], ['cluster-bus', 16379]]);
    const client = find(objects, 'Service', 'cache');
    expect(client.spec.clusterIP).toBeUndefined();
    expect(client.spec.ports.map((p: any) => [p.name, p.port])).toEqual([['redis', 6379]]);
    expect(client.spec.selector).toEqual(SELECTOR);
  });

  it('has a PDB of maxUnavailable 1 over the Redis pods', () => {
    expect(find(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR } });
  });

  it('runs the bootstrap script from the ConfigMap as a Job that cleans up and fails fast on permanent errors', () => {
    expect(jobPod.containers[0].command).toEqual(['bash', '/scripts/bootstrap.sh']);
    expect(jobPod.volumes[0]).toEqual({ name: 'scripts', configMap: { name: 'cache-config', items: [{ key: 'bootstrap.sh', path: 'bootstrap.sh' }] } });
    expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
    expect(job.spec.backoffLimit).toBe(6);
    expect(jobPod.restartPolicy).toBe('Never');
    expect(job.spec.podFailurePolicy).toEqual({
      rules: [{ action: 'FailJob', onExitCodes: { containerName: 'bootstrap', operator: 'In', values: [2, 3] } }],
    });
  });

  it('annotates only the Job with bootstrapJobAnnotations (e.g. an Argo CD hook)', () => {
    const hooked = render(seed000({ bootstrapJobAnnotations: { 'argocd.argoproj.io/hook': 'PostSync' } }));
    expect(find(hooked, 'Job').metadata.annotations['argocd.argoproj.io/hook']).toBe('PostSync');
    expect(hooked.filter((o) => o.metadata.annotations?.['argocd.argoproj.io/hook']).map((o) => o.kind)).toEqual(['Job']);
  });

  it("labels the Job's pod so no Service or PDB selects it", () => {
    const labels = job.spec.template.metadata.labels;
    expect(labels['app.kubernetes.io/name']).toBe('cache-bootstrap');
    expect(Object.entries(SELECTOR).every(([k, v]) => labels[k] === v)).toBe(false);
  });

  it('ships a bootstrap script that parses with bash -n (and bash -n does catch a broken one)', () => {
    expect(find(objects, 'ConfigMap').data['bootstrap.sh']).toBe(REDIS_BOOTSTRAP_SCRIPT);
    expect(spawnSync('bash', ['-n'], { input: REDIS_BOOTSTRAP_SCRIPT }).status).toBe(0);
    expect(spawnSync('bash', ['-n'], { input: REDIS_BOOTSTRAP_SCRIPT.replace('fi\n', '') }).status).not.toBe(0);
    expect(REDIS_BOOTSTRAP_SCRIPT).toContain('redis-cli --cluster create "${ADDRS[@]}" --cluster-replicas "$REDIS_REPLICAS_PER_SHARD" --cluster-yes');
  });

  it('hands a primary\'s slots to a replica before it stops (preStop from the ConfigMap), within the grace period', () => {
    expect(redis.lifecycle).toEqual({ preStop: { exec: { command: ['bash', '/scripts/pre-stop.sh'] } } });
    expect(find(objects, 'ConfigMap').data['pre-stop.sh']).toBe(REDIS_PRE_STOP_SCRIPT);
    expect(pod.volumes).toContainEqual({ name: 'scripts', configMap: { name: 'cache-config', items: [{ key: 'pre-stop.sh', path: 'pre-stop.sh' }] } });
    expect(redis.volumeMounts).toContainEqual({ name: 'scripts', mountPath: '/scripts', readOnly: true });
    expect(spawnSync('bash', ['-n'], { input: REDIS_PRE_STOP_SCRIPT }).status).toBe(0);
    // The hand-over waits at most 15 s (REDIS_FAILOVER_SECONDS), inside the 30 s grace period.
    expect(REDIS_PRE_STOP_SCRIPT).toContain('WAIT="${REDIS_FAILOVER_SECONDS:-15}"');
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  it('rolls the pods when redis.conf changes, and renders byte-identically otherwise', () => {
    const hash = (o: any[]) => find(o, 'StatefulSet').spec.template.metadata.annotations['platform-compiler.dev/redis-conf-sha256'];
    expect(hash(render(seed000()))).toBe(hash(objects));
    expect(hash(render(seed000({ maxmemoryPolicy: 'allkeys-lfu' })))).not.toBe(hash(objects));
    expect(JSON.stringify(render(seed000()))).toBe(JSON.stringify(objects));
  });

  it.each<[string, Partial<RedisClusterProps>, RegExp]>([
    ["seed 001 apac's 2 shards", { shards: 2 }, /shards must be an integer ≥ 3/],
    ['a memory request below the limit', { resources: { requests: { cpu: '1', memory: '8Gi' }, limits: { memory: '16Gi' } } }, /must equal the limit/],
    ['an unpinned image', { image: 'redis:latest' }, /must be pinned/],
    ['a port without room for the bus port', { port: 60000 }, /cluster bus port/],
    ['no zones', { zones: [] }, /zones must be a non-empty list/],
    ['a selector outside the labels', { selectorLabels: { app: 'x' } }, /selector label app=x/],
    ['a memory limit too small for headroom', { resources: { requests: { cpu: '1', memory: '32Mi' }, limits: { memory: '32Mi' } } }, /too small/],
  ])('refuses %s', (_what, patch, message) => {
    expect(() => render(seed000(patch))).toThrow(message);
  });
});
