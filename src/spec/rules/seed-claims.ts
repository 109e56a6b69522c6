/**
 * The seed's own numbers (`seedClaims`) held against the resolved model. A claim that holds says
 * nothing; one the render departs from (because the seed's other numbers imply otherwise) is a
 * warning that quotes the seed, so the reviewer sees where the document disagrees with itself.
 */
import type { PlatformModel } from '../../model/types';
import { parseQuantity } from '../quantity';
import type { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { serverConnectionLimit } from './postgres';

export function checkSeedClaims(platform: PlatformSpec, model: PlatformModel, out: IssueCollector): void {
  (platform.seedClaims ?? []).forEach((claim, i) => {
    const path = `${platform.name}.seedClaims.${i}`;
    // Each departure, with the regions that render it (so regions alike are named once).
    const differs = new Map<string, string[]>();
    const add = (text: string, region?: string) => {
      if (!differs.has(text)) differs.set(text, []);
      if (region) differs.get(text)!.push(region);
    };
    const clusters = model.clusters.filter((c) => claim.region === undefined || c.region === claim.region);
    if (claim.redis !== undefined) {
      const nodes = clusters.flatMap((c) => c.namespaces.flatMap((n) => n.workloads))
        .filter((w) => w.kind === 'redis-cluster' && w.key === claim.redis);
      if (nodes.length === 0) add(`no Redis Cluster '${claim.redis}'${claim.region ? ` in ${claim.region}` : ''}`);
      for (const w of nodes) {
        if (w.kind !== 'redis-cluster') continue;
        if (claim.shards !== undefined && w.spec.shards !== claim.shards) {
          add(`${w.spec.shards} shards × ${1 + w.spec.replicasPerShard} nodes = ${w.spec.shards * (1 + w.spec.replicasPerShard)} nodes`, w.region);
        }
        const limit = w.spec.resources.limits.memory;
        if (claim.memoryPerNode !== undefined && limit !== undefined && parseQuantity(limit) !== parseQuantity(claim.memoryPerNode)) {
          add(`a ${limit} memory limit per node`, w.region);
        }
      }
    }
    if (claim.postgres !== undefined && claim.connections !== undefined) {
      const databases = clusters.flatMap((c) => c.namespaces.flatMap((n) => n.workloads))
        .filter((w) => w.kind === 'postgres-cluster' && w.key === claim.postgres);
      if (databases.length === 0) add(`no PostgreSQL database '${claim.postgres}'${claim.region ? ` in ${claim.region}` : ''}`);
      for (const w of databases) {
        if (w.kind !== 'postgres-cluster') continue;
        // Reserved slots (superuser_reserved_connections, reserved_connections) are not the application's.
        const { maxConnections, reserved } = serverConnectionLimit(w.spec.postgresql.parameters);
        if (claim.connections > maxConnections - reserved) {
          add(`max_connections ${maxConnections} − ${reserved} reserved = ${maxConnections - reserved} connections for ordinary roles, ${claim.connections - (maxConnections - reserved)} fewer than ${claim.connections}`, w.region);
        }
      }
    }
    if (claim.kongInstances && claim.instances !== undefined && model.edge) {
      const total = model.edge.kong.replicas * clusters.length;
      if (total !== claim.instances) add(`${model.edge.kong.replicas} Kong pods in each of ${clusters.length} regions = ${total}`);
    }
    if (differs.size === 0) return;
    const all = model.clusters.length;
    const rendered = [...differs].map(([text, regions]) => {
      if (regions.length === 0) return text;
      const where = regions.length === all && all > 1 ? 'every region' : regions.sort().join(', ');
      return `${text} (${where})`;
    }).join('; ');
    out.warn(path, 'seed-contradiction', `the seed says "${claim.says}", but the platform renders ${rendered}: ${claim.because}`);
  });
}
