// Feeds conformance/data/postgres-parameters.sh from the real renderer.
//   render            seed 000's parameters as rendered: "name<TAB>value<TAB>what `postgres -C name` prints"
//   verdict           reads "name<TAB>value" lines on stdin; prints "name<TAB>value<TAB>accept|reject",
//                     the renderer's own verdict with that one value replacing seed 000's.
import * as fs from 'node:fs';
import { PostgresParametersInput, parsePostgresMemory, postgresParameters } from '../../src/constructs/data/postgres-parameters';

/** Seed 000 ("PostgreSQL Configuration"): the 256 GB RAM per shard is the memory limit. */
const SEED_000: PostgresParametersInput = {
  maxConnections: 10000, sharedBuffers: '64GB', effectiveCacheSize: '192GB', workMem: '256MB', memoryLimit: '256Gi',
};
/** `postgres -C` prints integer memory settings in the parameter's base unit. */
const BASE_UNIT_BYTES: Readonly<Record<string, number>> = {
  shared_buffers: 8192, effective_cache_size: 8192, work_mem: 1024, maintenance_work_mem: 1024,
};
const FIELD_OF: Readonly<Record<string, keyof PostgresParametersInput>> = {
  max_connections: 'maxConnections', shared_buffers: 'sharedBuffers', effective_cache_size: 'effectiveCacheSize',
  work_mem: 'workMem', maintenance_work_mem: 'maintenanceWorkMem',
};

const mode = process.argv[2];
if (mode === 'render') {
  const result = postgresParameters(SEED_000);
  if (result.errors.length) throw new Error(result.errors.map((e) => `${e.path}: ${e.message} [${e.rule}]`).join('\n'));
  for (const [name, value] of Object.entries(result.parameters)) {
    const base = BASE_UNIT_BYTES[name];
    process.stdout.write(`${name}\t${value}\t${base ? parsePostgresMemory(value) / base : value}\n`);
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${w.path}: ${w.message} [${w.rule}]\n`);
} else if (mode === 'verdict') {
  for (const line of fs.readFileSync(0, 'utf8').split('\n').filter(Boolean)) {
    const [name, value] = line.split('\t');
    const field = FIELD_OF[name];
    const input: PostgresParametersInput = field
      ? { ...SEED_000, [field]: field === 'maxConnections' ? Number(value) : value }
      : { ...SEED_000, extra: { [name]: value } };
    process.stdout.write(`${name}\t${value}\t${postgresParameters(input).errors.length ? 'reject' : 'accept'}\n`);
  }
} else {
  throw new Error('usage: render-postgres-parameters.ts render|verdict');
}
