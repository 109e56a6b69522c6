/** Seed 000's Redis Cluster as the hyperscale platform renders it, and the traffic its NetworkPolicies let through. */
import { hyperscale } from '../../platforms/hyperscale';
import { isError } from '../../src/spec/errors';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

const GiB = 2 ** 30;
const REGIONS = ['us-east', 'eu-west', 'apac'];

interface Pod { readonly namespace: string; readonly labels: Readonly<Record<string, string>> }

/** Does a NetworkPolicy peer (in a policy of `policyNamespace`) select `pod`? Kubernetes' semantics for the forms we render. */
function peerSelects(peer: any, policyNamespace: string, pod: Pod): boolean {
  if (peer.ipBlock) return false;
  const matches = (selector: any, labels: Readonly<Record<string, string>>) =>
    Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) && !selector?.matchExpressions;
  const namespaceOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policyNamespace;
  return namespaceOk && matches(peer.podSelector ?? {}, pod.labels);
}

/** Ports (TCP) a policy's rules in `direction` allow between its pods and `pod`. */
function allowedPorts(policy: any, direction: 'ingress' | 'egress', pod: Pod): number[] {
  const key = direction === 'ingress' ? 'from' : 'to';
  return (policy.spec[direction] ?? [])
    .filter((rule: any) => (rule[key] ?? []).some((peer: any) => peerSelects(peer, policy.metadata.namespace, pod)))
    .flatMap((rule: any) => rule.ports.filter((p: any) => p.protocol === 'TCP').map((p: any) => p.port));
}

const selects = (policy: any, pod: Pod) =>
  policy.metadata.namespace === pod.namespace && Object.entries(policy.spec.podSelector.matchLabels ?? {}).every(([k, v]) => pod.labels[k] === v);

