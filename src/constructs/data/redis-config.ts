import { parseQuantity } from '../../spec/quantity';

/**
 * Pure text generation for a Redis Cluster: the memory budget derived from the container's
 * memory limit, and redis.conf. No cdk8s here, so the same text can be fed to real
 * redis-server processes by the conformance suite.
 */

/** Redis Cluster always hashes keys over exactly this many slots. */
export const CLUSTER_SLOTS = 16384;

/** Redis Cluster's bus port is the client port + 10000 (`cluster-port 0`, the default). */
export const CLUSTER_BUS_PORT_OFFSET = 10000;

/** How the dataset survives a restart of its process. */
export type RedisPersistence =
  /** Cache: no RDB, no AOF. Replicas are the only copy; a restarted node starts empty. */
  | { readonly mode: 'none' }
  /** Periodic snapshots (`save <seconds> <changes>` points). */
  | { readonly mode: 'rdb'; readonly savePoints: ReadonlyArray<{ readonly seconds: number; readonly changes: number }> }
  /** Append-only file; `everysec` loses at most about a second of writes. */
  | { readonly mode: 'aof'; readonly fsync: 'always' | 'everysec' | 'no' };

export type MaxmemoryPolicy =
  | 'noeviction' | 'allkeys-lru' | 'allkeys-lfu' | 'allkeys-random'
  | 'volatile-lru' | 'volatile-lfu' | 'volatile-random' | 'volatile-ttl';

export interface RedisConfigInput {
  readonly port: number;
  /** The container memory limit as a Kubernetes quantity, e.g. `16Gi`. */
  readonly memoryLimit: string;
  readonly maxmemoryPolicy: MaxmemoryPolicy;
  readonly persistence: RedisPersistence;
  /** Client connections per node. @default 10000 (the Redis default) */
  readonly maxclients?: number;
  /** Milliseconds a node may be unreachable before it is marked failed. @default 15000 (the Redis default) */
  readonly clusterNodeTimeoutMs?: number;
}

/** How a memory limit is split between the dataset (maxmemory) and what Redis needs beside it. */
export interface RedisMemoryBudget {
  readonly limitBytes: number;
  readonly maxmemoryBytes: number;
  readonly replBacklogBytes: number;
  /** Hard limit of one replica's output buffer on a primary. */
  readonly replicaOutputHardBytes: number;
  readonly replicaOutputSoftBytes: number;
}

const MiB = 2 ** 20;
/** Headroom kept outside maxmemory (as a fraction of the memory limit). */
export const HEADROOM_WITHOUT_PERSISTENCE = 0.25;
export const HEADROOM_WITH_PERSISTENCE = 0.5;
/** Below this the fixed costs (buffers, fragmentation, the process itself) swamp the dataset. */
export const MIN_MEMORY_LIMIT_BYTES = 64 * MiB;

/**
 * maxmemory is derived from the memory limit, never equal to it: Redis does not count the
 * replica output buffers (nor the AOF buffer) against maxmemory, precisely so that a slow
 * replica cannot trigger an evict → DEL → bigger buffer loop; so the process grows past
 * maxmemory by those buffers, the replication backlog, client buffers, allocator
 * fragmentation and the copy-on-write pages of any forked child. If that sum exceeds the
 * limit the kernel OOM-kills the node. So:
 *
 * - persistence `none`: maxmemory = 75% of the limit. The 25% covers one replica output
 *   buffer at its hard limit (1/16, at most 512 MiB; Redis 7 shares one replication buffer
 *   between the backlog and all replicas, so it does not multiply by the replica count),
 *   the backlog (1/64, at most 256 MiB), and leaves at least 17% for fragmentation, client
 *   buffers and the copy-on-write of the fork a full resync still takes (diskless sync forks too).
 * - `rdb`/`aof`: maxmemory = 50%, because BGSAVE / BGREWRITEAOF fork routinely, and under a
 *   write-heavy load copy-on-write can approach the whole dataset for the fork's lifetime.
 *
 * Values are whole MiB, rounded down, so the text is stable and readable.
 */
export function redisMemoryBudget(memoryLimit: string, persistence: RedisPersistence): RedisMemoryBudget {
  const limitBytes = parseQuantity(memoryLimit);
  if (!Number.isFinite(limitBytes)) throw new Error(`redis memory limit '${memoryLimit}' is not a Kubernetes quantity`);
  if (limitBytes < MIN_MEMORY_LIMIT_BYTES) {
    throw new Error(`redis memory limit '${memoryLimit}' is below ${MIN_MEMORY_LIMIT_BYTES / MiB}Mi: too small to leave headroom for replication`);
  }
  const headroom = persistence.mode === 'none' ? HEADROOM_WITHOUT_PERSISTENCE : HEADROOM_WITH_PERSISTENCE;
  const wholeMiB = (bytes: number) => Math.floor(bytes / MiB) * MiB;
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const replicaOutputHardBytes = wholeMiB(clamp(limitBytes / 16, 4 * MiB, 512 * MiB));
  return {
    limitBytes,
    maxmemoryBytes: wholeMiB(limitBytes * (1 - headroom)),
    replBacklogBytes: wholeMiB(clamp(limitBytes / 64, 1 * MiB, 256 * MiB)),
    replicaOutputHardBytes,
    replicaOutputSoftBytes: wholeMiB(replicaOutputHardBytes / 4),
  };
}

