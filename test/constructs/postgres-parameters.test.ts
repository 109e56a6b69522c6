import {
  PostgresParametersInput, maxConnectionsLimit, parsePostgresMemory, postgresParameters, renderPostgresParameters,
} from '../../src/constructs/data/postgres-parameters';

/** Seed 000: 64 vCPUs, 256 GB RAM per shard. */
const SEED_000: PostgresParametersInput = {
  maxConnections: 10000, sharedBuffers: '64GB', effectiveCacheSize: '192GB', workMem: '256MB', memoryLimit: '256Gi',
};

describe('postgresParameters', () => {
  it("renders seed 000's parameters as CloudNativePG strings, sorted by name", () => {
    const { parameters, errors } = postgresParameters(SEED_000);
    expect(errors).toEqual([]);
    expect(parameters).toEqual({ effective_cache_size: '192GB', max_connections: '10000', shared_buffers: '64GB', work_mem: '256MB' });
    expect(Object.keys(parameters)).toEqual(['effective_cache_size', 'max_connections', 'shared_buffers', 'work_mem']);
    for (const v of Object.values(parameters)) expect(typeof v).toBe('string');
  });

  it("warns that seed 000's work_mem × max_connections is ten times the memory (2500GB of 256Gi)", () => {
    expect(postgresParameters(SEED_000).warnings).toEqual([{
      path: 'postgresql.workMem',
      rule: 'postgres-work-mem-budget',
      message: 'work_mem 256MB × max_connections 10000 = 2500GB exceeds the memory limit 256Gi ' +
        '(each backend may use work_mem per sort or hash, so concurrent heavy queries can OOM the instance)',
    }]);
  });

  it('reads PostgreSQL memory units 1024-based and case-sensitively', () => {
    expect(parsePostgresMemory('64GB')).toBe(64 * 2 ** 30);
    expect(parsePostgresMemory('256MB')).toBe(256 * 2 ** 20);
    expect(parsePostgresMemory('8kB')).toBe(8192);
    expect(parsePostgresMemory('64gb')).toBeNaN();
    expect(parsePostgresMemory('64KB')).toBeNaN();
    expect(parsePostgresMemory('64Gi')).toBeNaN();
    expect(parsePostgresMemory('-1')).toBeNaN();
  });

  it.each<[string, Partial<PostgresParametersInput>, string, string]>([
    ['an unknown unit', { sharedBuffers: '64XB' }, 'postgresql.sharedBuffers', 'postgres-memory-unit'],
    ['a lower-case unit', { effectiveCacheSize: '192gb' }, 'postgresql.effectiveCacheSize', 'postgres-memory-unit'],
    ['work_mem -1', { workMem: '-1' }, 'postgresql.workMem', 'postgres-memory-unit'],
    ['work_mem below 64kB', { workMem: '63kB' }, 'postgresql.workMem', 'postgres-parameter-range'],
    ['shared_buffers below 16 blocks', { sharedBuffers: '120kB' }, 'postgresql.sharedBuffers', 'postgres-parameter-range'],
    ['maintenance_work_mem below 1MB', { maintenanceWorkMem: '512kB' }, 'postgresql.maintenanceWorkMem', 'postgres-parameter-range'],
    ['max_connections 0', { maxConnections: 0 }, 'postgresql.maxConnections', 'postgres-parameter-range'],
    ['max_connections over the backend ceiling', { maxConnections: 262098 }, 'postgresql.maxConnections', 'postgres-parameter-range'],
    ['shared_buffers as large as the memory limit', { sharedBuffers: '256GB' }, 'postgresql.sharedBuffers', 'postgres-shared-buffers-memory'],
    ['an operator-owned parameter', { extra: { listen_addresses: '*' } }, 'postgresql.extra.listen_addresses', 'postgres-operator-owned'],
    ['a typed parameter given again as extra', { extra: { work_mem: '1MB' } }, 'postgresql.extra.work_mem', 'postgres-parameter-duplicate'],
    ['a malformed name', { extra: { 'Work-Mem': '1MB' } }, 'postgresql.extra.Work-Mem', 'postgres-parameter-name'],
  ])('rejects %s, naming the path and the rule', (_what, patch, path, rule) => {
    const { errors } = postgresParameters({ ...SEED_000, ...patch });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, rule });
  });

  it('counts the other backends against max_connections: 262143 − (3 + 1 + 32 + 10) with the defaults', () => {
    expect(maxConnectionsLimit({})).toBe(262097);
    expect(postgresParameters({ ...SEED_000, maxConnections: 262097 }).errors).toEqual([]);
    // With PostgreSQL's own max_worker_processes (8) the ceiling rises to 262121.
    expect(maxConnectionsLimit({ max_worker_processes: '8' })).toBe(262121);
  });

  it('accepts the smallest values PostgreSQL accepts', () => {
    const { errors, parameters } = postgresParameters({ maxConnections: 1, sharedBuffers: '128kB', effectiveCacheSize: '8kB', workMem: '64kB', maintenanceWorkMem: '1MB' });
    expect(errors).toEqual([]);
    expect(parameters.maintenance_work_mem).toBe('1MB');
  });

  it('passes extra parameters through as strings', () => {
    expect(postgresParameters({ ...SEED_000, extra: { random_page_cost: '1.1', 'pg_stat_statements.max': '10000' } }).parameters)
      .toMatchObject({ random_page_cost: '1.1', 'pg_stat_statements.max': '10000' });
  });

  it('warns when shared_buffers passes 40% of the memory, and when effective_cache_size passes all of it', () => {
    const { warnings, errors } = postgresParameters({ ...SEED_000, workMem: '4MB', sharedBuffers: '128GB', effectiveCacheSize: '300GB' });
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.rule)).toEqual(['postgres-shared-buffers-share', 'postgres-effective-cache-memory']);
  });

  it('throws every error as `path: message [rule]` from renderPostgresParameters', () => {
    expect(renderPostgresParameters(SEED_000)).toEqual(postgresParameters(SEED_000).parameters);
    expect(() => renderPostgresParameters({ ...SEED_000, sharedBuffers: '64XB', workMem: '-1' }, 'databases.users.postgresql')).toThrow(
      "databases.users.postgresql.sharedBuffers: shared_buffers '64XB' must be an integer with a PostgreSQL unit (B, kB, MB, GB, TB; case-sensitive), e.g. '64GB' [postgres-memory-unit]\n" +
      "databases.users.postgresql.workMem: work_mem '-1' must be an integer with a PostgreSQL unit (B, kB, MB, GB, TB; case-sensitive), e.g. '64GB' [postgres-memory-unit]",
    );
  });
});
