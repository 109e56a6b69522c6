// Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function and per module.
//
// The compiler runs as one esbuild bundle (build/main.js), so every frame's URL is that file;
// esbuild writes a `// <source path>` comment before each bundled module, and those comments map
// a frame's line back to the module it came from (node_modules/cdk8s/lib/app.js, src/cli/render.ts…).
//
//   node bench/profile-summary.mjs PROFILE.cpuprofile [--top N]
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const moduleMaps = new Map();

/** Sorted [line, module] pairs of a bundle's `// path` comments (0-based lines, as in profiles). */
function moduleMap(url) {
  if (moduleMaps.has(url)) return moduleMaps.get(url);
  let map = [];
  try {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (file.endsWith('.js') && fs.existsSync(file)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const m = /^\/\/ (\S+\.(?:js|cjs|mjs|ts|json))$/.exec(line);
        // Paths are relative to where the bundle was built; from node_modules/ on they read the same everywhere.
        if (m) map.push([i, m[1].includes('node_modules/') ? m[1].slice(m[1].indexOf('node_modules/')) : m[1]]);
      });
    }
  } catch {
    map = [];
  }
  moduleMaps.set(url, map);
  return map;
}

/** The source module of a frame: from the bundle's comments, else the URL itself. */
export function moduleOf(callFrame) {
  const { url, lineNumber } = callFrame;
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return 'node internals';
  const map = moduleMap(url);
  let found;
  for (const [line, mod] of map) {
    if (line > lineNumber) break;
    found = mod;
  }
  if (found) return found;
  return map.length > 0 ? '(esbuild runtime helpers)' : url.replace(/^file:\/\//, '');
}

/** The package (or repository folder) a module belongs to, for the per-area roll-up. */
export function areaOf(module) {
  const nm = module.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = module.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (module.startsWith('(') || module === 'node internals') return module;
  const m = /^(src\/[^/]+|charts|platforms|imports|test\/support|bench)\//.exec(module.replace(/^.*\/main\//, ''));
  return m ? m[1] : module;
}

/**
 * Self time per function and per area. Uses samples + timeDeltas (exact sampled time) when present,
 * else hitCount × the mean sampling interval.
 */
export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const delta = profile.timeDeltas[i + 1] ?? 0; // a sample's time runs until the next sample
      selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, delta));
    }
  } else {
    const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
    const interval = (profile.endTime - profile.startTime) / hits;
    for (const node of profile.nodes) selfUs.set(node.id, (node.hitCount ?? 0) * interval);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const functions = new Map();
  const areas = new Map();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id);
    const module = moduleOf(callFrame);
    const name = callFrame.functionName || '(anonymous)';
    const special = name.startsWith('(') && !callFrame.url; // (garbage collector), (program), (idle)
    const key = special ? name : `${name} ${module}:${callFrame.lineNumber + 1}`;
    const entry = functions.get(key) ?? { function: name, module: special ? '' : module, line: special ? 0 : callFrame.lineNumber + 1, ms: 0 };
    entry.ms += us / 1000;
    functions.set(key, entry);
    const area = special ? name : areaOf(module);
    areas.set(area, (areas.get(area) ?? 0) + us / 1000);
  }
  const pct = (ms) => Math.round((1000 * ms * 1000) / totalUs) / 10;
  return {
    totalMs: Math.round(totalUs / 1000),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, top)
      .map((f) => ({ ...f, ms: Math.round(f.ms), percent: pct(f.ms) })),
    areas: [...areas.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), percent: pct(ms) })),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/profile-summary.mjs PROFILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const top = rest[0] === '--top' ? Number(rest[1]) : 15;
  const summary = summarizeProfile(file, top);
  process.stdout.write(`total sampled: ${summary.totalMs} ms\n\nself time by area:\n`);
  for (const a of summary.areas) process.stdout.write(`  ${String(a.ms).padStart(7)} ms ${String(a.percent).padStart(5)}%  ${a.area}\n`);
  process.stdout.write('\ntop functions by self time:\n');
  for (const f of summary.functions) {
    process.stdout.write(`  ${String(f.ms).padStart(7)} ms ${String(f.percent).padStart(5)}%  ${f.function}${f.module ? `  ${f.module}:${f.line}` : ''}\n`);
  }
}
