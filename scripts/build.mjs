// Bundles the compiler with esbuild: transpile-only, so synth never pays for a full type-check
// (that runs in `npm test` via `tsc --noEmit`). build/main.js (main.ts) is a small loader that
// runs build/compiler.js, or build/validate-tree.js for `validate --tree`, with their V8 code
// caches. The output lives outside dist/ because `cdk8s synth` deletes its output folder first.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ensureSchemaGate } from './build-schema-gate.mjs';

const { definedEntriesPlugin } = createRequire(import.meta.url)('./defined-entries.cjs');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What every caller runs: `node build/main.js …` (main.ts: the loader of COMPILER and TREE_BUNDLE). */
export const BUNDLE = path.join(ROOT, 'build/main.js');
/** The compiler's bundle (src/cli/main.ts), run by BUNDLE with the V8 code cache beside it. */
export const COMPILER = path.join(ROOT, 'build/compiler.js');
/** `validate --tree` and the cdk8s validation plugin, without the compiler (main.ts runs it when it exists). */
export const TREE_BUNDLE = path.join(ROOT, 'build/validate-tree.js');
/** The render gate on a worker thread (src/render/gate-worker.ts): synth checks one platform while it renders the next. */
export const GATE_WORKER = path.join(ROOT, 'build/gate-worker.js');
/** Everything the bundle is made of: a change to any of these rebuilds it. */
const INPUTS = ['main.ts', 'src', 'charts', 'platforms', 'imports', 'package-lock.json', 'scripts/build.mjs', 'scripts/defined-entries.cjs'];

function newestInput(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestInput(path.join(entry, name))));
}

/**
 * Warm V8 code caches for every bundle a run loads: synth of every platform, then `validate --tree`
 * of what it wrote, with PLATFORM_COMPILER_WRITE_CODE_CACHE set, so each generated module
 * (loadGenerated in src/render/gate-modules.ts: the compiler, the lean bundle, the validators)
 * rewrites its `.v8cache` on exit with the functions those runs compiled, not only its top level.
 * A cache V8 rejects (another node version, another bundle) only costs the compile.
 */
function writeWarmCodeCaches() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-code-cache-'));
  const env = { ...process.env, PLATFORM_COMPILER_WRITE_CODE_CACHE: '1' };
  try {
    // A spec that does not render yet still leaves the caches of what start-up compiled.
    spawnSync(process.execPath, [BUNDLE, 'synth', '--out', out], { env, encoding: 'utf8' });
    spawnSync(process.execPath, [BUNDLE, 'validate', '--tree', out], { env, encoding: 'utf8' });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Rebuilds only when an input is newer than the bundle, as make would. */
export async function ensureBuilt({ force = false } = {}) {
  // The render schema gate's precompiled validators (build/schema-gate), rebuilt only when crds/ changes.
  await ensureSchemaGate({ log: (message) => process.stderr.write(`${message}\n`) });
  const oldest = Math.min(...[BUNDLE, COMPILER, TREE_BUNDLE, GATE_WORKER].map((b) => fs.statSync(b, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  if (!force && oldest > 0 && Math.max(...INPUTS.map((i) => newestInput(path.join(ROOT, i)))) < oldest) return false;
  const options = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
  };
  // The bundles main.js loads first: it runs them whenever they exist, so they must never be the older ones.
  await build({ ...options, entryPoints: [path.join(ROOT, 'src/cli/validate-tree-entry.ts')], outfile: TREE_BUNDLE });
  await build({ ...options, entryPoints: [path.join(ROOT, 'src/render/gate-worker.ts')], outfile: GATE_WORKER });
  // The generated bindings' undefined-field filter, rewritten from quadratic to linear (scripts/defined-entries.cjs).
  await build({ ...options, entryPoints: [path.join(ROOT, 'src/cli/main.ts')], outfile: COMPILER, plugins: [definedEntriesPlugin()] });
  await build({ ...options, entryPoints: [path.join(ROOT, 'main.ts')], outfile: BUNDLE });
  writeWarmCodeCaches();
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureBuilt({ force: process.argv.includes('--force') });
}
