// Feeds conformance/data/postgres-parameters.sh from the real renderer.
//   render [DIST]     every postgresql parameter of every CNPG Cluster rendered into DIST (default
//                     dist/), each distinct name=value once: "name<TAB>value<TAB>what `postgres -C name`
//                     prints"; on stderr, how many Clusters carried them
//   verdict           reads "name<TAB>value" lines on stdin; prints "name<TAB>value<TAB>accept|reject",
//                     the renderer's own verdict with that one value replacing seed 000's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
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
  const dist = process.argv[3] ?? path.join(__dirname, '..', '..', 'dist');
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.yaml') ? [path.join(dir, e.name)] : []));
  const seen = new Map<string, string>();
  let clusters = 0;
  for (const file of files(dist)) {
    for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]) {
      if (doc?.kind !== 'Cluster' || !String(doc.apiVersion).startsWith('postgresql.cnpg.io/')) continue;
      clusters++;
      for (const [name, value] of Object.entries<string>(doc.spec?.postgresql?.parameters ?? {})) seen.set(`${name}\t${value}`, name);
    }
  }
  for (const [pair, name] of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const value = pair.slice(name.length + 1);
    const base = BASE_UNIT_BYTES[name];
    process.stdout.write(`${name}\t${value}\t${base ? parsePostgresMemory(value) / base : value}\n`);
  }
  process.stderr.write(`${clusters} Clusters in ${path.relative(process.cwd(), dist) || '.'}, ${seen.size} distinct parameter values\n`);
  // The renderer's own verdict on seed 000 (its warnings), for the log.
  for (const w of postgresParameters(SEED_000).warnings) process.stderr.write(`warning: ${w.path}: ${w.message} [${w.rule}]\n`);
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
