/** The postgres-cluster workload kind on a small platform: rendered fields, region overrides, and its rules at spec paths. */
import { resolvePlatform } from '../../src/model/resolve';
import { isError } from '../../src/spec/errors';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';

type PostgresSpec = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>['postgres']>[string];

/**
 * Seed 004's pool: max_connections 1000, 50 connections per pod, at most 20 pods. Here the 20 pods
 * are `web`'s maxReplicas and their 50 connections go to one PgBouncer of max_client_conn 1000.
 */
function orders(patch: Partial<PostgresSpec> = {}): PostgresSpec {
  return {
    shards: { count: 4, key: 'customer_id % 4', regions: { east: { from: 0, to: 1 }, west: { from: 2, to: 3 } } },
    readReplicas: 2,
    resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
    storage: { size: '50Gi', storageClassName: 'fast-ssd' },
    nodePool: 'compute',
    postgresql: { parameters: { max_connections: '1000', shared_buffers: '2GB', effective_cache_size: '6GB', work_mem: '4MB' } },
    poolers: {
      rw: { instances: 1, maxClientConn: 1000, defaultPoolSize: 100 },
      ro: { instances: 2, maxClientConn: 500, defaultPoolSize: 50 },
    },
    clients: { web: { connectionsPerPod: 50, readConnectionsPerPod: 10 } },
    allowFrom: [{ namespace: 'store' }],
    ...patch,
  };
}

function withPostgres(spec: PostgresSpec, patch: Partial<PlatformSpec> = {}, maxReplicas = 20): PlatformSpec {
  const base = shopPlatform(patch, { autoscaling: { minReplicas: 3, maxReplicas, cpuUtilization: 70, behavior: 'fast-up-gentle-down' } });
  return { ...base, namespaces: { ...base.namespaces, data: { services: {}, data: { postgres: { orders: spec } } } } };
}

const errors = (platform: PlatformSpec) => validatePlatform(platform).filter(isError).map((i) => `${i.path}: ${i.message} [${i.rule}]`);
const DB = 'shop.namespaces.data.data.postgres.orders';

