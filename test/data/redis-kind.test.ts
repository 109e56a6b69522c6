/** The redis-cluster workload kind on a small platform: region overrides, derived names and the checks at spec paths. */
import { resolvePlatform } from '../../src/model/resolve';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';

type RedisSpec = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>['redis']>[string];

function cache(patch: Partial<RedisSpec> = {}): RedisSpec {
  return {
    shards: 3, replicasPerShard: 1, maxmemoryPolicy: 'allkeys-lfu', persistence: { mode: 'none' },
    resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } },
    nodePool: 'compute', allowFrom: [{ namespace: 'store' }],
    ...patch,
  };
}

function withRedis(name: string, spec: RedisSpec, regions?: PlatformSpec['regions']): PlatformSpec {
  const base = shopPlatform();
  return {
    ...base,
    ...(regions ? { regions } : {}),
    namespaces: { ...base.namespaces, data: { services: {}, data: { redis: { [name]: spec } } } },
  };
}

describe('redis-cluster workload kind', () => {
  it('resolves into the model as a workload of its namespace, in every region', () => {
    const model = resolvePlatform(withRedis('cache', cache()));
    const kinds = model.clusters.map((c) => c.namespaces.find((n) => n.name === 'data')!.workloads.map((w) => `${w.kind}/${w.key}`));
    expect(kinds).toEqual([['redis-cluster/cache'], ['redis-cluster/cache']]);
  });

  it('takes shards and replicas from the region override, and reports paths at it', () => {
    const platform = withRedis('cache', cache(), {
      east: { zones: ['east-a', 'east-b', 'east-c'] },
      west: { zones: ['west-a', 'west-b'], data: { redis: { cache: { shards: 4, replicasPerShard: 2 } } } },
    });
    expect(validatePlatform(platform)).toEqual([]);
    const objects = renderObjects(platform);
    expect(findObject(objects, 'shop/east/10-data.yaml', 'StatefulSet', 'cache').spec.replicas).toBe(6);
    expect(findObject(objects, 'shop/west/10-data.yaml', 'StatefulSet', 'cache').spec.replicas).toBe(12);
    const west = resolvePlatform(platform).clusters.find((c) => c.region === 'west')!.namespaces.find((n) => n.name === 'data')!.workloads[0];
    expect(west.pathOf('shards')).toBe('shop.regions.west.data.redis.cache.shards');
    expect(west.pathOf('nodePool')).toBe('shop.namespaces.data.data.redis.cache.nodePool');
  });

  it('reports a region override of a Redis Cluster no namespace declares', () => {
    const platform = withRedis('cache', cache(), {
      east: { zones: ['east-a'] },
      west: { zones: ['west-a'], data: { redis: { cahce: { shards: 4 } } } },
    });
    expect(validatePlatform(platform)).toEqual([{
      path: 'shop.regions.west.data.redis.cahce', rule: 'unknown-override', message: "no namespace declares a Redis Cluster 'cahce'; declared: cache",
    }]);
  });

  it('reports a name whose StatefulSet pods would carry a too-long controller-revision-hash label', () => {
    const ok = `c${'a'.repeat(50)}e`; // 52 characters
    expect(validatePlatform(withRedis(ok, cache()))).toEqual([]);
    const long = `c${'a'.repeat(51)}e`; // 53 characters
    const issues = validatePlatform(withRedis(long, cache()));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([[`shop.namespaces.data.data.redis.${long}`, 'derived-name']]);
    expect(issues[0].message).toContain('(53 characters) is longer than 52');
  });

  it('reports a bootstrap Job name label over 63 characters at the cluster', () => {
    const name = `c${'a'.repeat(52)}e`; // 54: <name>-bootstrap is 64
    const issues = validatePlatform(withRedis(name, cache()));
    expect(issues.map((i) => i.rule).sort()).toEqual(['derived-label', 'derived-name', 'derived-name']);
    expect(issues.every((i) => i.path === `shop.namespaces.data.data.redis.${name}`)).toBe(true);
    expect(issues.map((i) => i.message).join('\n')).toContain(`'${name}-bootstrap' (64 characters)`);
  });

  it('reports a memory request below the limit, an undeclared pool and an unpinned image at their paths', () => {
    const issues = validatePlatform(withRedis('cache', cache({
      resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { memory: '1Gi' } }, nodePool: 'memory', image: 'redis:latest',
    })));
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['shop.namespaces.data.data.redis.cache.image', 'image-tag'],
      ['shop.namespaces.data.data.redis.cache.nodePool', 'unknown-node-pool'],
      ['shop.namespaces.data.data.redis.cache.resources.requests.memory', 'redis-memory'],
    ]);
  });

  it('rejects fewer than 3 shards and an unknown key in the spec schema', () => {
    const issues = validatePlatform(withRedis('cache', { ...cache({ shards: 2 }), replicas: 1 } as unknown as RedisSpec));
    expect(issues.map((i) => i.path)).toEqual(['shop.namespaces.data.data.redis.cache.replicas', 'shop.namespaces.data.data.redis.cache.shards']);
    expect(issues[0].message).toContain('replicasPerShard');
  });
});

describe('redis-connection-budget', () => {
  const budget = (perPod: number, maxclients?: number) => withRedis('cache', cache({
    ...(maxclients !== undefined ? { maxclients } : {}), clients: { web: { connectionsPerPod: perPod } },
  }));

  it('passes exactly at maxclients: web 12 pods × 50 = 600', () => {
    expect(validatePlatform(budget(50, 600))).toEqual([]);
  });

  it('names the workloads that overspend and by how much', () => {
    expect(validatePlatform(budget(51, 600))).toEqual([{
      path: 'shop.namespaces.data.data.redis.cache.clients', rule: 'redis-connection-budget',
      message: 'regions east, west: at maxReplicas the clients open 612 connections to each node (web 12 × 51), 12 over maxclients 600',
    }]);
  });

  it('defaults maxclients to 10000, and reports a client that renders nowhere', () => {
    expect(validatePlatform(budget(833))).toEqual([]);
    expect(validatePlatform(budget(834)).map((i) => i.message)).toEqual([
      'regions east, west: at maxReplicas the clients open 10008 connections to each node (web 12 × 834), 8 over maxclients 10000',
    ]);
    const typo = withRedis('cache', cache({ clients: { wbe: { connectionsPerPod: 1 } } }));
    expect(validatePlatform(typo).map((i) => [i.path, i.rule])).toEqual([['shop.namespaces.data.data.redis.cache.clients.wbe', 'unknown-dependency']]);
  });
});