describe('hyperscale Redis Cluster (seed 000: 16 shards × 2 replicas, allkeys-lru)', () => {
  const objects = renderObjects(hyperscale);

  it('fits its clients at maxReplicas (25,200 connections per node) under maxclients 30000, and says who overspends below that', () => {
    expect(validatePlatform(hyperscale).filter(isError)).toEqual([]);
    const redis = hyperscale.namespaces.data.data!.redis!.redis;
    const tight: PlatformSpec = { ...hyperscale, namespaces: { ...hyperscale.namespaces, data: { services: {}, data: { redis: { redis: { ...redis, maxclients: 25199 } } } } } };
    expect(validatePlatform(tight).filter(isError).map((i) => `${i.path} [${i.rule}] ${i.message}`)).toEqual([
      'hyperscale.namespaces.data.data.redis.redis.clients [redis-connection-budget] regions apac, eu-west, us-east: at maxReplicas the clients ' +
      'open 25200 connections to each node (api 5000 × 4 + worker-normal 800 × 4 + worker-high-priority 400 × 4 + worker-low-priority 200 × 2), 1 over maxclients 25199',
    ]);
  });

  describe.each(REGIONS)('region %s', (region) => {
    const file = `hyperscale/${region}/10-data.yaml`;
    const sts = findObject(objects, file, 'StatefulSet', 'redis');
    const pod = sts.spec.template.spec;
    const job = findObject(objects, file, 'Job', 'redis-bootstrap');
    const conf: string = findObject(objects, file, 'ConfigMap', 'redis-config').data['redis.conf'];
    const confValue = (key: string) => conf.split('\n').find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

    it('runs 16 × (1 + 2) = 48 pods in parallel on the memory-optimized pool, spread over the zones', () => {
      expect(sts.metadata.namespace).toBe('data');
      expect(sts.spec.replicas).toBe(48);
      expect(sts.spec.podManagementPolicy).toBe('Parallel');
      expect(sts.spec.serviceName).toBe('redis-headless');
      expect(pod.nodeSelector).toEqual({ 'platform-compiler.dev/node-pool': 'memory-optimized' });
      expect(pod.tolerations).toEqual([{ key: 'platform-compiler.dev/node-pool', operator: 'Equal', value: 'memory-optimized', effect: 'NoSchedule' }]);
      expect(pod.topologySpreadConstraints[0]).toMatchObject({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, minDomains: 3 });
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values)
        .toEqual(hyperscale.regions[region].zones);
      expect(pod.containers[0].image).toBe('redis:7.2.5-bookworm');
      expect(pod.containers[0].resources.limits).toMatchObject({ cpu: '4', memory: '16Gi' });
      expect(pod.containers[0].resources.requests).toMatchObject({ cpu: '4', memory: '16Gi' });
    });

    it('carries the identity labels and keeps its pods (and the Job) out of the sidecar mesh', () => {
      expect(sts.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'hyperscale-redis' });
      expect(sts.spec.template.metadata.labels).toMatchObject({
        'app.kubernetes.io/component': 'cache', 'app.kubernetes.io/part-of': 'hyperscale', 'app.kubernetes.io/version': '7.2.5-bookworm',
        'platform-compiler.dev/region': region,
      });
      expect(sts.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
      expect(job.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
    });

    it('lets one node at a time be evicted', () => {
      const pdb = findObject(objects, file, 'PodDisruptionBudget', 'redis');
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.selector.matchLabels).toEqual(sts.spec.selector.matchLabels);
    });

    it('derives maxmemory from the 16Gi limit with 25 % headroom, and evicts allkeys-lru', () => {
      expect(confValue('cluster-enabled')).toBe('yes');
      expect(confValue('maxmemory')).toBe(String(12 * GiB));
      expect(confValue('maxmemory-policy')).toBe('allkeys-lru');
      expect(confValue('maxclients')).toBe('30000');
      expect(confValue('appendonly')).toBe('no');
      expect(confValue('save')).toBe('""');
    });

    it('forms the cluster with a bootstrap Job over all 48 pod addresses, as an Argo CD PostSync hook', () => {
      const container = job.spec.template.spec.containers[0];
      expect(container.command).toEqual(['bash', '/scripts/bootstrap.sh']);
      expect(env.REDIS_SHARDS).toBe('16');
      expect(env.REDIS_REPLICAS_PER_SHARD).toBe('2');
      const nodes = env.REDIS_NODES.split(' ');
      expect(nodes).toHaveLength(48);
      expect(nodes[0]).toBe('redis-0.redis-headless.data.svc.cluster.local:6379');
      expect(nodes[47]).toBe('redis-47.redis-headless.data.svc.cluster.local:6379');
      expect(job.metadata.annotations).toMatchObject({
        'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      });
      expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('redis-bootstrap');
    });

    describe('NetworkPolicies', () => {
      const policies = objects.filter((o) => o.file.startsWith(`hyperscale/${region}/`) && o.object.kind === 'NetworkPolicy').map((o) => o.object);
      const redisPod: Pod = { namespace: 'data', labels: sts.spec.template.metadata.labels };
      const bootstrapPod: Pod = { namespace: 'data', labels: job.spec.template.metadata.labels };
      const webPod = (name: string, kind: string): Pod => {
        const workload = findObject(objects, `hyperscale/${region}/10-web.yaml`, kind, name);
        return { namespace: 'web', labels: workload.spec.template.metadata.labels };
      };
      /** Ports both sides allow: egress of `from`'s policies and ingress of `to`'s. */
      const reachable = (from: Pod, to: Pod) => {
        const out = policies.filter((p) => selects(p, from)).flatMap((p) => allowedPorts(p, 'egress', to));
        const inn = policies.filter((p) => selects(p, to)).flatMap((p) => allowedPorts(p, 'ingress', from));
        return [...new Set(out.filter((port) => inn.includes(port)))].sort((a, b) => a - b);
      };

      it("the API's and the Celery workers' egress to pods labelled redis matches the rendered Redis pods, and Redis lets them in on 6379 only", () => {
        expect(reachable(webPod('api', 'Deployment'), redisPod)).toEqual([6379]);
        expect(reachable(webPod('worker-normal', 'Deployment'), redisPod)).toEqual([6379]);
      });

      it('nodes reach each other on the client port (replication) and the bus port 16379 (gossip)', () => {
        expect(reachable(redisPod, redisPod)).toEqual([6379, 16379]);
      });

      it('the bootstrap Job reaches the nodes on 6379 only, and nothing reaches the Job', () => {
        expect(reachable(bootstrapPod, redisPod)).toEqual([6379]);
        expect(reachable(redisPod, bootstrapPod)).toEqual([]);
        expect(reachable(webPod('api', 'Deployment'), bootstrapPod)).toEqual([]);
      });

      it('a pod of another namespace does not reach Redis', () => {
        expect(reachable({ namespace: 'edge', labels: { 'app.kubernetes.io/part-of': 'hyperscale', 'app.kubernetes.io/name': 'kong' } }, redisPod)).toEqual([]);
      });

      it('Redis pods and the Job resolve names through cluster DNS', () => {
        const dns: Pod = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
        for (const pod of [redisPod, bootstrapPod]) {
          const udp = policies.filter((p) => selects(p, pod)).flatMap((p) => (p.spec.egress ?? [])
            .filter((r: any) => r.to.some((peer: any) => peerSelects(peer, p.metadata.namespace, dns)))
            .flatMap((r: any) => r.ports.filter((x: any) => x.protocol === 'UDP').map((x: any) => x.port)));
          expect(udp).toContain(53);
        }
      });
    });
  });
});