describe('postgres-cluster workload kind', () => {
  const platform = withPostgres(orders());
  const objects = renderObjects(platform);
  const east = 'shop/east/10-data.yaml';
  const west = 'shop/west/10-data.yaml';
  const kinds = (file: string, kind: string) => objects.filter((o) => o.file === file && o.object.kind === kind).map((o) => o.object.metadata.name);

  it('is valid, and each region renders only the shards of its range', () => {
    expect(errors(platform)).toEqual([]);
    expect(kinds(east, 'Cluster')).toEqual(['orders-0', 'orders-1']);
    expect(kinds(west, 'Cluster')).toEqual(['orders-2', 'orders-3']);
    expect(kinds(east, 'Pooler')).toEqual(['orders-0-pooler-rw', 'orders-0-pooler-ro', 'orders-1-pooler-rw', 'orders-1-pooler-ro']);
  });

  it('renders a Cluster of 1 primary + 2 replicas with the spec parameters, storage and resources', () => {
    const cluster = findObject(objects, east, 'Cluster', 'orders-1');
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.imageName).toBe('ghcr.io/cloudnative-pg/postgresql:17.2');
    expect(cluster.spec.postgresql.parameters).toEqual({ max_connections: '1000', shared_buffers: '2GB', effective_cache_size: '6GB', work_mem: '4MB' });
    expect(cluster.spec.storage).toEqual({ size: '50Gi', storageClass: 'fast-ssd' });
    expect(cluster.spec.resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } });
    expect(cluster.spec.bootstrap).toEqual({ initdb: { database: 'app', owner: 'app' } });
    expect(cluster.spec.affinity).toMatchObject({ nodeSelector: { pool: 'compute' }, enablePodAntiAffinity: true, podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' });
    expect(cluster.spec.affinity.tolerations).toEqual([{ key: 'pool', operator: 'Equal', value: 'compute', effect: 'NoSchedule' }]);
    expect(cluster.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'shop-orders', 'app.kubernetes.io/component': 'database',
      'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'platform-compiler', 'platform-compiler.dev/shard': '1',
    });
    expect(cluster.spec.inheritedMetadata.labels).toEqual(cluster.metadata.labels);
    expect(cluster.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
  });

  it('renders the rw and ro Poolers in transaction mode with max_client_conn and default_pool_size', () => {
    const rw = findObject(objects, east, 'Pooler', 'orders-0-pooler-rw');
    const ro = findObject(objects, east, 'Pooler', 'orders-0-pooler-ro');
    expect(rw.spec).toMatchObject({ cluster: { name: 'orders-0' }, instances: 1, type: 'rw' });
    expect(rw.spec.pgbouncer).toEqual({ poolMode: 'transaction', parameters: { max_client_conn: '1000', default_pool_size: '100' } });
    expect(ro.spec).toMatchObject({ cluster: { name: 'orders-0' }, instances: 2, type: 'ro' });
    expect(ro.spec.pgbouncer).toEqual({ poolMode: 'transaction', parameters: { max_client_conn: '500', default_pool_size: '50' } });
    expect(rw.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'pgbouncer', 'app.kubernetes.io/instance': 'shop-orders-0-pooler-rw', 'platform-compiler.dev/database': 'orders' });
    expect(rw.spec.template.spec.containers).toEqual([]);
  });

  it('writes a shard map per region: the key, every range, and its own shards → pooler Service DNS', () => {
    const map = (file: string) => JSON.parse(findObject(objects, file, 'ConfigMap', 'orders-shard-map').data['shards.json']);
    expect(map(east)).toEqual({
      key: 'customer_id % 4', count: 4, region: 'east',
      regions: { east: { from: 0, to: 1 }, west: { from: 2, to: 3 } },
      shards: [
        { shard: 0, rw: 'orders-0-pooler-rw.data.svc.cluster.local:5432', ro: 'orders-0-pooler-ro.data.svc.cluster.local:5432' },
        { shard: 1, rw: 'orders-1-pooler-rw.data.svc.cluster.local:5432', ro: 'orders-1-pooler-ro.data.svc.cluster.local:5432' },
      ],
    });
    expect(map(west).shards.map((s: any) => s.shard)).toEqual([2, 3]);
  });

  it('takes readReplicas and pooler sizes from a region override, reported at its path', () => {
    const overridden = withPostgres(orders(), {
      regions: {
        east: { zones: ['east-a', 'east-b', 'east-c'] },
        west: { zones: ['west-a', 'west-b'], data: { postgres: { orders: { readReplicas: 4 } } } },
      },
    });
    expect(errors(overridden)).toEqual([]);
    const rendered = renderObjects(overridden);
    expect(findObject(rendered, east, 'Cluster', 'orders-0').spec.instances).toBe(3);
    expect(findObject(rendered, west, 'Cluster', 'orders-3').spec.instances).toBe(5);
    const w = resolvePlatform(overridden).clusters.find((c) => c.region === 'west')!.namespaces.find((n) => n.name === 'data')!.workloads[0];
    expect(w.pathOf('readReplicas')).toBe('shop.regions.west.data.postgres.orders.readReplicas');
    expect(w.pathOf('poolers')).toBe(`${DB}.poolers`);
  });

  it('reports a region override of a database no namespace declares', () => {
    const p = withPostgres(orders(), { regions: { east: { zones: ['east-a'] }, west: { zones: ['west-a'], data: { postgres: { ledger: { readReplicas: 1 } } } } } });
    expect(errors(p)).toEqual(["shop.regions.west.data.postgres.ledger: no namespace declares a PostgreSQL database 'ledger'; declared: orders [unknown-override]"]);
  });
});

