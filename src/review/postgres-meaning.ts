/**
 * What a change to a sharded PostgreSQL database (CloudNativePG) means:
 * - a shard Cluster added or removed, or the shard map's count changing: `key % count` sends
 *   rows to other shards, so data has to move before the application reads the new map;
 * - a Cluster's instances changing: replicas are cloned from the primary (pg_basebackup of the
 *   whole shard) or removed with their volumes;
 * - a Pooler's instances, max_client_conn or default_pool_size changing: the new budgets.
 */
import type { KubeObject, ObjectChange } from './diff';
import type { Note } from './meaning';

const CNPG_GROUP = 'postgresql.cnpg.io/';
const get = (object: unknown, path: string): any =>
  path.split('.').reduce((o: any, key) => (o === undefined || o === null ? undefined : o[key]), object);

export function isCnpgObject(change: ObjectChange): boolean {
  const object: KubeObject | undefined = change.after ?? change.before;
  return typeof object?.apiVersion === 'string' && object.apiVersion.startsWith(CNPG_GROUP);
}

function shardCount(configMap: unknown): number | undefined {
  const text = get(configMap, 'data')?.['shards.json'];
  if (typeof text !== 'string') return undefined;
  try { return JSON.parse(text).count; } catch { return undefined; }
}

/** Notes for a CNPG Cluster or Pooler added, removed or changed, or a shard map whose count changed; undefined when not one of them. */
export function postgresNotes(change: ObjectChange): Note[] | undefined {
  if (change.kind === 'ConfigMap') {
    const [before, after] = [shardCount(change.before), shardCount(change.after)];
    if (before === undefined || after === undefined || before === after) return undefined;
    return [{ level: 'danger', text: `shard count ${before} → ${after}: the shard key modulo changes, so most rows belong to another shard; move the data before the application reads this map` }];
  }
  if (!isCnpgObject(change)) return undefined;
  if (change.kind === 'Cluster') {
    if (change.change === 'added') return [{ level: 'danger', text: `adds shard ${change.name}: an empty primary with ${get(change.after, 'spec.instances')} instances; its rows must be moved in from the shards that held them` }];
    if (change.change === 'removed') return [{ level: 'danger', text: `removes shard ${change.name}: CloudNativePG deletes its instances and their volumes, and the rows it holds, unless they were moved first` }];
    const [before, after] = [get(change.before, 'spec.instances'), get(change.after, 'spec.instances')];
    const notes: Note[] = [];
    if (before !== after) {
      notes.push({ level: 'danger', text: `Cluster ${change.name} instances ${before} → ${after}: ${after > before
        ? `${after - before} replica(s) are cloned from the primary (a full base backup of the shard each), loading it while they catch up`
        : `${before - after} replica(s) are removed with their volumes; read capacity drops`}` });
    }
    const parameters = change.fields.filter((f) => f.path.startsWith('spec.postgresql.parameters'));
    if (parameters.length > 0) {
      notes.push({ level: 'caution', text: `PostgreSQL parameters change (${parameters.map((f) => `${f.path.split('.').pop()} ${f.before ?? '(unset)'} → ${f.after ?? '(unset)'}`).join(', ')}): ` +
        'CloudNativePG reloads them, or restarts the instances one at a time (the primary last, by switchover) for those that need it' });
    }
    return notes.length > 0 ? notes : undefined;
  }
  if (change.kind === 'Pooler') {
    if (change.change !== 'changed') return undefined;
    const budget = (o: unknown) => {
      const instances = Number(get(o, 'spec.instances') ?? 1);
      const params = get(o, 'spec.pgbouncer.parameters') ?? {};
      return { instances, clients: Number(params.max_client_conn) * instances, servers: Number(params.default_pool_size) * instances };
    };
    const [b, a] = [budget(change.before), budget(change.after)];
    if (b.clients === a.clients && b.servers === a.servers) return undefined;
    const level = a.clients < b.clients ? 'caution' : 'info';
    return [{ level, text: `Pooler ${change.name} budget: ${a.clients} client connections (max_client_conn × ${a.instances} instances, was ${b.clients}), ` +
      `${a.servers} server connections (default_pool_size × ${a.instances}, was ${b.servers})` }];
  }
  return undefined;
}
