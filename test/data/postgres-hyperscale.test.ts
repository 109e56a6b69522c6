/** Seed 000's sharded PostgreSQL as the hyperscale platform renders it, and the traffic its NetworkPolicies let through. */
import { hyperscale } from '../../platforms/hyperscale';
import { isError } from '../../src/spec/errors';
import { PlatformSpec } from '../../src/spec/types';
import { validatePlatform } from '../../src/spec/validate';
import { checkRenderedObjects, formatFinding } from '../../src/render/schema-gate';
import { findObject, renderObjects } from '../support/fixtures';

const RANGES: Record<string, [number, number]> = { 'us-east': [0, 16], 'eu-west': [17, 33], 'apac': [34, 49] };
const pad = (i: number) => String(i).padStart(2, '0');
const range = ([from, to]: [number, number]) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface Pod { readonly namespace: string; readonly labels: Readonly<Record<string, string>> }

function peerSelects(peer: any, policyNamespace: string, pod: Pod): boolean {
  if (peer.ipBlock) return false;
  const matches = (selector: any, labels: Readonly<Record<string, string>>) =>
    Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) && !selector?.matchExpressions;
  const namespaceOk = peer.namespaceSelector
    ? matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': pod.namespace })
    : pod.namespace === policyNamespace;
  return namespaceOk && matches(peer.podSelector ?? {}, pod.labels);
}
const selects = (policy: any, pod: Pod) =>
  policy.metadata.namespace === pod.namespace && Object.entries(policy.spec.podSelector.matchLabels ?? {}).every(([k, v]) => pod.labels[k] === v);
/** TCP ports `from` may open to `to`: allowed by an egress policy of `from` (or none selects it) and an ingress policy of `to`. */
function reachable(policies: any[], from: Pod, to: Pod): number[] {
  const rules = (p: any, dir: 'ingress' | 'egress', peer: Pod) => (p.spec[dir] ?? [])
    .filter((r: any) => (r[dir === 'ingress' ? 'from' : 'to'] ?? []).some((x: any) => peerSelects(x, p.metadata.namespace, peer)))
    .flatMap((r: any) => r.ports.filter((x: any) => x.protocol === 'TCP').map((x: any) => x.port));
  const egressPolicies = policies.filter((p) => p.spec.policyTypes.includes('Egress') && selects(p, from));
  const ingressPolicies = policies.filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p, to));
  // A pod no policy selects in a direction is open in it (here: the operator and Prometheus, outside `data`).
  const out = egressPolicies.length > 0 ? new Set<number>(egressPolicies.flatMap((p) => rules(p, 'egress', to))) : undefined;
  const inn = new Set<number>(ingressPolicies.flatMap((p) => rules(p, 'ingress', from)));
  return [...inn].filter((port) => !out || out.has(port)).sort((a, b) => a - b);
}