describe('postgres connection budgets', () => {
  it("passes seed 004's 50 per pod × 20 pods = 1000 exactly at max_client_conn 1000 × 1 instance", () => {
    expect(errors(withPostgres(orders(), {}, 20))).toEqual([]);
  });

  it('fails one pod over, naming the overspending services and by how much', () => {
    const p = withPostgres(orders({ clients: { web: { connectionsPerPod: 50 } } }), {}, 21);
    expect(errors(p)).toEqual([
      `${DB}.clients: regions east, west: at maxReplicas the clients open 1050 connections to each shard's rw pooler (web 21 × 50 = 1050), ` +
      `50 over max_client_conn 1000 × 1 instances = 1000 (${DB}.poolers.rw) [postgres-client-budget]`,
    ]);
  });

  it('names every spender, largest first, in a failing budget', () => {
    const base = withPostgres(orders({ clients: { web: { connectionsPerPod: 40 }, admin: { connectionsPerPod: 50 } } }));
    const admin = { ...base.namespaces.store.services.web, autoscaling: { minReplicas: 1, maxReplicas: 5, cpuUtilization: 70, behavior: 'fast-up-gentle-down' } };
    const pp: PlatformSpec = { ...base, namespaces: { ...base.namespaces, store: { ...base.namespaces.store, services: { ...base.namespaces.store.services, admin } } } };
    expect(errors(pp)).toEqual([
      `${DB}.clients: regions east, west: at maxReplicas the clients open 1050 connections to each shard's rw pooler (web 20 × 40 = 800, admin 5 × 50 = 250), ` +
      `50 over max_client_conn 1000 × 1 instances = 1000 (${DB}.poolers.rw) [postgres-client-budget]`,
    ]);
  });

  it('fails server connections over max_connections − reserved (1000 − 3), and counts reserved_connections', () => {
    const pools = (defaultPoolSize: number) => ({ rw: { instances: 2, maxClientConn: 1000, defaultPoolSize }, ro: { instances: 2, maxClientConn: 500, defaultPoolSize: 50 } });
    expect(errors(withPostgres(orders({ poolers: pools(498) })))).toEqual([]);
    expect(errors(withPostgres(orders({ poolers: pools(500) })))).toEqual([
      `${DB}.poolers.rw.defaultPoolSize: regions east, west: the rw pooler opens up to default_pool_size 500 × 2 instances = 1000 server connections, ` +
      '3 over max_connections 1000 − 3 reserved = 997 [postgres-server-budget]',
    ]);
    const reserved = orders({ poolers: pools(498), postgresql: { parameters: { ...orders().postgresql.parameters, reserved_connections: '10' } } });
    expect(errors(withPostgres(reserved))).toEqual([
      `${DB}.poolers.rw.defaultPoolSize: regions east, west: the rw pooler opens up to default_pool_size 498 × 2 instances = 996 server connections, ` +
      '9 over max_connections 1000 − 13 reserved = 987 [postgres-server-budget]',
    ]);
  });

  it('reports a client that is not a workload of the cluster', () => {
    expect(errors(withPostgres(orders({ clients: { web: { connectionsPerPod: 1 }, wbe: { connectionsPerPod: 1 } } })))).toEqual([
      `${DB}.clients.wbe: regions east, west: no workload 'wbe' renders in this cluster; clients are workload names such as web [unknown-dependency]`,
    ]);
  });
});

describe('postgres shard ranges and parameters', () => {
  const ranges = (regions: PostgresSpec['shards']['regions']) => withPostgres(orders({ shards: { count: 4, key: 'customer_id % 4', regions } }));

  it('reports a gap and an overlap between the regions', () => {
    expect(errors(ranges({ east: { from: 0, to: 2 }, west: { from: 2, to: 2 } }))).toEqual([
      `${DB}.shards.regions: the ranges must cover shards 0–3 exactly once: shard 2 is in both east and west; no region runs shard 3 [postgres-shard-ranges]`,
    ]);
  });

  it('reports a range past the last shard and a region the platform does not have', () => {
    expect(errors(ranges({ east: { from: 0, to: 4 }, north: { from: 0, to: 0 } }))).toEqual([
      `${DB}.shards.regions: the ranges must cover shards 0–3 exactly once: no region runs shards 1–3 [postgres-shard-ranges]`,
      `${DB}.shards.regions.east: range 0–4 is not within shards 0–3 (from ≤ to < count) [postgres-shard-ranges]`,
      `${DB}.shards.regions.north: no region 'north'; regions: east, west [unknown-dependency]`,
    ]);
  });

  it('checks postgresql.parameters as PostgreSQL would, at the parameter path', () => {
    const bad = orders({ postgresql: { parameters: { max_connections: '1000', shared_buffers: '2gb', effective_cache_size: '6GB', work_mem: '4MB', listen_addresses: '*' } } });
    expect(errors(withPostgres(bad))).toEqual([
      `${DB}.postgresql.parameters.listen_addresses: listen_addresses is set by CloudNativePG and cannot be overridden [postgres-operator-owned]`,
      `${DB}.postgresql.parameters.shared_buffers: shared_buffers '2gb' must be an integer with a PostgreSQL unit (B, kB, MB, GB, TB; case-sensitive), e.g. '64GB' [postgres-memory-unit]`,
    ]);
  });
});
