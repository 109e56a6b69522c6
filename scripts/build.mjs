// Bundles main.ts into build/main.js with esbuild: transpile-only, so synth never pays for a
// full type-check (that runs in `npm test` via `tsc --noEmit`). The output lives outside dist/
// because `cdk8s synth` deletes its output folder before running the app.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as vm from 'node:vm';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSchemaGate } from './build-schema-gate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = path.join(ROOT, 'build/main.js');
/** `validate --tree` and the cdk8s validation plugin, without the compiler (main.ts runs it when it exists). */
export const TREE_BUNDLE = path.join(ROOT, 'build/validate-tree.js');
/** Everything the bundle is made of: a change to any of these rebuilds it. */
const INPUTS = ['main.ts', 'src', 'charts', 'platforms', 'imports', 'package-lock.json', 'scripts/build.mjs'];

function newestInput(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestInput(path.join(entry, name))));
}

/**
 * The lean bundle's V8 code cache (`.v8cache`, read by main.ts as the schema gate reads its own):
 * compiled after the module's top level ran, so what start-up compiles is cached.
 */
function writeCodeCache(file) {
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  fs.writeFileSync(`${file}.v8cache`, script.createCachedData());
}

/** Rebuilds only when an input is newer than the bundle, as make would. */
export async function ensureBuilt({ force = false } = {}) {
  // The render schema gate's precompiled validators (build/schema-gate), rebuilt only when crds/ changes.
  await ensureSchemaGate({ log: (message) => process.stderr.write(`${message}\n`) });
  const oldest = Math.min(...[BUNDLE, TREE_BUNDLE].map((b) => fs.statSync(b, { throwIfNoEntry: false })?.mtimeMs ?? 0));
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
  // The lean bundle first: main.js runs it whenever it exists, so it must never be the older one.
  await build({ ...options, entryPoints: [path.join(ROOT, 'src/cli/validate-tree-entry.ts')], outfile: TREE_BUNDLE });
  await build({ ...options, entryPoints: [path.join(ROOT, 'main.ts')], outfile: BUNDLE });
  writeCodeCache(TREE_BUNDLE);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureBuilt({ force: process.argv.includes('--force') });
}
