/** The seed-002 reference platform: every number in the seed, as rendered. */
import { BATCH_ROWS, RPS_PER_POD, TARGET_RPS, WRITE_BACK_LIST, hld1mRps } from '../../platforms/hld-1m-rps';
import { CLUSTER_SLOTS } from '../../src/constructs/data/redis-config';
import { REDIS_BOOTSTRAP_SCRIPT } from '../../src/constructs/data/redis-bootstrap-script';
import { isError } from '../../src/spec/errors';
import { SAFE_SYSCTLS } from '../../src/spec/rules/sysctls';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

describe('hld-1m-rps (seed 002)', () => {
  const objects = renderObjects(hld1mRps);
  const api = 'hld-1m-rps/us-east/10-api.yaml';
  const data = 'hld-1m-rps/us-east/10-data.yaml';

  it('is valid, without a warning', () => expect(validatePlatform(hld1mRps)).toEqual([]));

  it('spreads the Redis Cluster over all 16,384 hash slots', () => {
    expect(CLUSTER_SLOTS).toBe(16384);
    expect(REDIS_BOOTSTRAP_SCRIPT).toContain('SLOTS=16384');
    const sts = findObject(objects, data, 'StatefulSet', 'redis');
    expect(sts.spec.replicas).toBe(24); // 12 primaries × (1 + 1 replica)
  });

  it('carries 1,000,000 req/s: 100–150 API pods at 10,000 req/s each', () => {
    const hpa = findObject(objects, api, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.spec.minReplicas * RPS_PER_POD).toBe(TARGET_RPS);
    expect(hpa.spec.maxReplicas * RPS_PER_POD).toBeGreaterThanOrEqual(TARGET_RPS);
    expect(hpa.spec.metrics).toContainEqual({ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '10000' } } });
  });

  it('writes back asynchronously: the API pushes to a Redis list and answers 202', () => {
    const env = findObject(objects, api, 'Deployment', 'api').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'WRITE_BACK_LIST', value: WRITE_BACK_LIST });
    expect(env).toContainEqual({ name: 'WRITE_BACK_RESPONSE_STATUS', value: '202' });
  });

  it('inserts in batches of 5,000 rows, one writer per 5,000 rows waiting, read through the Redis Cluster scaler', () => {
    expect(BATCH_ROWS).toBe(5000);
    const env = findObject(objects, api, 'Deployment', 'batch-writer').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'BATCH_SIZE', value: '5000' });
    expect(env).toContainEqual({ name: 'BATCH_LIST', value: WRITE_BACK_LIST });
    const trigger = findObject(objects, api, 'ScaledObject', 'batch-writer').spec.triggers[0];
    expect(trigger).toMatchObject({
      type: 'redis-cluster',
      metadata: { addresses: 'redis.data.svc.cluster.local:6379', listName: WRITE_BACK_LIST, listLength: '5000' },
    });
  });

  it('enters through an NLB', () => {
    const lb = objects.find((o) => o.file === 'hld-1m-rps/us-east/10-edge.yaml' && o.object.kind === 'Service' && o.object.spec.type === 'LoadBalancer')!.object;
    expect(lb.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('external');
    expect(lb.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-nlb-target-type']).toBe('ip');
    expect(lb.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internet-facing');
  });

  it('tunes the kernel per pod with safe sysctls only: ip_local_port_range (safe from the start), tcp_fin_timeout (1.29)', () => {
    const pod = findObject(objects, api, 'Deployment', 'api').spec.template.spec;
    expect(pod.securityContext.sysctls).toEqual([
      { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
      { name: 'net.ipv4.tcp_fin_timeout', value: '15' },
    ]);
    expect(SAFE_SYSCTLS['net.ipv4.ip_local_port_range']).toBe(4);
    expect(SAFE_SYSCTLS['net.ipv4.tcp_fin_timeout']).toBe(29);
    // somaxconn is namespaced but not safe: it is not in the set, and not rendered.
    expect(SAFE_SYSCTLS).not.toHaveProperty(['net.core.somaxconn']);
    expect(JSON.stringify(objects)).not.toContain('somaxconn');
    // The restricted profile still holds for the pod.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('renders the node-level tuning as a ConfigMap for the pool\'s node bootstrap, not as a privileged pod', () => {
    const cm = findObject(objects, api, 'ConfigMap', 'node-tuning-compute-optimized');
    expect(cm.data['99-compute-optimized.conf']).toContain('net.core.netdev_max_backlog = 250000\n');
    expect(cm.metadata.annotations['platform-compiler.dev/applied-by']).toContain('restricted Pod Security forbids');
    expect(objects.filter((o) => o.object.kind === 'DaemonSet')).toEqual([]);
  });
});

describe('pod sysctls outside the safe set', () => {
  const withSysctls = (sysctls: Record<string, string>) => ({
    ...hld1mRps,
    namespaces: { ...hld1mRps.namespaces, api: { ...hld1mRps.namespaces.api, services: { api: { ...hld1mRps.namespaces.api.services.api, sysctls } } } },
  });

  it('refuses net.core.somaxconn in a pod, saying it is namespaced but unsafe', () => {
    const errors = validatePlatform(withSysctls({ 'net.core.somaxconn': '65535' })).filter(isError);
    expect(errors).toEqual([{
      path: 'hld-1m-rps.namespaces.api.services.api.sysctls.net.core.somaxconn',
      rule: 'pod-sysctl-safe',
      message: expect.stringContaining("net.core.somaxconn is namespaced (each pod's network namespace has its own, the kernel default 4096 since Linux 5.4) but not in the safe set: Pod Security baseline and restricted reject the pod"),
    }]);
  });

  it('accepts ip_local_port_range written with slashes, and refuses a node-level one', () => {
    expect(validatePlatform(withSysctls({ 'net/ipv4/ip_local_port_range': '1024 65535' })).filter(isError)).toEqual([]);
    expect(validatePlatform(withSysctls({ 'net.core.netdev_max_backlog': '250000' })).filter(isError).map((e) => e.rule)).toEqual(['pod-sysctl-safe']);
  });

  it('warns when node tuning sets a parameter each pod namespace has its own copy of', () => {
    const pool = hld1mRps.nodePools['compute-optimized'];
    const spec = { ...hld1mRps, nodePools: { ...hld1mRps.nodePools, 'compute-optimized': { ...pool, tuning: { sysctls: { ...pool.tuning!.sysctls, 'net.core.somaxconn': '65535' } } } } };
    const warnings = validatePlatform(spec).filter((i) => i.rule === 'node-sysctl-namespaced');
    expect(warnings.map((w) => w.path)).toEqual(['hld-1m-rps.nodePools.compute-optimized.tuning.sysctls.net.core.somaxconn']);
  });
});
