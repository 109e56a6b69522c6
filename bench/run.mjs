#!/usr/bin/env node
// The benchmark of issue 6: `npm run bench` (full; writes bench/REPORT.md and bench/results.json)
// and `npm run bench -- --quick` (CI: checks that every measured command still works; fewer runs,
// small synthetic platforms, no report; it never fails because the machine is slow, only when a
// measured command fails).
//
// Each case runs the compiler (`node build/main.js …`, the esbuild bundle) and, in the same run,
// the stock cdk8s pipeline on the same app: `cdk8s synth` running `ts-node main.ts synth …` (for
// commands that do not synthesize, `ts-node main.ts <command> …`). Every child is measured for
// wall time (hrtime around the spawn), peak RSS (GNU time's %M; fallback below) and CPU time (user
// + system, %U + %S): wall time is what the targets are about, CPU time shows what background load
// on the machine did to it.
//
// Options: --quick, --runs N, --warmup N, --only REGEX (case ids), --no-stock, --no-profile,
//          --keep-tmp. A report is written only by a complete full run (or into --report-dir DIR);
//          --render-report rewrites REPORT.md from results.json (and NOTES.md) without measuring.
//
// The bench installs nothing at run time. Peak RSS comes from /usr/bin/time -f '%e %M' when it
// exists (Debian: `apt-get install time`); otherwise every node process of the measured tree is
// preloaded with bench/rss-probe.cjs, which records process.resourceUsage().maxRSS on exit.
// Either way the figure is the largest single process of the tree (getrusage RUSAGE_CHILDREN).
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ensureSchemaGate } from '../scripts/build-schema-gate.mjs';
import { summarizeProfile } from './profile-summary.mjs';
import { DEFAULT_PLATFORM, renderReport, renderTables, withTargets } from './report.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, '..');
const NODE = process.execPath;
const TS_NODE = path.join(REPO, 'node_modules/ts-node/dist/bin.js');
const CDK8S = path.join(REPO, 'node_modules/cdk8s-cli/bin/cdk8s');
const TIME = fs.existsSync('/usr/bin/time') && !process.env.BENCH_NO_TIME ? '/usr/bin/time' : undefined;

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag('--quick');
const config = QUICK
  ? { mode: 'quick', warmup: 1, runs: 2, stockWarmup: 0, stockRuns: 1, sizes: [150, 400, 1000], tinyBaseline: false, extras: false, profile: false, rssObjects: 0 }
  : { mode: 'full', warmup: 1, runs: 5, stockWarmup: 1, stockRuns: 5, sizes: [1000, 5000, 20000], tinyBaseline: true, extras: true, profile: true, rssObjects: 100000 };
if (value('--runs')) config.runs = config.stockRuns = Math.max(1, Number(value('--runs')));
if (value('--warmup')) config.warmup = config.stockWarmup = Math.max(0, Number(value('--warmup')));
if (flag('--no-profile')) config.profile = false;
// --rss-objects N: size of the peak-RSS case (ours only, two runs, no warm-up); 0 skips it.
if (value('--rss-objects') !== undefined) config.rssObjects = Math.max(0, Number(value('--rss-objects')));
const ONLY = value('--only') ? new RegExp(value('--only')) : undefined;
const STOCK = !flag('--no-stock');
const KEEP_TMP = flag('--keep-tmp');
// The review code before its speed-up (issue 14, item 5): built from git in the same run, so the
// "previous implementation" ratio is measured on the same machine, load and inputs. --previous REV overrides.
const PREVIOUS_REV = value('--previous') ?? 'e6a6c78';
const WRITE_REPORT = !QUICK && !ONLY && STOCK && config.runs >= 5 && config.warmup >= 1;
// --report-dir DIR: write REPORT.md and results.json there even for a partial run (for trying the bench out).
const REPORT_DIR = value('--report-dir') ? path.resolve(value('--report-dir')) : WRITE_REPORT ? BENCH_DIR : undefined;

// ---------------------------------------------------------------- temp dirs and cleanup

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-compiler-bench-'));
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (KEEP_TMP) process.stderr.write(`bench: kept ${TMP}\n`);
  else fs.rmSync(TMP, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}
