/**
 * The connection budget of every Redis Cluster: a cluster client keeps a pool to each node, so
 * one node sees Σ over its clients of (pods at maxReplicas × connections per pod). Beyond
 * maxclients the node refuses new connections ("max number of clients reached") exactly at peak.
 * Checked on the resolved model, per region (regions scale differently).
 */
import { REDIS_DEFAULTS } from '../../model/defaults';
import type { PlatformModel, Workload } from '../../model/types';
import type { IssueCollector } from '../validate';

/** Most pods a workload runs in its region: its replica ceiling. */
export function maxPods(w: Workload): number {
  switch (w.kind) {
    case 'http-service': return w.spec.autoscaling?.maxReplicas ?? w.spec.eventScaling?.maxReplicas ?? w.spec.replicas ?? 1;
    case 'queue-worker': case 'batch-writer': case 'kafka-consumer': return w.spec.maxWorkers;
    case 'beat': return 1;
    case 'redis-cluster': case 'postgres-cluster': case 'kafka-cluster': case 'rabbitmq-cluster': return 0;
  }
}

export function checkRedisConnectionBudgets(model: PlatformModel, out: IssueCollector): void {
  // message → regions, so regions of one size are reported once.
  const found = new Map<string, { path: string; rule: 'redis-connection-budget' | 'unknown-dependency'; regions: string[] }>();
  const add = (path: string, rule: 'redis-connection-budget' | 'unknown-dependency', message: string, region: string) => {
    const key = `${path}\u0000${rule}\u0000${message}`;
    if (!found.has(key)) found.set(key, { path, rule, regions: [] });
    found.get(key)!.regions.push(region);
  };
  for (const cluster of model.clusters) {
    const workloads = cluster.namespaces.flatMap((n) => n.workloads);
    const byName = new Map(workloads.map((w) => [w.identity.name, w]));
    for (const redis of workloads) {
      if (redis.kind !== 'redis-cluster' || !redis.spec.clients) continue;
      const path = redis.pathOf('clients');
      const terms: { name: string; total: number; text: string }[] = [];
      for (const name of Object.keys(redis.spec.clients).sort()) {
        const client = byName.get(name);
        // A service this region leaves out (runsOnly) opens no connections here.
        if (!client && cluster.servicesNotRun.includes(name)) continue;
        if (!client || client.kind === 'redis-cluster' || client.kind === 'postgres-cluster') {
          add(`${path}.${name}`, 'unknown-dependency', `no workload '${name}' renders in this cluster; clients are workload names such as ${[...byName.keys()].filter((n) => maxPods(byName.get(n)!) > 0).slice(0, 3).join(', ')}`, cluster.region);
          continue;
        }
        const perPod = redis.spec.clients[name].connectionsPerPod;
        const pods = maxPods(client);
        terms.push({ name, total: pods * perPod, text: `${name} ${pods} × ${perPod}` });
      }
      const maxclients = redis.spec.maxclients ?? REDIS_DEFAULTS.maxclients;
      const total = terms.reduce((sum, t) => sum + t.total, 0);
      if (total > maxclients) {
        const spenders = [...terms].sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1)).map((t) => t.text).join(' + ');
        add(path, 'redis-connection-budget',
          `at maxReplicas the clients open ${total} connections to each node (${spenders}), ${total - maxclients} over maxclients ${maxclients}`, cluster.region);
      }
    }
  }
  for (const [key, f] of found) {
    const message = key.split('\u0000')[2];
    const text = `region${f.regions.length > 1 ? 's' : ''} ${f.regions.sort().join(', ')}: ${message}`;
    if (f.rule === 'redis-connection-budget') out.report(f.path, 'redis-connection-budget', text);
    else out.report(f.path, 'unknown-dependency', text);
  }
}