/** The smallest memory limit whose derived maxmemory is at least `maxmemory` (e.g. a spec's "32GB per node"). */
export function memoryLimitForMaxmemory(maxmemory: string, persistence: RedisPersistence): string {
  const bytes = parseQuantity(maxmemory);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`maxmemory '${maxmemory}' is not a Kubernetes quantity`);
  const headroom = persistence.mode === 'none' ? HEADROOM_WITHOUT_PERSISTENCE : HEADROOM_WITH_PERSISTENCE;
  // Whole MiB plus one, so the rounding down in redisMemoryBudget cannot fall below the target.
  return `${Math.ceil(bytes / (1 - headroom) / MiB) + 1}Mi`;
}

/** Renders redis.conf. Anything per pod (port in tests, auth) is given on the command line instead. */
export function renderRedisConf(input: RedisConfigInput): string {
  const budget = redisMemoryBudget(input.memoryLimit, input.persistence);
  const mib = (bytes: number) => `${bytes / MiB} MiB`;
  const lines = [
    '# Rendered by platform-compiler. dir and auth come as command-line arguments.',
    `port ${input.port}`,
    // Pods are reached on their pod IP; NetworkPolicy, not the bind address, decides who may connect.
    'bind * -::*',
    // Protected mode only refuses non-loopback clients when no password is set; access is the
    // NetworkPolicy's job (and requirepass, when a Secret is given).
    'protected-mode no',
    // No `dir` here: Redis changes into it while parsing and exits if it is missing, so the
    // data volume's path is given on the command line, where it belongs to the pod layout.
    // Log to stdout for the container runtime.
    'logfile ""',
    '',
    '# Cluster',
    'cluster-enabled yes',
    // Relative to dir (the data volume), so a restarted pod keeps its node id and slots.
    'cluster-config-file nodes.conf',
    `cluster-node-timeout ${input.clusterNodeTimeoutMs ?? 15000}`,
    // A cache keeps serving the shards that are up while one shard has no reachable primary.
    'cluster-require-full-coverage no',
    '',
    `# Memory: limit ${mib(wholeMiB(budget.limitBytes))}; maxmemory ${mib(budget.maxmemoryBytes)} ` +
      `(${input.persistence.mode === 'none' ? HEADROOM_WITHOUT_PERSISTENCE * 100 : HEADROOM_WITH_PERSISTENCE * 100}% headroom for replication buffers, fragmentation, fork)`,
    `maxmemory ${budget.maxmemoryBytes}`,
    `maxmemory-policy ${input.maxmemoryPolicy}`,
    // Evicting a large key frees it in a background thread instead of stalling every client.
    'lazyfree-lazy-eviction yes',
    `maxclients ${input.maxclients ?? 10000}`,
    '',
    '# Replication',
    `repl-backlog-size ${budget.replBacklogBytes}`,
    `client-output-buffer-limit replica ${budget.replicaOutputHardBytes} ${budget.replicaOutputSoftBytes} 60`,
    // The primary streams the RDB straight to the socket: no dump file on the primary's volume.
    'repl-diskless-sync yes',
    '',
    ...persistenceLines(input.persistence),
  ];
  return lines.join('\n') + '\n';
}

function wholeMiB(bytes: number): number {
  return Math.floor(bytes / MiB) * MiB;
}

function persistenceLines(p: RedisPersistence): string[] {
  switch (p.mode) {
    case 'none':
      return [
        '# Persistence: none (a cache; replicas in other zones are the redundancy)',
        'save ""',
        'appendonly no',
      ];
    case 'rdb':
      if (p.savePoints.length === 0) throw new Error('redis rdb persistence needs at least one save point');
      return [
        '# Persistence: RDB snapshots',
        `save "${p.savePoints.map((s) => `${s.seconds} ${s.changes}`).join(' ')}"`,
        'appendonly no',
        'dbfilename dump.rdb',
      ];
    case 'aof':
      return [
        '# Persistence: append-only file',
        'save ""',
        'appendonly yes',
        `appendfsync ${p.fsync}`,
      ];
  }
}
