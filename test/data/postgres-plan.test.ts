/** plan on the postgres-cluster kind: instances or shards changing is a danger (data moves); a pool change shows the new budget. */
import { diffTrees, indexObjects } from '../../src/review/diff';
import { Lookup, explain } from '../../src/review/meaning';
import { renderPlatforms } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';
import { shopPlatform } from '../support/fixtures';

type PostgresSpec = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>['postgres']>[string];

function withPostgres(patch: Partial<PostgresSpec> = {}): PlatformSpec {
  const base = shopPlatform();
  const db: PostgresSpec = {
    shards: { count: 2, key: 'id % 2', regions: { east: { from: 0, to: 0 }, west: { from: 1, to: 1 } } },
    readReplicas: 1,
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
    storage: { size: '10Gi' },
    nodePool: 'compute',
    postgresql: { parameters: { max_connections: '200', shared_buffers: '1GB', effective_cache_size: '3GB', work_mem: '4MB' } },
    poolers: { rw: { instances: 1, maxClientConn: 500, defaultPoolSize: 50 }, ro: { instances: 1, maxClientConn: 500, defaultPoolSize: 50 } },
    allowFrom: [],
    ...patch,
  };
  return { ...base, namespaces: { ...base.namespaces, data: { services: {}, data: { postgres: { orders: db } } } } };
}

function plan(before: PlatformSpec, after: PlatformSpec) {
  const next = renderPlatforms([after]);
  const index = indexObjects(next);
  const lookup: Lookup = (cluster, kind, namespace, name) =>
    [...index.values()].find((e) => e.cluster === cluster && e.object.kind === kind && e.object.metadata.name === name && e.object.metadata.namespace === namespace)?.object;
  return diffTrees(renderPlatforms([before]), next).map((change) => ({ change, notes: explain(change, lookup) }));
}

describe('plan: postgres-cluster', () => {
  it('calls more read replicas a danger: each is a full base backup of the shard', () => {
    const result = plan(withPostgres(), withPostgres({ readReplicas: 2 })).filter((r) => r.change.cluster === 'shop/east');
    expect(result.map((r) => `${r.change.kind}/${r.change.name}`)).toEqual(['Cluster/orders-0']);
    expect(result[0].change.fields).toEqual([{ path: 'spec.instances', before: 2, after: 3 }]);
    expect(result[0].notes).toEqual([{ level: 'danger',
      text: 'Cluster orders-0 instances 2 → 3: 1 replica(s) are cloned from the primary (a full base backup of the shard each), loading it while they catch up' }]);
  });

  it('calls an added shard and the changed shard count dangers: rows move', () => {
    const after = withPostgres({ shards: { count: 3, key: 'id % 3', regions: { east: { from: 0, to: 1 }, west: { from: 2, to: 2 } } } });
    const east = plan(withPostgres(), after).filter((r) => r.change.cluster === 'shop/east');
    const added = east.find((r) => r.change.kind === 'Cluster' && r.change.change === 'added')!;
    expect(added.change.name).toBe('orders-1');
    expect(added.notes).toEqual([{ level: 'danger', text: 'adds shard orders-1: an empty primary with 2 instances; its rows must be moved in from the shards that held them' }]);
    expect(east.find((r) => r.change.kind === 'ConfigMap')!.notes).toEqual([{ level: 'danger',
      text: 'shard count 2 → 3: the shard key modulo changes, so most rows belong to another shard; move the data before the application reads this map' }]);
    const west = plan(withPostgres(), after).filter((r) => r.change.cluster === 'shop/west');
    const removed = west.find((r) => r.change.kind === 'Cluster' && r.change.change === 'removed')!;
    expect(removed.change.name).toBe('orders-1');
    expect(removed.notes[0].level).toBe('danger');
  });

  it('shows the new budget when a pool size changes', () => {
    const pools = { rw: { instances: 2, maxClientConn: 500, defaultPoolSize: 40 }, ro: { instances: 1, maxClientConn: 500, defaultPoolSize: 50 } };
    const result = plan(withPostgres(), withPostgres({ poolers: pools })).filter((r) => r.change.cluster === 'shop/east');
    expect(result.map((r) => `${r.change.kind}/${r.change.name}`)).toEqual(['Pooler/orders-0-pooler-rw']);
    expect(result[0].notes).toEqual([{ level: 'info',
      text: 'Pooler orders-0-pooler-rw budget: 1000 client connections (max_client_conn × 2 instances, was 500), 80 server connections (default_pool_size × 2, was 50)' }]);
  });
});
