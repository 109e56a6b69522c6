import type { RuleId } from '../../spec/rules/catalogue';
import { parseQuantity } from '../../spec/quantity';

/**
 * CloudNativePG `spec.postgresql.parameters` (a map of strings) from typed input, with the
 * checks PostgreSQL itself would make at start-up (units, ranges) and the ones CloudNativePG
 * makes (parameters the operator owns), so a bad value fails at compile time with a path
 * instead of as a crash-looping instance.
 */

export interface PostgresParametersInput {
  /** 1..262097 with the default worker counts (see maxConnectionsLimit). */
  readonly maxConnections: number;
  /** PostgreSQL memory units, integer + B|kB|MB|GB|TB (1024-based, case-sensitive), e.g. `64GB`. */
  readonly sharedBuffers: string;
  readonly effectiveCacheSize: string;
  readonly workMem: string;
  readonly maintenanceWorkMem?: string;
  /** Further parameters, passed through as given (names checked against the operator-owned ones). */
  readonly extra?: Readonly<Record<string, string>>;
  /** The instance's container memory limit (Kubernetes quantity), for the memory sanity checks. */
  readonly memoryLimit?: string;
}

export interface ParameterIssue {
  readonly path: string;
  readonly rule: RuleId;
  readonly message: string;
}

export interface PostgresParametersResult {
  /** Sorted by name, so the rendered map is byte-stable. */
  readonly parameters: Record<string, string>;
  readonly errors: readonly ParameterIssue[];
  readonly warnings: readonly ParameterIssue[];
}

const KiB = 1024;
const UNIT_BYTES: Readonly<Record<string, number>> = { B: 1, kB: KiB, MB: KiB ** 2, GB: KiB ** 3, TB: KiB ** 4 };
const MEMORY = /^([0-9]+)(B|kB|MB|GB|TB)$/;
const INT_MAX = 2 ** 31 - 1;
const BLOCK = 8 * KiB;

/** Ranges from `postgres --describe-config` (PostgreSQL 15, 64-bit): min and max in bytes. */
const MEMORY_RANGES = {
  shared_buffers: { min: 16 * BLOCK, max: (INT_MAX / 2 | 0) * BLOCK },
  effective_cache_size: { min: 1 * BLOCK, max: INT_MAX * BLOCK },
  work_mem: { min: 64 * KiB, max: INT_MAX * KiB },
  maintenance_work_mem: { min: 1024 * KiB, max: INT_MAX * KiB },
} as const;
/** PostgreSQL's MAX_BACKENDS. */
export const MAX_BACKENDS = 262143;
/**
 * The other backends PostgreSQL counts against MAX_BACKENDS (its check_maxconnections):
 * max_worker_processes is CloudNativePG's default (32), the others PostgreSQL's.
 */
export const OTHER_BACKEND_DEFAULTS = { autovacuum_max_workers: 3, max_worker_processes: 32, max_wal_senders: 10 } as const;

/** max_connections + autovacuum_max_workers + 1 + max_worker_processes + max_wal_senders ≤ MAX_BACKENDS. */
export function maxConnectionsLimit(extra: Readonly<Record<string, string>>): number {
  const get = (name: keyof typeof OTHER_BACKEND_DEFAULTS) => {
    const v = Number(extra[name]);
    return extra[name] !== undefined && Number.isInteger(v) && v >= 0 ? v : OTHER_BACKEND_DEFAULTS[name];
  };
  return MAX_BACKENDS - (get('autovacuum_max_workers') + 1 + get('max_worker_processes') + get('max_wal_senders'));
}

/**
 * Parameters CloudNativePG sets itself and ignores or rejects from the user
 * (FixedConfigurationParameters in its pkg/postgres/configuration.go).
 */
export const OPERATOR_OWNED_PARAMETERS: ReadonlySet<string> = new Set([
  'allow_system_table_mods', 'archive_cleanup_command', 'archive_command', 'archive_mode', 'bonjour', 'bonjour_name',
  'cluster_name', 'config_file', 'data_directory', 'data_sync_retry', 'dynamic_shared_memory_type', 'event_source',
  'external_pid_file', 'hba_file', 'hot_standby', 'huge_pages', 'ident_file', 'jit_provider', 'listen_addresses',
  'log_destination', 'log_directory', 'log_file_mode', 'log_filename', 'log_rotation_age', 'log_rotation_size',
  'log_truncate_on_rotation', 'logging_collector', 'port', 'primary_conninfo', 'primary_slot_name',
  'promote_trigger_file', 'recovery_end_command', 'recovery_min_apply_delay', 'recovery_target',
  'recovery_target_action', 'recovery_target_inclusive', 'recovery_target_lsn', 'recovery_target_name',
  'recovery_target_time', 'recovery_target_timeline', 'recovery_target_xid', 'restart_after_crash',
  'restore_command', 'shared_preload_libraries', 'ssl', 'ssl_ca_file', 'ssl_cert_file', 'ssl_crl_file',
  'ssl_dh_params_file', 'ssl_ecdh_curve', 'ssl_key_file', 'ssl_passphrase_command',
  'ssl_passphrase_command_supports_reload', 'ssl_prefer_server_ciphers', 'stats_temp_directory',
  'synchronized_standby_slots', 'synchronous_standby_names', 'syslog_facility', 'syslog_ident',
  'syslog_sequence_numbers', 'syslog_split_messages', 'temp_tablespaces', 'unix_socket_directories',
  'unix_socket_group', 'unix_socket_permissions',
]);

/** Bytes of a PostgreSQL memory value, or NaN if PostgreSQL would not read it as one. */
export function parsePostgresMemory(text: string): number {
  const m = MEMORY.exec(text);
  return m ? Number(m[1]) * UNIT_BYTES[m[2]] : Number.NaN;
}