describe('hyperscale PostgreSQL (seed 000: 50 shards by user_id % 50, 20 read replicas, PgBouncer in transaction mode)', () => {
  const objects = renderObjects(hyperscale);

  it('is valid: 11,400 client connections of 20,000 per pooler, 800 server connections of 9,997; warns of work_mem × max_connections', () => {
    const issues = validatePlatform(hyperscale).filter((i) => i.path.includes('.postgres.'));
    expect(issues.filter(isError)).toEqual([]);
    expect(issues.map((i) => `${i.path} [${i.rule}]`)).toEqual(['hyperscale.namespaces.data.data.postgres.users.postgresql.parameters.work_mem [postgres-work-mem-budget]']);
  });

  it('names the API first when the rw poolers are too small for the clients at maxReplicas', () => {
    const users = hyperscale.namespaces.data.data!.postgres!.users;
    const small = { ...users, poolers: { ...users.poolers, rw: { instances: 1, maxClientConn: 10000, defaultPoolSize: 400 } } };
    const tight: PlatformSpec = { ...hyperscale, namespaces: { ...hyperscale.namespaces, data: { ...hyperscale.namespaces.data, data: { ...hyperscale.namespaces.data.data, postgres: { users: small } } } } };
    expect(validatePlatform(tight).filter(isError).map((i) => `${i.path}: ${i.message} [${i.rule}]`)).toEqual([
      "hyperscale.namespaces.data.data.postgres.users.clients: regions apac, eu-west, us-east: at maxReplicas the clients open 11400 connections to each shard's rw pooler " +
      '(api 5000 × 2 = 10000, worker-normal 800 × 1 = 800, worker-high-priority 400 × 1 = 400, worker-low-priority 200 × 1 = 200), ' +
      '1400 over max_client_conn 10000 × 1 instances = 10000 (hyperscale.namespaces.data.data.postgres.users.poolers.rw) [postgres-client-budget]',
    ]);
  });

  it('passes the schema gate (CNPG CRD schemas and CEL rules), which rejects a Pooler in a mode CNPG does not have', () => {
    const mine = objects.filter((o) => o.file.endsWith('/10-data.yaml') && (o.object.apiVersion.startsWith('postgresql.cnpg.io/')
      || o.object.metadata.name.startsWith('users-')));
    expect(mine.length).toBe(3 * 5 + 50 * 3); // per region a shard map, 2 PodMonitors, 2 NetworkPolicies; per shard a Cluster, 2 Poolers
    expect(checkRenderedObjects(mine).map(formatFinding)).toEqual([]);
    const pooler = structuredClone(mine.find((o) => o.object.kind === 'Pooler')!);
    pooler.object.spec.pgbouncer.poolMode = 'statement';
    expect(checkRenderedObjects([pooler]).map((f) => `${f.kind} ${f.path}`)).toEqual(['Pooler spec.pgbouncer.poolMode']);
  });

  describe.each(Object.keys(RANGES))('region %s', (region) => {
    const file = `hyperscale/${region}/10-data.yaml`;
    const inFile = (kind: string) => objects.filter((o) => o.file === file && o.object.kind === kind).map((o) => o.object);
    const shards = range(RANGES[region]);

    it(`renders only its own shards ${RANGES[region].join('–')}, each of 21 instances with seed 000's parameters`, () => {
      const clusters = inFile('Cluster');
      expect(clusters.map((c) => c.metadata.name)).toEqual(shards.map((i) => `users-${pad(i)}`));
      for (const c of clusters) {
        expect(c.metadata.namespace).toBe('data');
        expect(c.spec.instances).toBe(21);
        expect(c.spec.postgresql.parameters).toEqual({ max_connections: '10000', shared_buffers: '64GB', effective_cache_size: '192GB', work_mem: '256MB' });
        expect(c.spec.resources).toEqual({ requests: { cpu: '64', memory: '256Gi' }, limits: { cpu: '64', memory: '256Gi' } });
        expect(c.spec.storage).toEqual({ size: '1Ti' });
        expect(c.spec.affinity.nodeSelector).toEqual({ 'platform-compiler.dev/node-pool': 'database' });
        expect(c.spec.inheritedMetadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
      }
    });

    it('renders an rw and an ro Pooler per shard: 2 PgBouncers each, transaction mode, 10000 clients, pool 400', () => {
      const poolers = inFile('Pooler');
      expect(poolers.map((p) => p.metadata.name)).toEqual(shards.flatMap((i) => [`users-${pad(i)}-pooler-rw`, `users-${pad(i)}-pooler-ro`]));
      for (const p of poolers) {
        expect(p.spec.instances).toBe(2);
        expect(p.spec.type).toBe(p.metadata.name.endsWith('-rw') ? 'rw' : 'ro');
        expect(p.spec.cluster.name).toBe(p.metadata.name.replace(/-pooler-r[wo]$/, ''));
        expect(p.spec.pgbouncer).toEqual({ poolMode: 'transaction', parameters: { max_client_conn: '10000', default_pool_size: '400' } });
      }
    });

    it('writes the shard map: user_id % 50, the three ranges, and its shards → pooler Services', () => {
      const map = JSON.parse(findObject(objects, file, 'ConfigMap', 'users-shard-map').data['shards.json']);
      expect(map.key).toBe('user_id % 50');
      expect(map.count).toBe(50);
      expect(map.regions).toEqual({ 'apac': { from: 34, to: 49 }, 'eu-west': { from: 17, to: 33 }, 'us-east': { from: 0, to: 16 } });
      expect(map.shards.map((s: any) => s.shard)).toEqual(shards);
      expect(map.shards[0]).toEqual({
        shard: shards[0],
        rw: `users-${pad(shards[0])}-pooler-rw.data.svc.cluster.local:5432`,
        ro: `users-${pad(shards[0])}-pooler-ro.data.svc.cluster.local:5432`,
      });
    });

    it('monitors the instances (9187) and PgBouncers (9127) by their `metrics` port', () => {
      expect(findObject(objects, file, 'PodMonitor', 'users-instances').spec.selector.matchLabels)
        .toEqual({ 'app.kubernetes.io/name': 'users', 'app.kubernetes.io/instance': 'hyperscale-users', 'cnpg.io/podRole': 'instance' });
      expect(findObject(objects, file, 'PodMonitor', 'users-poolers').spec.podMetricsEndpoints).toEqual([{ port: 'metrics', interval: '30s' }]);
      // No sidecar-port PodMonitor for the database: its pods run without one.
      expect(objects.some((o) => o.file === file && o.object.kind === 'PodMonitor' && o.object.metadata.name === 'users')).toBe(false);
    });

    it('lets the API reach PgBouncer, PgBouncer and the operator reach PostgreSQL, and nothing else', () => {
      const policies = objects.filter((o) => o.file.startsWith(`hyperscale/${region}/`) && o.object.kind === 'NetworkPolicy').map((o) => o.object);
      const api: Pod = { namespace: 'web', labels: findObject(objects, `hyperscale/${region}/10-web.yaml`, 'Deployment', 'api').spec.template.metadata.labels };
      const shard = pad(shards[0]);
      const pooler: Pod = { namespace: 'data', labels: findObject(objects, file, 'Pooler', `users-${shard}-pooler-rw`).spec.template.metadata.labels };
      const instance: Pod = { namespace: 'data', labels: findObject(objects, file, 'Cluster', `users-${shard}`).spec.inheritedMetadata.labels };
      const operator: Pod = { namespace: 'cnpg-system', labels: { 'app.kubernetes.io/name': 'cloudnative-pg' } };
      const prometheus: Pod = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
      expect(reachable(policies, api, pooler)).toEqual([5432]);
      expect(reachable(policies, api, instance)).toEqual([]);
      expect(reachable(policies, pooler, instance)).toEqual([5432]);
      expect(reachable(policies, instance, instance)).toEqual([5432]);
      expect(reachable(policies, operator, instance)).toEqual([5432, 8000]);
      expect(reachable(policies, prometheus, instance)).toEqual([9187, 15020, 15090]);
      expect(reachable(policies, prometheus, pooler)).toEqual([9127, 15020, 15090]);
      expect(reachable(policies, instance, pooler)).toEqual([]);
    });
  });
});

describe('data-tier quantities (a malformed one is a spec error at its path, never a gate finding)', () => {
  const withSizes = (edit: (p: any) => void): PlatformSpec => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const p = structuredClone(hyperscale) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    edit(p);
    return p;
  };
  const quantityErrors = (p: PlatformSpec) => validatePlatform(p).filter((i) => isError(i) && i.rule === 'invalid-quantity').map((i) => [i.path, i.message]);

  it('PostgreSQL: resources and the volume size, declared and as a region overrides them', () => {
    const p = withSizes((s) => {
      s.namespaces.data.data.postgres.users.resources.requests.memory = 'constructor';
      s.namespaces.data.data.postgres.users.storage.size = 'big';
      s.regions.apac.data = { postgres: { users: { resources: { requests: { cpu: 'lots', memory: '64Gi' }, limits: { cpu: '64', memory: '256Gi' } } } } };
    });
    expect(quantityErrors(p)).toEqual([
      ['hyperscale.namespaces.data.data.postgres.users.resources.requests.memory', "'constructor' is not a positive Kubernetes quantity"],
      ['hyperscale.namespaces.data.data.postgres.users.storage.size', "'big' is not a positive Kubernetes quantity"],
      ['hyperscale.regions.apac.data.postgres.users.resources.requests.cpu', "'lots' is not a positive Kubernetes quantity"],
    ]);
  });

  it('Redis: a CPU quantity too (its memory request has its own rule)', () => {
    const p = withSizes((s) => {
      const name = Object.keys(s.namespaces.data.data.redis)[0];
      s.namespaces.data.data.redis[name].resources.limits.cpu = 'toString';
    });
    const name = Object.keys((hyperscale as any).namespaces.data.data.redis)[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(quantityErrors(p)).toEqual([[`hyperscale.namespaces.data.data.redis.${name}.resources.limits.cpu`, "'toString' is not a positive Kubernetes quantity"]]);
  });
});
