/**
 * Rules of a sharded PostgreSQL database (`data.postgres.<name>`), on the resolved model:
 * - its shard ranges cover 0..count-1 exactly once across regions (a gap is a shard no region
 *   runs, so its users' rows have nowhere to live; an overlap is two primaries for one shard);
 * - its postgresql.parameters pass PostgreSQL's own checks (units, ranges, operator-owned names);
 * - connection budgets, per region and per pooler (rw, ro) of each shard: every client pod keeps
 *   a pool to every shard's poolers, so
 *     Σ clients (maxReplicas × connections per pod) ≤ max_client_conn × pooler instances, and
 *     default_pool_size × pooler instances ≤ max_connections − reserved connections.
 */
import { postgresParameters, PostgresParametersInput } from '../../constructs/data/postgres-parameters';
import { POSTGRES_DEFAULTS } from '../../model/defaults';
import type { PlatformModel, Workload } from '../../model/types';
import { POOLER_TYPES, PostgresClusterWorkload } from '../../model/workloads/postgres-cluster';
import { ownEntry } from '../own-entry';
import { sortedKeys } from '../resolve';
import type { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { maxPods } from './redis-budget';

/** Parameters the memory and range checks read as typed fields; the rest pass through as extra. */
const TYPED: Readonly<Record<string, keyof PostgresParametersInput>> = {
  max_connections: 'maxConnections', shared_buffers: 'sharedBuffers', effective_cache_size: 'effectiveCacheSize',
  work_mem: 'workMem', maintenance_work_mem: 'maintenanceWorkMem',
};

/** The renderer's input from a parameter map; unset typed ones take PostgreSQL's defaults (checked, never rendered). */
export function parametersInput(parameters: Readonly<Record<string, string>>, memoryLimit?: string): PostgresParametersInput {
  const get = (name: keyof typeof POSTGRES_DEFAULTS.checkedParameters) => parameters[name] ?? POSTGRES_DEFAULTS.checkedParameters[name];
  const extra = Object.fromEntries(Object.keys(parameters).filter((k) => !TYPED[k]).map((k) => [k, parameters[k]]));
  // A max_connections PostgreSQL would not read as an integer becomes NaN, which the range check names.
  const maxConnections = /^[0-9]+$/.test(get('max_connections')) ? Number(get('max_connections')) : Number.NaN;
  return {
    maxConnections, sharedBuffers: get('shared_buffers'), effectiveCacheSize: get('effective_cache_size'), workMem: get('work_mem'),
    ...(parameters.maintenance_work_mem !== undefined ? { maintenanceWorkMem: parameters.maintenance_work_mem } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
    ...(memoryLimit !== undefined ? { memoryLimit } : {}),
  };
}

/** max_connections − superuser_reserved_connections − reserved_connections: what ordinary roles (PgBouncer's) may open. */
export function serverConnectionLimit(parameters: Readonly<Record<string, string>>): { maxConnections: number; reserved: number } {
  const int = (name: string, fallback: number) => (/^[0-9]+$/.test(parameters[name] ?? '') ? Number(parameters[name]) : fallback);
  const reserved = int('superuser_reserved_connections', POSTGRES_DEFAULTS.reservedConnections.superuser_reserved_connections)
    + int('reserved_connections', POSTGRES_DEFAULTS.reservedConnections.reserved_connections);
  return { maxConnections: int('max_connections', Number(POSTGRES_DEFAULTS.checkedParameters.max_connections)), reserved };
}

function checkShardRanges(platform: PlatformSpec, out: IssueCollector): void {
  for (const ns of sortedKeys(platform.namespaces)) {
    const databases = platform.namespaces[ns].data?.postgres;
    for (const name of sortedKeys(databases)) {
      const { shards } = databases![name];
      const path = `${platform.name}.namespaces.${ns}.data.postgres.${name}.shards`;
      const owner = new Map<number, string>();
      const problems: string[] = [];
      for (const region of sortedKeys(shards.regions)) {
        const { from, to } = shards.regions[region];
        if (!ownEntry(platform.regions, region)) {
          out.report(`${path}.regions.${region}`, 'unknown-dependency', `no region '${region}'; regions: ${sortedKeys(platform.regions).join(', ')}`);
        }
        if (from > to || to >= shards.count) {
          out.report(`${path}.regions.${region}`, 'postgres-shard-ranges', `range ${from}–${to} is not within shards 0–${shards.count - 1} (from ≤ to < count)`);
          continue;
        }
        for (let i = from; i <= to; i++) {
          const other = owner.get(i);
          if (other !== undefined) problems.push(`shard ${i} is in both ${other} and ${region}`);
          else owner.set(i, region);
        }
      }
      const missing: number[] = [];
      for (let i = 0; i < shards.count; i++) if (!owner.has(i)) missing.push(i);
      if (missing.length > 0) problems.push(`no region runs shard${missing.length > 1 ? 's' : ''} ${compactRanges(missing)}`);
      if (problems.length > 0) {
        out.report(`${path}.regions`, 'postgres-shard-ranges', `the ranges must cover shards 0–${shards.count - 1} exactly once: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
      }
    }
  }
}

/** [3,4,5,9] → `3–5, 9`. */
function compactRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    parts.push(i === j ? `${numbers[i]}` : `${numbers[i]}–${numbers[j]}`);
    i = j;
  }
  return parts.join(', ');
}

function checkParameters(db: PostgresClusterWorkload, out: IssueCollector): void {
  const base = `${db.path}.postgresql.parameters`;
  const given = db.spec.postgresql.parameters;
  const result = postgresParameters(parametersInput(given, db.spec.resources.limits.memory), 'p');
  // Issues name the parameter as the spec spells it: p.maxConnections → …parameters.max_connections.
  const fieldToName = new Map(Object.entries(TYPED).map(([name, field]) => [field, name]));
  const at = (path: string) => {
    const rest = path.slice(2);
    const name = rest.startsWith('extra.') ? rest.slice(6) : fieldToName.get(rest as keyof PostgresParametersInput) ?? rest;
    return `${base}.${name}`;
  };
  for (const e of result.errors) out.report(at(e.path), e.rule as never, e.message);
  for (const w of result.warnings) out.warn(at(w.path), w.rule as never, w.message);
}

interface Spender { readonly name: string; readonly total: number; readonly text: string }

type BudgetRule = 'postgres-client-budget' | 'postgres-server-budget' | 'unknown-dependency';
/** Budget findings by (path, rule, message), with the regions they hold in: regions of one size are reported once. */
type Findings = Map<string, string[]>;

function checkBudgets(db: PostgresClusterWorkload, byName: ReadonlyMap<string, Workload>, region: string, found: Findings): void {
  const report = (path: string, rule: BudgetRule, message: string) => {
    const key = `${path}\u0000${rule}\u0000${message}`;
    found.set(key, [...(found.get(key) ?? []), region]);
  };
  const clientsPath = `${db.path}.clients`;
  const spenders: Record<'rw' | 'ro', Spender[]> = { rw: [], ro: [] };
  for (const name of sortedKeys(db.spec.clients)) {
    const client = byName.get(name);
    const pods = client ? maxPods(client) : 0;
    if (!client || pods === 0) {
      report(`${clientsPath}.${name}`, 'unknown-dependency',
        `no workload '${name}' renders in this cluster; clients are workload names such as ${[...byName.keys()].filter((n) => maxPods(byName.get(n)!) > 0).slice(0, 3).join(', ')}`);
      continue;
    }
    const c = db.spec.clients![name];
    for (const [type, perPod] of [['rw', c.connectionsPerPod], ['ro', c.readConnectionsPerPod ?? 0]] as const) {
      if (perPod > 0) spenders[type].push({ name, total: pods * perPod, text: `${name} ${pods} × ${perPod} = ${pods * perPod}` });
    }
  }
  const { maxConnections, reserved } = serverConnectionLimit(db.spec.postgresql.parameters);
  for (const type of POOLER_TYPES) {
    const pooler = db.spec.poolers[type];
    const poolerPath = `${db.pathOf('poolers')}.${type}`;
    const capacity = pooler.maxClientConn * pooler.instances;
    const total = spenders[type].reduce((sum, s) => sum + s.total, 0);
    if (total > capacity) {
      const named = [...spenders[type]].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1)).map((s) => s.text).join(', ');
      report(clientsPath, 'postgres-client-budget',
        `at maxReplicas the clients open ${total} connections to each shard's ${type} pooler (${named}), ` +
        `${total - capacity} over max_client_conn ${pooler.maxClientConn} × ${pooler.instances} instances = ${capacity} (${poolerPath})`);
    }
    const server = pooler.defaultPoolSize * pooler.instances;
    const allowed = maxConnections - reserved;
    if (server > allowed) {
      report(`${poolerPath}.defaultPoolSize`, 'postgres-server-budget',
        `the ${type} pooler opens up to default_pool_size ${pooler.defaultPoolSize} × ${pooler.instances} instances = ${server} server connections, ` +
        `${server - allowed} over max_connections ${maxConnections} − ${reserved} reserved = ${allowed}`);
    }
  }
}

export function checkPostgres(platform: PlatformSpec, model: PlatformModel, out: IssueCollector): void {
  checkShardRanges(platform, out);
  const found: Findings = new Map();
  for (const cluster of model.clusters) {
    const workloads = cluster.namespaces.flatMap((n) => n.workloads);
    const byName = new Map(workloads.map((w) => [w.identity.name, w]));
    for (const db of workloads) {
      if (db.kind !== 'postgres-cluster') continue;
      checkParameters(db, out);
      checkBudgets(db, byName, cluster.region, found);
    }
  }
  for (const [key, regions] of found) {
    const [path, rule, message] = key.split('\u0000') as [string, BudgetRule, string];
    const text = `region${regions.length > 1 ? 's' : ''} ${[...regions].sort().join(', ')}: ${message}`;
    // Literal ids, so the catalogue's scan of src/ sees each rule reported.
    if (rule === 'postgres-client-budget') out.report(path, 'postgres-client-budget', text);
    else if (rule === 'postgres-server-budget') out.report(path, 'postgres-server-budget', text);
    else out.report(path, 'unknown-dependency', text);
  }
}