export function postgresParameters(input: PostgresParametersInput, basePath = 'postgresql'): PostgresParametersResult {
  const errors: ParameterIssue[] = [];
  const warnings: ParameterIssue[] = [];
  const out: Record<string, string> = {};

  const connectionsLimit = maxConnectionsLimit(input.extra ?? {});
  if (!Number.isInteger(input.maxConnections) || input.maxConnections < 1 || input.maxConnections > connectionsLimit) {
    errors.push({ path: `${basePath}.maxConnections`, rule: 'postgres-parameter-range',
      message: `max_connections ${input.maxConnections} must be an integer from 1 to ${connectionsLimit} ` +
        `(${MAX_BACKENDS} backends less autovacuum workers, background workers and WAL senders)` });
  } else {
    out.max_connections = String(input.maxConnections);
  }

  const memory = (field: keyof typeof FIELD_NAMES, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const name = FIELD_NAMES[field];
    const path = `${basePath}.${field}`;
    const bytes = parsePostgresMemory(value);
    if (!Number.isFinite(bytes)) {
      errors.push({ path, rule: 'postgres-memory-unit',
        message: `${name} '${value}' must be an integer with a PostgreSQL unit (B, kB, MB, GB, TB; case-sensitive), e.g. '64GB'` });
      return undefined;
    }
    const range = MEMORY_RANGES[name];
    if (bytes < range.min || bytes > range.max) {
      errors.push({ path, rule: 'postgres-parameter-range',
        message: `${name} '${value}' is outside PostgreSQL's range ${formatBytes(range.min)}..${formatBytes(range.max)}` });
      return undefined;
    }
    out[name] = value;
    return bytes;
  };
  const sharedBuffers = memory('sharedBuffers', input.sharedBuffers);
  const effectiveCache = memory('effectiveCacheSize', input.effectiveCacheSize);
  const workMem = memory('workMem', input.workMem);
  memory('maintenanceWorkMem', input.maintenanceWorkMem);

  for (const name of Object.keys(input.extra ?? {}).sort()) {
    const path = `${basePath}.extra.${name}`;
    if (OPERATOR_OWNED_PARAMETERS.has(name)) {
      errors.push({ path, rule: 'postgres-operator-owned', message: `${name} is set by CloudNativePG and cannot be overridden` });
    } else if (Object.values(FIELD_NAMES).includes(name as never) || name === 'max_connections') {
      errors.push({ path, rule: 'postgres-parameter-duplicate', message: `${name} has its own typed field; set it there` });
    } else if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) {
      errors.push({ path, rule: 'postgres-parameter-name', message: `'${name}' is not a PostgreSQL parameter name` });
    } else {
      out[name] = input.extra![name];
    }
  }

  if (input.memoryLimit !== undefined) {
    const limit = parseQuantity(input.memoryLimit);
    if (sharedBuffers !== undefined && Number.isFinite(limit)) {
      if (sharedBuffers >= limit) {
        errors.push({ path: `${basePath}.sharedBuffers`, rule: 'postgres-shared-buffers-memory',
          message: `shared_buffers ${input.sharedBuffers} does not fit in the memory limit ${input.memoryLimit}: the instance could not start` });
      } else if (sharedBuffers > 0.4 * limit) {
        // PostgreSQL's docs: beyond about 40% of RAM shared_buffers rarely helps, and the OS cache starves.
        warnings.push({ path: `${basePath}.sharedBuffers`, rule: 'postgres-shared-buffers-share',
          message: `shared_buffers ${input.sharedBuffers} is over 40% of the memory limit ${input.memoryLimit}` });
      }
    }
    if (effectiveCache !== undefined && Number.isFinite(limit) && effectiveCache > limit) {
      warnings.push({ path: `${basePath}.effectiveCacheSize`, rule: 'postgres-effective-cache-memory',
        message: `effective_cache_size ${input.effectiveCacheSize} exceeds the memory limit ${input.memoryLimit}: the planner will assume cache that is not there` });
    }
    if (workMem !== undefined && Number.isFinite(limit) && out.max_connections !== undefined && workMem * input.maxConnections > limit) {
      // work_mem is per sort/hash node per backend, not per server: this is a floor on the worst case.
      warnings.push({ path: `${basePath}.workMem`, rule: 'postgres-work-mem-budget',
        message: `work_mem ${input.workMem} × max_connections ${input.maxConnections} = ${formatBytes(workMem * input.maxConnections)} ` +
          `exceeds the memory limit ${input.memoryLimit} (each backend may use work_mem per sort or hash, so concurrent heavy queries can OOM the instance)` });
    }
  }

  const parameters = Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  return { parameters, errors, warnings };
}

/** The parameters, or an Error whose message lists every problem as `path: message [rule]`. */
export function renderPostgresParameters(input: PostgresParametersInput, basePath = 'postgresql'): Record<string, string> {
  const result = postgresParameters(input, basePath);
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => `${e.path}: ${e.message} [${e.rule}]`).join('\n'));
  return result.parameters;
}

const FIELD_NAMES = {
  sharedBuffers: 'shared_buffers',
  effectiveCacheSize: 'effective_cache_size',
  workMem: 'work_mem',
  maintenanceWorkMem: 'maintenance_work_mem',
} as const;

function formatBytes(bytes: number): string {
  for (const unit of ['TB', 'GB', 'MB', 'kB'] as const) {
    if (bytes >= UNIT_BYTES[unit] && bytes % UNIT_BYTES[unit] === 0) return `${bytes / UNIT_BYTES[unit]}${unit}`;
  }
  return `${bytes}B`;
}