// Both sides run one snapshot of the repository taken at start-up ($TMP/app, node_modules linked):
// others keep editing src/ and rebuilding build/ while the bench runs, and "the same app" must stay
// the same for its whole duration. The bundle is built from the snapshot by scripts/build.mjs.
const APP = path.join(TMP, 'app');
const MAIN_JS = path.join(APP, 'build/main.js');
const BENCH_BUILD = path.join(APP, 'build/bench');
const tmp = (...parts) => {
  const dir = path.join(TMP, ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

// ---------------------------------------------------------------- helpers

const log = (line) => process.stderr.write(`${line}\n`);
const shq = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
/** A command line for the report: temp paths as $TMP/…, repository paths relative. */
const rel = (p) => (p.startsWith(`${APP}/`) ? path.relative(APP, p)
  : p.startsWith(TMP) ? `$TMP${p.slice(TMP.length)}` : p.startsWith(`${REPO}/`) ? path.relative(REPO, p) : p);
const show = (args) => args.map(rel).join(' ');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

function walkFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** Objects (YAML documents) and a content hash of every .yaml file below `dir`. */
function inspectTree(dir) {
  const hash = crypto.createHash('sha256');
  let objects = 0;
  let files = 0;
  for (const file of walkFiles(dir).filter((f) => f.endsWith('.yaml'))) {
    const text = fs.readFileSync(file, 'utf8');
    objects += text.match(/^---$/gm)?.length ?? 0;
    files++;
    hash.update(`${path.relative(dir, file)}\0${text}\0`);
  }
  return { files, objects, sha256: hash.digest('hex') };
}

/** Runs a command once: wall time and CPU time (user + system, whole tree) in ms, peak RSS in KB (largest single process). */
function measure(command, { cwd = TMP, env = {} } = {}) {
  const rssFile = path.join(TMP, 'rss.txt');
  const timeFile = path.join(TMP, 'time.txt');
  fs.rmSync(rssFile, { force: true });
  fs.rmSync(timeFile, { force: true });
  const childEnv = { ...process.env, ...env };
  let file = command[0];
  let args = command.slice(1);
  if (TIME) {
    file = TIME;
    args = ['-f', '%e %M %U %S', '-o', timeFile, ...command];
  } else {
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ''} --require ${path.join(BENCH_DIR, 'rss-probe.cjs')}`.trim();
    childEnv.BENCH_RSS_FILE = rssFile;
  }
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  let rssKb = Number.NaN;
  let cpuMs = Number.NaN;
  if (TIME && fs.existsSync(timeFile)) {
    const [, rss, user, sys] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    rssKb = rss;
    cpuMs = (user + sys) * 1000;
  } else if (fs.existsSync(rssFile)) {
    const rows = fs.readFileSync(rssFile, 'utf8').trim().split('\n').map((line) => line.split(' ').map(Number));
    rssKb = Math.max(...rows.map(([rss]) => rss));
    cpuMs = rows.reduce((sum, [, us]) => sum + us / 1000, 0);
  }
  if (result.error) throw result.error;
  return { wallMs, rssKb, cpuMs, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tail(text, lines = 12) {
  return (text ?? '').trim().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------- builds

/** Copies the repository's sources (vendored crds/ included) into $TMP/app and builds there. */
async function snapshotAndBuild() {
  const skip = new Set(['node_modules', '.git', 'dist', 'build', '.cdk8s.out', 'coverage', '.cache', 'conformance']);
  fs.mkdirSync(APP, { recursive: true });
  for (const entry of fs.readdirSync(REPO, { withFileTypes: true })) {
    if (skip.has(entry.name) || /^dist\.(staging|previous)-/.test(entry.name)) continue;
    fs.cpSync(path.join(REPO, entry.name), path.join(APP, entry.name), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(APP, 'node_modules'), 'dir');
  if (QUICK) {
    // The schema gate's validators depend only on crds/, their build script and the lock file, which
    // the snapshot copies byte for byte: quick mode takes the repository's (brought up to date first)
    // instead of compiling them again (~9 s). Copied after the inputs, so the snapshot sees them as fresh.
    await ensureSchemaGate();
    fs.cpSync(path.join(REPO, 'build/schema-gate'), path.join(APP, 'build/schema-gate'), { recursive: true });
  }
  const r = spawnSync(NODE, [path.join(APP, 'scripts/build.mjs')], { cwd: APP, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(MAIN_JS)) throw new Error('scripts/build.mjs failed on the snapshot');
  const common = {
    absWorkingDir: APP, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    sourcemap: false, logLevel: 'error', legalComments: 'none',
  };
  await build({ ...common, entryPoints: ['bench/generate.ts'], outfile: path.join(BENCH_BUILD, 'generate.js') });
  // kubernetes-models is required by computed path at run time: left to node's resolution from build/.
  await build({ ...common, entryPoints: ['bench/schema-check.ts'], outfile: path.join(BENCH_BUILD, 'schema-check.js') });
}

/**
 * The previous implementation: `git archive PREVIOUS_REV` bundled like the app. Undefined (and the
 * previous runner skipped, with a log line) when the revision is not in this clone, e.g. a shallow CI checkout.
 */
async function buildPrevious() {
  const dir = path.join(TMP, 'previous');
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('sh', ['-c', `git -C ${shq(REPO)} archive ${shq(PREVIOUS_REV)} | tar -x -C ${shq(dir)}`], { encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(path.join(dir, 'main.ts'))) {
    log(`bench: previous implementation ${PREVIOUS_REV} not available (${tail(r.stderr, 1)}); its ratio is left out`);
    return undefined;
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const outfile = path.join(dir, 'build/main.js');
  await build({ absWorkingDir: dir, entryPoints: ['main.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', legalComments: 'none' });
  return outfile;
}

// ---------------------------------------------------------------- runners

/** The compiler itself: the esbuild bundle run by node. */
function oursRunner(args, { outDir, label } = {}) {
  return {
    key: 'ours',
    label: label ?? `node build/main.js ${show(args)}`,
    command: [NODE, MAIN_JS, ...args],
    outDir,
  };
}

/** The stock pipeline: `cdk8s synth` (cdk8s-cli) with a cdk8s.yaml whose app is ts-node on main.ts. */
function cdk8sRunner(key, id, appArgs, { transpileOnly = false, bundle = false } = {}) {
  const dir = tmp('cdk8s', `${id}-${key}`);
  const out = path.join(dir, 'out');
  // `bundle`: the repository's own cdk8s.yaml app, scripts/cli.mjs (up-to-date check, then the bundle in-process).
  const app = bundle
    ? [NODE, path.join(APP, 'scripts/cli.mjs'), ...appArgs, '--out', out]
    : [TS_NODE, ...(transpileOnly ? ['--transpile-only'] : []), path.join(APP, 'main.ts'), ...appArgs, '--out', out];
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `${JSON.stringify({ language: 'typescript', app: app.map(shq).join(' '), output: out }, null, 2)}\n`);
  const shown = bundle ? `node scripts/cli.mjs ${show(appArgs)}` : `ts-node${transpileOnly ? ' --transpile-only' : ''} main.ts ${show(appArgs)}`;
  return {
    key,
    label: `cdk8s synth → ${shown} --out $OUT`,
    command: [NODE, CDK8S, 'synth', '--no-check-upgrade'],
    cwd: dir,
    outDir: out,
  };
}

/** A non-synth command under ts-node (the stock way to run a TypeScript tool without a build). */
function tsNodeRunner(script, args) {
  return {
    key: 'stock',
    label: `ts-node ${script} ${show(args)}`.trim(),
    command: [NODE, TS_NODE, path.join(APP, script), ...args],
  };
}

// ---------------------------------------------------------------- cases

function synthArgs(selection, out) {
  return ['synth', ...selection, '--out', out];
}

function synthCase(id, title, selection, { stock = true, extras = false } = {}) {
  const out = path.join(tmp('ours', id), 'out');
  const runners = [oursRunner(synthArgs(selection, out), { outDir: out, label: `node build/main.js synth ${show(selection)} --out $OUT`.replace('  ', ' ') })];
  if (stock && STOCK) runners.push(cdk8sRunner('stock', id, ['synth', ...selection]));
  if (extras) {
    // `npm run synth`'s entry: rebuilds the bundle when a source changed (here it is fresh), then runs it.
    const entryOut = path.join(tmp('ours', `${id}-entry`), 'out');
    runners.push({
      key: 'npm-run-synth-entry',
      label: `node scripts/cli.mjs synth ${show(selection)} --out $OUT`,
      command: [NODE, path.join(APP, 'scripts/cli.mjs'), ...synthArgs(selection, entryOut)],
      outDir: entryOut,
    });
  }
  if (extras && STOCK) {
    runners.push(cdk8sRunner('cdk8s+bundle', id, ['synth', ...selection], { bundle: true }));
    runners.push(cdk8sRunner('cdk8s+ts-node-transpile-only', id, ['synth', ...selection], { transpileOnly: true }));
  }
  return { id, title, kind: 'synth', runners };
}

/** Ages a rendered tree so diff/plan have real changes to explain: every 4th image and HPA floor. */
function ageTree(dir) {
  let n = 0;
  for (const file of walkFiles(dir).filter((f) => f.endsWith('.yaml'))) {
    const text = fs.readFileSync(file, 'utf8');
    const aged = text
      .replace(/^(\s+image: )(\S+?)(:[\w.-]+)?$/gm, (m, pre, repo, tag) => (n++ % 4 === 0 ? `${pre}${repo}${tag ?? ''}-previous` : m))
      .replace(/^(\s+minReplicas: )(\d+)$/gm, (m, pre, v) => (n++ % 4 === 0 ? `${pre}${Number(v) + 1}` : m));
    fs.writeFileSync(file, aged);
  }
}

/** Review commands from the CLI's own usage text, so new ones join the bench as they land. */
function discoverCommands() {
  const r = spawnSync(NODE, [MAIN_JS], { cwd: TMP, encoding: 'utf8' });
  const usage = `${r.stdout}\n${r.stderr}`;
  const commands = [];
  let inCommands = false;
  for (const line of usage.split('\n')) {
    if (/^\s*commands:\s*$/.test(line)) {
      inCommands = true;
      continue;
    }
    if (inCommands) {
      const m = /^\s{2}([a-z][\w-]*)\s{2,}/.exec(line);
      if (m) commands.push(m[1]);
      else if (line.trim() === '' && commands.length > 0) break;
    }
  }
  if (commands.length === 0) throw new Error(`could not read the command list from the CLI usage:\n${tail(usage)}`);
  return commands;
}

/**
 * Arguments for a review command: known shapes first (validate takes none; diff and plan compare
 * against --base), then, for commands the bench does not know yet, the first shape that exits 0.
 */
function reviewArgs(command, selection, baseDir, hints) {
  const known = {
    validate: [[]],
    diff: [['--base', baseDir]],
    plan: [['--base', baseDir]],
    simulate: [['--service', hints.service, '--load', hints.load]],
  };
  // Quick mode runs every measured command once anyway: a known single shape is taken without a trial
  // run (a command that fails then fails its case instead of being listed as skipped).
  if (QUICK && known[command]?.length === 1) return { args: [command, ...selection, ...known[command][0]] };
  const candidates = known[command] ?? [[], ['--base', baseDir], ['--out', path.join(tmp('scratch'), command)]];
  let last;
  for (const extra of candidates) {
    const args = [command, ...selection, ...extra];
    last = spawnSync(NODE, [MAIN_JS, ...args], { cwd: tmp('scratch'), encoding: 'utf8', maxBuffer: 1 << 28 });
    if (last.status === 0) return { args };
  }
  return { skipped: `exit ${last.status}: ${tail(last.stderr || last.stdout, 3)}` };
}

/** Renders `selection` into a base folder, then ages it (the "committed dist/" diff/plan compare against). */
function prepareBase(name, selection) {
  const base = path.join(tmp('bases'), name);
  const r = spawnSync(NODE, [MAIN_JS, 'synth', ...selection, '--out', base], { cwd: TMP, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`synth for the ${name} base failed:\n${tail(r.stderr)}`);
  ageTree(base);
  return base;
}

function reviewCases(commands, label, selection, idSuffix, objectsFrom, hints) {
  const base = prepareBase(idSuffix, selection);
  const cases = [];
  const skipped = [];
  for (const command of commands.filter((c) => c !== 'synth')) {
    const id = `review-${command}-${idSuffix}`;
    if (ONLY && !ONLY.test(id)) continue;
    const found = reviewArgs(command, selection, base, hints);
    if (found.skipped) {
      skipped.push({ command, on: label, reason: found.skipped });
      continue;
    }
    const runners = [oursRunner(found.args)];
    if (STOCK) runners.push(tsNodeRunner('main.ts', found.args));
    cases.push({ id, title: `${command} — ${label}`, kind: 'review', runners, objectsFrom });
  }
  return { cases, skipped, base };
}

/**
 * diff and plan of two rendered trees (`--head DIR --base DIR`, what scripts/ci-plan.sh runs): the
 * review alone, without the render. Measured against the previous implementation (same arguments,
 * its output must be byte-identical) and the stock way, bench/naive-review.mjs.
 */
function headReviewCases(label, selection, idSuffix, base, objectsFrom, previousMain) {
  const head = path.join(tmp('heads'), idSuffix);
  const r = spawnSync(NODE, [MAIN_JS, 'synth', ...selection, '--out', head], { cwd: TMP, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`synth for the ${idSuffix} head failed:\n${tail(r.stderr)}`);
  const shapes = [['diff'], ['plan'], ['plan', '--format', 'markdown']];
  return shapes.map((shape) => {
    const id = `review-head-${shape.filter((a) => !a.startsWith('--')).join('-')}-${idSuffix}`;
    const args = [...shape, '--head', head, '--base', base];
    const runners = [oursRunner(args)];
    if (previousMain) runners.push({ key: 'previous', label: `previous (${PREVIOUS_REV}): node build/main.js ${show(args)}`, command: [NODE, previousMain, ...args] });
    if (STOCK) runners.push({ key: 'naive', label: `node bench/naive-review.mjs ${show([head, base])}`, command: [NODE, path.join(APP, 'bench/naive-review.mjs'), head, base] });
    return { id, title: `${shape.join(' ')} --head --base — ${label}`, kind: 'review-head', runners, objectsFrom };
  }).filter((c) => !ONLY || ONLY.test(c.id));
}

/**
 * `validate --tree DIR` on a fresh render of `selection` (issue 14: ≤ 1 s for every platform's
 * render). Ours runs the lean bundle main.js hands it to; stock is ts-node on main.ts (type-checks
 * the whole app, then the full CLI). There is no previous implementation to compare with.
 */
function treeValidateCase(id, title, selection) {
  const dir = path.join(tmp('trees'), id);
  const r = spawnSync(NODE, [MAIN_JS, 'synth', ...selection, '--out', dir], { cwd: TMP, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`synth for the ${id} tree failed:\n${tail(r.stderr)}`);
  const args = ['validate', '--tree', dir];
  const runners = [oursRunner(args)];
  if (STOCK) runners.push(tsNodeRunner('main.ts', args));
  return { id, title, kind: 'review', runners, objects: inspectTree(dir).objects };
}

function schemaCase(id, title, selection) {
  const runners = [{
    key: 'ours',
    label: `node build/bench/schema-check.js ${show(selection)}`.trim(),
    command: [NODE, path.join(BENCH_BUILD, 'schema-check.js'), ...selection],
  }];
  if (STOCK) runners.push(tsNodeRunner('bench/schema-check.ts', selection));
  return { id, title, kind: 'schema', runners };
}

// ---------------------------------------------------------------- synthetic platforms

function generateSpec(services, name) {
  const file = path.join(tmp('specs'), `${name}.json`);
  const r = spawnSync(NODE, [path.join(BENCH_BUILD, 'generate.js'), String(services), file, name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generate failed:\n${r.stderr}`);
  return file;
}

function objectsOf(specFile) {
  const out = path.join(tmp('calibrate'), path.basename(specFile, '.json'));
  const r = spawnSync(NODE, [MAIN_JS, 'synth', '--spec', specFile, '--out', out], { cwd: TMP, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`synth --spec ${specFile} failed (is the generated spec still valid?):\n${tail(r.stderr)}`);
  const { objects } = inspectTree(out);
  fs.rmSync(out, { recursive: true, force: true });
  return objects;
}

/**
 * Objects per service and fixed objects, from two small renders: the generator stays right when
 * new features add objects per service or per cluster.
 */
function calibrate() {
  const [s0, s1] = [10, 40];
  const c0 = objectsOf(generateSpec(s0, 'calibrate-a'));
  const c1 = objectsOf(generateSpec(s1, 'calibrate-b'));
  const perService = (c1 - c0) / (s1 - s0);
  return { perService, fixed: c0 - perService * s0 };
}

// ---------------------------------------------------------------- execution

function runCase(c) {
  const results = {};
  for (const runner of c.runners) results[runner.key] = { label: runner.label, runs: [] };
  const isStock = (r) => r.key !== 'ours';
  // A case may run fewer times than the config (the 100k peak-RSS case: ~1.4 GB and half a minute a run).
  const warmups = (r) => c.warmup ?? (isStock(r) ? config.stockWarmup : config.warmup);
  const runsOf = (r) => c.runs ?? (isStock(r) ? config.stockRuns : config.runs);
  const total = Math.max(...c.runners.map((r) => warmups(r) + runsOf(r)));
  log(`\n▶ ${c.id}: ${c.title}`);
  // Interleaved (ours, stock, ours, stock, …) so background load drifts hit both sides alike.
  for (let i = 0; i < total; i++) {
    for (const runner of c.runners) {
      const k = i - (total - warmups(runner) - runsOf(runner));
      if (k < 0) continue; // this runner needs fewer iterations: it starts later
      if (runner.outDir) fs.rmSync(runner.outDir, { recursive: true, force: true });
      const m = measure(runner.command, { cwd: runner.cwd ?? TMP });
      const warm = k < warmups(runner);
      if (m.status !== 0) {
        results[runner.key].error = `exit ${m.status}: ${runner.label}\n${tail(m.stderr || m.stdout)}`;
        log(`  ✗ ${runner.key} failed (exit ${m.status})\n${tail(m.stderr || m.stdout)}`);
        return { ...c, results, failed: true };
      }
      if (!warm) results[runner.key].runs.push({ wallMs: m.wallMs, cpuMs: m.cpuMs, rssKb: m.rssKb });
      results[runner.key].stdoutSha256 = crypto.createHash('sha256').update(m.stdout).digest('hex');
      if (runner.key === 'ours' && c.kind === 'schema') {
        const s = /schema: (\d+) objects/.exec(m.stdout);
        if (s) c.objects = Number(s[1]);
      }
      log(`  ${warm ? 'warm-up' : `run ${k - warmups(runner) + 1}`.padEnd(7)} ${runner.key.padEnd(30)} ${(m.wallMs / 1000).toFixed(2).padStart(7)} s ${(m.rssKb / 1024).toFixed(0).padStart(5)} MB  (CPU ${(m.cpuMs / 1000).toFixed(2)} s)`);
    }
  }
  for (const runner of c.runners) {
    const r = results[runner.key];
    r.wall = stats(r.runs.map((x) => x.wallMs / 1000));
    r.rss = stats(r.runs.map((x) => x.rssKb / 1024));
    r.cpu = stats(r.runs.map((x) => x.cpuMs / 1000));
    if (runner.outDir) r.output = inspectTree(runner.outDir);
  }
  for (const runner of c.runners) {
    const r = results[runner.key];
    if (runner.key !== 'ours' && r.output) r.sameBytesAsOurs = r.output.sha256 === results.ours.output.sha256;
    if (r.sameBytesAsOurs === false) log(`  ✗ ${runner.key} rendered different bytes from ours`);
  }
  if (c.kind === 'synth') c.objects = results.ours.output.objects;
  const stock = results.stock;
  const ratio = stock ? stock.wall.median / results.ours.wall.median : undefined;
  if (c.kind === 'review-head') {
    // Against the previous implementation (its stdout must be the same bytes) and the naive deep compare.
    const of = (key) => (results[key] ? results[key].wall.median / results.ours.wall.median : undefined);
    c.ratios = { previous: of('previous'), naive: of('naive') };
    if (results.previous) {
      c.identicalToPrevious = results.previous.stdoutSha256 === results.ours.stdoutSha256;
      if (!c.identicalToPrevious) log('  ✗ ours printed different bytes from the previous implementation');
    }
    log(`  = ours ${results.ours.wall.median.toFixed(2)} s (CPU ${results.ours.cpu.median.toFixed(2)} s)` +
      `${c.ratios.previous ? `, previous ×${c.ratios.previous.toFixed(1)}` : ''}${c.ratios.naive ? `, naive ×${c.ratios.naive.toFixed(1)}` : ''}`);
  }
  // Synth: the two output trees; review commands: what they print (the schema check prints its own timing).
  const identical = stock?.output ? stock.output.sha256 === results.ours.output.sha256
    : stock && c.kind === 'review' ? stock.stdoutSha256 === results.ours.stdoutSha256 : undefined;
  log(`  = ${c.objects ?? '-'} objects; ours ${results.ours.wall.median.toFixed(2)} s${ratio ? `, stock ${stock.wall.median.toFixed(2)} s, ×${ratio.toFixed(1)}` : ''}`);
  return { ...c, results, ratio, identical };
}

/** One `node --cpu-prof` run of a script, summarized (bench/profile-summary.mjs). */
function profileRun(id, script, args) {
  const dir = tmp('profiles', id);
  const r = spawnSync(NODE, ['--cpu-prof', '--cpu-prof-dir', dir, script, ...args], { cwd: TMP, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`profiling ${id} failed:\n${tail(r.stderr)}`);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return { id, command: `node --cpu-prof ${rel(script)} ${show(args)}`.trim(), ...summarizeProfile(path.join(dir, file), 12) };
}


function machine() {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (pretty) osName = `${pretty[1]} (${os.type()} ${os.release()}, ${os.arch()})`;
  } catch { /* not Linux */ }
  const version = (pkg) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const git = (args) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() || '?';
  return {
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: osName,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    versions: Object.fromEntries(['cdk8s', 'cdk8s-cli', 'cdk8s-plus-28', 'constructs', 'js-yaml', 'ts-node', 'typescript', 'esbuild'].map((p) => [p, version(p)])),
    commit: git(['rev-parse', '--short', 'HEAD']),
    uncommittedChanges: git(['status', '--porcelain']) !== '' && git(['status', '--porcelain']) !== '?',
    rssMethod: TIME ? "GNU time -f '%e %M %U %S' (RSS: the largest process of the tree)" : 'process.resourceUsage() of every node process (bench/rss-probe.cjs; RSS: the largest one)',
  };
}

// ---------------------------------------------------------------- main

async function main() {
  if (flag('--render-report')) {
    // Re-renders REPORT.md from results.json, e.g. after editing NOTES.md; measures nothing.
    const saved = JSON.parse(fs.readFileSync(path.join(BENCH_DIR, 'results.json'), 'utf8'));
    const summary = withTargets(saved, saved.mode === 'full');
    fs.writeFileSync(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(BENCH_DIR, 'REPORT.md'), renderReport(summary));
    log('bench: re-rendered bench/REPORT.md from bench/results.json');
    return 0;
  }
  const started = Date.now();
  const date = new Date().toISOString();
  log(`bench: ${config.mode} mode; ${config.warmup} warm-up + ${config.runs} runs (stock ${config.stockWarmup} + ${config.stockRuns}); temp ${TMP}`);
  if (!TIME) log('bench: /usr/bin/time not found; measuring peak RSS with bench/rss-probe.cjs');
  await snapshotAndBuild();
  // --no-stock (CI's quick check) also leaves out the previous implementation: only ours must work.
  const previousMain = STOCK ? await buildPrevious() : undefined;
  const info = machine();

  const commands = discoverCommands();
  const cases = [];
  const selectDefault = ['--platform', DEFAULT_PLATFORM];
  cases.push(synthCase('synth-default', `synth, default platform (${DEFAULT_PLATFORM})`, selectDefault, { extras: config.extras }));
  cases.push(synthCase('synth-all', 'synth, every platform in the repo', []));
  cases.push(schemaCase('schema-all', 'schema validation of the render (every platform, every object)', []));
  // simulate: the default platform's API under a 1M req/s peak (seed 000), and a synthetic service's busy hour.
  const review = reviewCases(commands, 'every platform', [], 'all', 'synth-all', { service: 'api', load: '0:300000,600:1000000,2400:200000' });
  cases.push(...review.cases);
  cases.push(treeValidateCase('validate-tree-all', 'validate --tree: a rendered tree of every platform, read back from disk (schemas, CEL, cross-object rules)', []));

  const calibration = calibrate();
  log(`bench: synthetic calibration: ${calibration.perService.toFixed(2)} objects per service + ${calibration.fixed.toFixed(1)} fixed`);
  const servicesFor = (objects) => Math.max(1, Math.round((objects - calibration.fixed) / calibration.perService));
  const synthetic = [];
  if (config.tinyBaseline) {
    const spec = generateSpec(1, 'bench-tiny');
    synthetic.push({ ...synthCase('synthetic-tiny', 'synth, synthetic platform, 1 service (start-up baseline)', ['--spec', spec], { stock: false }), target: 0, services: 1, spec });
  }
  config.sizes.forEach((size, i) => {
    const services = servicesFor(size);
    const label = size >= 1000 ? `${size / 1000}k` : String(size);
    const spec = generateSpec(services, `bench-${label}`);
    synthetic.push({ ...synthCase(`synthetic-${label}`, `synth, synthetic platform of ~${label} objects (${services} services)`, ['--spec', spec]), target: size, services, spec, first: i === 0 });
  });
  cases.push(...synthetic);
  const largest = synthetic.at(-1);
  if (config.rssObjects > 0) {
    // Peak memory at a size well past the largest timed case; not part of the scaling fit (its id is not synthetic-*).
    const services = servicesFor(config.rssObjects);
    const label = `${config.rssObjects / 1000}k`;
    const spec = generateSpec(services, `bench-rss-${label}`);
    cases.push({ ...synthCase(`rss-${label}`, `peak RSS: synth of a synthetic platform of ~${label} objects (${services} services)`, ['--spec', spec], { stock: false }), warmup: 0, runs: 2 });
  }
  const reviewLarge = reviewCases(commands, `synthetic ~${largest.id.replace('synthetic-', '')} objects`, ['--spec', largest.spec], largest.id, largest.id, { service: 'svc-00000', load: '0:600,600:12000,2400:1000' });
  cases.push(...reviewLarge.cases);
  cases.push(...headReviewCases(`synthetic ~${largest.id.replace('synthetic-', '')} objects`, ['--spec', largest.spec], largest.id, reviewLarge.base, largest.id, previousMain));
  // Quick mode checks that the stock pipeline still runs, once, on two cases; ts-node costs ~10 s a run.
  if (QUICK) {
    for (const c of cases) if (c.id !== 'synth-default' && !c.first && c.kind !== 'review-head') c.runners = c.runners.filter((r) => r.key === 'ours');
  }

  const results = [];
  for (const c of cases) {
    if (ONLY && !ONLY.test(c.id)) continue;
    results.push(runCase(c));
  }
  const failed = results.filter((r) => r.failed);

  const profiles = [];
  if (config.profile && failed.length === 0 && !ONLY) {
    log('\nbench: profiling (node --cpu-prof)');
    profiles.push(profileRun('synth-default', MAIN_JS, ['synth', ...selectDefault, '--out', path.join(tmp('profiles'), 'out-default')]));
    profiles.push(profileRun('schema-all', path.join(BENCH_BUILD, 'schema-check.js'), []));
    profiles.push(profileRun(largest.id, MAIN_JS, ['synth', '--spec', largest.spec, '--out', path.join(tmp('profiles'), 'out-largest')]));
    // The slowest review command on the largest platform.
    const slowest = results.filter((r) => r.kind === 'review' && r.id.endsWith(largest.id)).sort((a, b) => b.results.ours.wall.median - a.results.ours.wall.median)[0];
    if (slowest) profiles.push(profileRun(slowest.id, MAIN_JS, cases.find((c) => c.id === slowest.id).runners[0].command.slice(2)));
  }

  const totalSeconds = (Date.now() - started) / 1000;
  info.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const summary = summarize({ date, info, results, profiles, calibration, skipped: [...review.skipped, ...reviewLarge.skipped], commands, totalSeconds });
  process.stdout.write(`${renderTables(summary)}\n`);
  if (failed.length > 0) {
    log(`\nbench: ${failed.length} case(s) failed: ${failed.map((f) => f.id).join(', ')}; no report written`);
    return 1;
  }
  if (REPORT_DIR) {
    fs.mkdirSync(REPORT_DIR, { recursive: true });
    fs.writeFileSync(path.join(REPORT_DIR, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(REPORT_DIR, 'REPORT.md'), renderReport(summary));
    log(`\nbench: wrote ${rel(path.join(REPORT_DIR, 'REPORT.md'))} and results.json in ${totalSeconds.toFixed(0)} s`);
  } else {
    log(`\nbench: ${config.mode} mode${ONLY || !STOCK ? ' (partial)' : ''}: no report written; ${totalSeconds.toFixed(0)} s`);
  }
  return 0;
}

// ---------------------------------------------------------------- summary and report

function summarize({ date, info, results, profiles, calibration, skipped, commands, totalSeconds }) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  for (const r of results) if (r.objectsFrom && r.objects === undefined) r.objects = byId[r.objectsFrom]?.objects;
  const cases = results.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    objects: r.objects,
    ratio: r.ratio,
    identicalOutput: r.identical,
    ...(r.ratios ? { ratios: r.ratios, identicalToPrevious: r.identicalToPrevious } : {}),
    failed: r.failed ?? false,
    runners: Object.fromEntries(Object.entries(r.results).map(([k, { stdoutSha256, ...v }]) => [k, v])),
  }));
  const summary = { date, mode: config.mode, config, machine: info, totalSeconds: Math.round(totalSeconds), commands, skippedCommands: skipped, calibration, cases, profiles };
  return withTargets(summary, config.mode === 'full' && !ONLY);
}

main().then((code) => {
  cleanup();
  process.exitCode = code;
}, (error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  cleanup();
  process.exitCode = 1;
});
