/** plan on the redis-cluster kind: a replica or shard change is a danger, because data moves. */
import { diffTrees, indexObjects } from '../../src/review/diff';
import { Lookup, explain } from '../../src/review/meaning';
import { renderPlatforms } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';
import { shopPlatform } from '../support/fixtures';

function withRedis(shards: number, replicasPerShard = 1): PlatformSpec {
  const base = shopPlatform();
  return {
    ...base,
    namespaces: {
      ...base.namespaces,
      data: { services: {}, data: { redis: { cache: {
        shards, replicasPerShard, maxmemoryPolicy: 'allkeys-lru', persistence: { mode: 'none' },
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } }, nodePool: 'compute', allowFrom: [],
      } } } },
    },
  };
}

function plan(before: PlatformSpec, after: PlatformSpec) {
  const next = renderPlatforms([after]);
  const index = indexObjects(next);
  const lookup: Lookup = (cluster, kind, namespace, name) =>
    [...index.values()].find((e) => e.cluster === cluster && e.object.kind === kind && e.object.metadata.name === name && e.object.metadata.namespace === namespace)?.object;
  return diffTrees(renderPlatforms([before]), next).map((change) => ({ change, notes: explain(change, lookup) }));
}

describe('plan: redis-cluster', () => {
  const result = plan(withRedis(3), withRedis(4)).filter((r) => r.change.cluster === 'shop/east');
  const of = (kind: string) => result.find((r) => r.change.kind === kind)!;

  it('calls a StatefulSet replica change a danger', () => {
    expect(of('StatefulSet').change.fields).toEqual([{ path: 'spec.replicas', before: 6, after: 8 }]);
    expect(of('StatefulSet').notes).toEqual([{
      level: 'danger',
      text: 'StatefulSet replicas 6 → 8: new, empty pods join; a formed cluster does not reshape itself (slots must be resharded, nodes added or removed by an operator)',
    }]);
  });

  it('calls an added shard a danger at the bootstrap Job, because slots move', () => {
    expect(of('Job').notes).toEqual([{
      level: 'danger',
      text: 'Redis Cluster shards 3 → 4: slots (and their keys) move between primaries; the bootstrap refuses a formed cluster of another shape (exit 3) until an operator reshapes it',
    }]);
  });

  it('calls fewer replicas a danger that removes pods', () => {
    const down = plan(withRedis(3, 2), withRedis(3, 1)).find((r) => r.change.cluster === 'shop/east' && r.change.kind === 'StatefulSet')!;
    expect(down.notes[0].level).toBe('danger');
    expect(down.notes[0].text).toContain('9 → 6: pods and the data they serve are removed');
  });
});
