// The report half of the benchmark: target verdicts, the fitted scaling exponent and
// bench/REPORT.md, computed from the measured cases alone (so `--render-report` can redo them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PLATFORM = 'hyperscale';

/** Least-squares slope of ln(y) against ln(x). */
function logLogSlope(points) {
  const pts = points.filter(([x, y]) => x > 0 && y > 0).map(([x, y]) => [Math.log(x), Math.log(y)]);
  if (pts.length < 2) return undefined;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  return sxy / sxx;
}

/** Scaling fit and target verdicts, from the cases alone (so --render-report can recompute them). */
export function withTargets(summary, judge) {
  const byId = Object.fromEntries(summary.cases.map((c) => [c.id, c]));
  const ours = (id) => byId[id]?.runners?.ours;
  const sized = summary.cases.filter((c) => /^synthetic-\d/.test(c.id) && !c.failed);
  const points = sized.map((c) => [c.objects, c.runners.ours.wall.median]);
  const stockPoints = sized.filter((c) => c.runners.stock).map((c) => [c.objects, c.runners.stock.wall.median]);
  const tiny = ours('synthetic-tiny')?.wall?.median;
  const scaling = {
    points: points.map(([objects, seconds]) => ({ objects, seconds })),
    exponent: logLogSlope(points),
    marginalExponent: tiny !== undefined ? logLogSlope(points.map(([x, y]) => [x, y - tiny])) : undefined,
    startupSeconds: tiny,
    stockExponent: logLogSlope(stockPoints),
  };
  const targets = [];
  if (judge) {
    const synth = ours('synth-default')?.wall?.median;
    if (synth !== undefined) {
      targets.push({
        target: 'default platform synth including validation ≤ 1.0 s (median)',
        measured: `\`synth --platform ${DEFAULT_PLATFORM}\` (validates the spec, renders, writes): ${synth.toFixed(2)} s`,
        pass: synth <= 1.0,
      });
    }
    // Issue 10: the render gate (every object against its upstream schema) runs inside synth.
    const all = byId['synth-all'];
    if (all && !all.failed) {
      const o = all.runners.ours;
      targets.push({
        target: 'synth of every platform, the render gate included ≤ 1.0 s (median)',
        measured: `\`synth\` (every platform: validate, render, gate, write): ${o.wall.median.toFixed(2)} s for ${all.objects} objects (CPU ${o.cpu.median.toFixed(2)} s)`,
        pass: o.wall.median <= 1.0,
      });
    }
    const tree = byId['validate-tree-all'];
    if (tree && !tree.failed) {
      const o = tree.runners.ours;
      targets.push({
        target: "validate --tree of every platform's render ≤ 1.0 s (median)",
        measured: `${o.wall.median.toFixed(2)} s for ${tree.objects} objects (CPU ${o.cpu.median.toFixed(2)} s)${tree.ratio !== undefined ? `; stock ts-node ${tree.runners.stock.wall.median.toFixed(2)} s, ×${tree.ratio.toFixed(1)}` : ''}`,
        pass: o.wall.median <= 1.0,
      });
    }
    const ratios = summary.cases.filter((c) => c.ratio !== undefined);
    const def = byId['synth-default'];
    if (def?.ratio !== undefined) {
      targets.push({
        target: '≥ 5× faster than the stock ts-node pipeline on the same app: the default platform\'s synth',
        measured: `×${def.ratio.toFixed(1)} (${def.runners.stock.wall.median.toFixed(2)} s ÷ ${def.runners.ours.wall.median.toFixed(2)} s)`,
        pass: def.ratio >= 5,
      });
    }
    if (ratios.length > 0) {
      const below = ratios.filter((c) => c.ratio < 5);
      targets.push({
        target: '… and on every case compared',
        measured: below.length === 0
          ? `every case ≥ ×5; lowest ×${Math.min(...ratios.map((c) => c.ratio)).toFixed(1)}`
          : `${ratios.length - below.length} of ${ratios.length} cases ≥ ×5; below: ${below.map((c) => `${c.id} ×${c.ratio.toFixed(1)}`).join(', ')}`,
        pass: below.length === 0,
      });
    }
    const big = byId['synthetic-20k'];
    if (big && !big.failed) {
      const o = big.runners.ours;
      targets.push({
        target: '20k objects ≤ 8 s (median)',
        measured: `${o.wall.median.toFixed(2)} s for ${big.objects} objects (CPU ${o.cpu.median.toFixed(2)} s)`,
        pass: o.wall.median <= 8,
      });
      targets.push({
        target: 'peak RSS ≤ 400 MB at 20k objects',
        measured: `${o.rss.max.toFixed(0)} MB max (median ${o.rss.median.toFixed(0)} MB)`,
        pass: o.rss.max <= 400,
      });
    }
    // Issue 14, item 5: the review of two rendered trees (diff and plan --head --base), at the largest size.
    for (const c of summary.cases.filter((x) => x.kind === 'review-head' && !x.failed && x.objects >= 15000)) {
      const o = c.runners.ours;
      const r = c.ratios ?? {};
      targets.push({
        target: `${c.id.replace(/^review-head-/, '').replace(/-synthetic-.*$/, '').replace(/-/g, ' ')} of a ${Math.round(c.objects / 1000)}k-object render ≤ 3 s (median)`,
        measured: `${o.wall.median.toFixed(2)} s (CPU ${o.cpu.median.toFixed(2)} s); previous implementation ${r.previous ? `×${r.previous.toFixed(1)}` : 'not measured'}` +
          `${c.identicalToPrevious === undefined ? '' : c.identicalToPrevious ? ', same output' : ', **different output**'}; naive js-yaml deep compare ${r.naive ? `×${r.naive.toFixed(1)}` : 'not measured'}`,
        pass: o.wall.median <= 3 && c.identicalToPrevious !== false,
      });
    }
    const rssCase = summary.cases.find((c) => /^rss-\d+k$/.test(c.id) && !c.failed);
    if (rssCase) {
      const o = rssCase.runners.ours;
      targets.push({
        target: `peak RSS reported at ${rssCase.id.slice(4)} objects (about 1.4 GB before issue 9)`,
        measured: `${o.rss.max.toFixed(0)} MB max (median ${o.rss.median.toFixed(0)} MB) for ${rssCase.objects} objects; wall ${o.wall.median.toFixed(2)} s`,
        pass: true,
      });
    }
    if (scaling.exponent !== undefined) {
      targets.push({
        target: 'cost growth linear (fitted exponent of time against objects)',
        measured: `exponent ${scaling.exponent.toFixed(2)} (log-log least squares over ${points.length} sizes)${scaling.marginalExponent !== undefined ? `; ${scaling.marginalExponent.toFixed(2)} after subtracting the ${tiny.toFixed(2)} s start-up` : ''}`,
        pass: scaling.exponent <= 1.1 && (scaling.marginalExponent === undefined || scaling.marginalExponent <= 1.15),
      });
    }
  }
  return { ...summary, scaling, targets };
}

const f2 = (x) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(2));
const f0 = (x) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(0));
const span = (s, fmt) => (s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '—');

function casesTable(summary) {
  const rows = [
    '| case | objects | ours: wall s, median (min–max) | ours: CPU s | ours: peak RSS MB | stock: wall s | stock: CPU s | stock: peak RSS MB | stock ÷ ours (wall) | same bytes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const c of summary.cases) {
    const ours = c.runners.ours;
    const stock = c.runners.stock;
    rows.push(`| ${c.id} | ${c.objects ?? '—'} | ${span(ours?.wall, f2)} | ${f2(ours?.cpu?.median)} | ${span(ours?.rss, f0)} | ${span(stock?.wall, f2)} | ${f2(stock?.cpu?.median)} | ${span(stock?.rss, f0)} | ${c.ratio ? `×${c.ratio.toFixed(1)}` : '—'} | ${c.identicalOutput === undefined ? '—' : c.identicalOutput ? 'yes' : '**no**'} |`);
  }
  return rows.join('\n');
}

export function renderTables(summary) {
  const lines = ['', casesTable(summary)];
  if (summary.targets.length > 0) {
    lines.push('', '| target | measured | |', '|---|---|---|');
    for (const t of summary.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.pass ? 'pass' : '**MISS**'} |`);
  }
  if (summary.scaling.exponent !== undefined) lines.push('', `scaling exponent: ${f2(summary.scaling.exponent)} (marginal ${f2(summary.scaling.marginalExponent)}; stock ${f2(summary.scaling.stockExponent)})`);
  lines.push('', `total bench wall time: ${summary.totalSeconds} s (${summary.mode} mode)`);
  return lines.join('\n');
}

export function renderReport(s) {
  const m = s.machine;
  const def = s.cases.find((c) => c.id === 'synth-default');
  const out = [];
  out.push('# Benchmark report: synth and review tools against the stock cdk8s pipeline (issue 6)');
  out.push('');
  out.push('Generated by `npm run bench` (bench/run.mjs); do not edit by hand: the findings and fixes come from');
  out.push('[bench/NOTES.md](NOTES.md), included at the end. Raw numbers: [bench/results.json](results.json).');
  out.push('');
  out.push(`- **Date:** ${s.date}`);
  out.push(`- **Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory; ${m.os}; Node ${m.node}`);
  out.push(`- **Load average** (1/5/15 min) at start ${m.loadAverageAtStart.join(' / ')}, at end ${m.loadAverageAtEnd.join(' / ')}${m.loadAverageAtStart[0] > m.cores ? ' — other work was running; absolute times are pessimistic, ratios are interleaved run by run' : ''}`);
  out.push(`- **Code:** commit ${m.commit}${m.uncommittedChanges ? ' plus uncommitted changes in the working tree' : ''}; ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  out.push(`- **Method:** every case ${s.config.warmup} warm-up + ${s.config.runs} measured runs of each side, interleaved; wall time around the child process; CPU time (user + system of the whole process tree) and peak RSS by ${m.rssMethod}.`);
  out.push(`- **Total bench wall time:** ${s.totalSeconds} s (full mode); \`npm run bench -- --quick\` runs the same commands fewer times on small platforms and writes nothing.`);
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push('| target | measured | result |');
  out.push('|---|---|---|');
  for (const t of s.targets) out.push(`| ${t.target} | ${t.measured} | ${t.pass ? 'pass' : '**MISS**'} |`);
  out.push('');
  out.push('## Results');
  out.push('');
  out.push('*ours* is the compiler as shipped: `node build/main.js <command>` (esbuild bundle, scripts/build.mjs).');
  out.push('*stock* is the same app through the stock cdk8s pipeline: `cdk8s synth` (cdk8s-cli) with a `cdk8s.yaml` whose');
  out.push('app is `ts-node main.ts synth …` (type-checking, as `cdk8s init` sets it up; the ts-node binary is called directly,');
  out.push('which spares the stock side npx\'s start-up). Commands that do not synthesize run as `ts-node main.ts <command> …`,');
  out.push('and the schema check as `ts-node bench/schema-check.ts`. "same bytes" compares the two output trees (synth) or what');
  out.push('the two print (review commands). Both sides run one snapshot of the working tree, copied when the bench starts.');
  out.push('');
  out.push(casesTable(s));
  out.push('');
  out.push('Commands measured:');
  out.push('');
  for (const c of s.cases) {
    for (const [key, r] of Object.entries(c.runners)) out.push(`- \`${c.id}\` ${key}: \`${r.label.replace(/\s+$/, '')}\``);
  }
  if (def && Object.keys(def.runners).length > 2) {
    out.push('');
    out.push('### The default platform through every entry point');
    out.push('');
    out.push('Where the stock pipeline\'s time goes: the cdk8s CLI\'s own start-up (`cdk8s+bundle` runs the repository\'s');
    out.push('cdk8s.yaml app, scripts/cli.mjs), ts-node\'s compilation (`--transpile-only`) and its type-check (`stock`).');
    out.push('');
    out.push('| pipeline | wall s, median (min–max) | CPU s | peak RSS MB | same bytes as ours |');
    out.push('|---|---:|---:|---:|:---:|');
    for (const [key, r] of Object.entries(def.runners)) {
      out.push(`| ${key}: \`${r.label}\` | ${span(r.wall, f2)} | ${f2(r.cpu?.median)} | ${span(r.rss, f0)} | ${r.sameBytesAsOurs === undefined ? '—' : r.sameBytesAsOurs ? 'yes' : '**no**'} |`);
    }
  }
  out.push('');
  out.push('## Review commands');
  out.push('');
  out.push(`Commands listed by the CLI's usage text: ${s.commands.map((c) => `\`${c}\``).join(', ')}. Every command but \`synth\` is`);
  out.push('benchmarked on every platform of the repo and on the largest synthetic platform. `diff` and `plan` compare against a');
  out.push('base render of the same spec in which every fourth image tag and HPA floor was changed, so they have changes to explain.');
  if (s.skippedCommands.length > 0) {
    out.push('');
    out.push('Skipped (the bench found no arguments they accept; add them to `reviewArgs` in bench/run.mjs):');
    for (const k of s.skippedCommands) out.push(`- \`${k.command}\` on ${k.on}: ${k.reason.replace(/\n/g, ' ')}`);
  }
  const heads = s.cases.filter((c) => c.kind === 'review-head');
  if (heads.length > 0) {
    out.push('');
    out.push('### Reviewing two rendered trees');
    out.push('');
    out.push('`diff` and `plan --head DIR --base DIR` on the largest synthetic platform (what scripts/ci-plan.sh runs in CI): the');
    out.push('review alone, no render. *previous* is the review code before its speed-up, built from git in the same run; its');
    out.push('output must be byte-identical to ours. *naive* is bench/naive-review.mjs: both trees loaded whole with js-yaml and');
    out.push('every object pair deep-compared, which says which objects differ and nothing more.');
    out.push('');
    out.push('| case | objects | ours: wall s, median (min–max) | ours: CPU s | previous: wall s | previous: CPU s | naive: wall s | previous ÷ ours | naive ÷ ours | same output as previous |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
    for (const c of heads) {
      const { ours, previous, naive } = c.runners;
      const x = (v) => (v ? `×${v.toFixed(1)}` : '—');
      out.push(`| ${c.id} | ${c.objects ?? '—'} | ${span(ours?.wall, f2)} | ${f2(ours?.cpu?.median)} | ${span(previous?.wall, f2)} | ${f2(previous?.cpu?.median)} | ${span(naive?.wall, f2)} | ${x(c.ratios?.previous)} | ${x(c.ratios?.naive)} | ${c.identicalToPrevious === undefined ? '—' : c.identicalToPrevious ? 'yes' : '**no**'} |`);
    }
  }
  out.push('');
  out.push('## Scaling');
  out.push('');
  out.push(`Synthetic platforms come from bench/synthetic.ts (3 regions, 25 services per namespace, four service shapes, region overrides).`);
  out.push(`A calibration render measured ${s.calibration.perService.toFixed(2)} objects per service and ${s.calibration.fixed.toFixed(1)} fixed objects; the sizes`);
  out.push('below are the objects actually rendered.');
  out.push('');
  out.push('| objects | ours: median s | per 1k objects |');
  out.push('|---:|---:|---:|');
  for (const p of s.scaling.points) out.push(`| ${p.objects} | ${f2(p.seconds)} | ${f2((p.seconds / p.objects) * 1000)} s |`);
  out.push('');
  out.push(`Fitted exponent (log-log least squares, time ∝ objects^k): **k = ${f2(s.scaling.exponent)}**` +
    (s.scaling.marginalExponent !== undefined ? `; k = ${f2(s.scaling.marginalExponent)} after subtracting the ${f2(s.scaling.startupSeconds)} s start-up of a 1-service platform` : '') +
    (s.scaling.stockExponent !== undefined ? `; the stock pipeline: k = ${f2(s.scaling.stockExponent)}` : '') + '.');
  if (s.profiles.length > 0) {
    out.push('');
    out.push('## Profiles');
    out.push('');
    out.push('Self time from `node --cpu-prof` (one run each), attributed to modules through the module comments esbuild leaves in');
    out.push('the bundle (bench/profile-summary.mjs; run it on any .cpuprofile).');
    for (const p of s.profiles) {
      out.push('');
      out.push(`### ${p.id}: \`${p.command}\` — ${p.totalMs} ms sampled`);
      out.push('');
      out.push('| area | self ms | % |');
      out.push('|---|---:|---:|');
      for (const a of p.areas.slice(0, 8)) out.push(`| ${a.area} | ${a.ms} | ${a.percent} |`);
      out.push('');
      out.push('| function | module | self ms | % |');
      out.push('|---|---|---:|---:|');
      for (const fn of p.functions.slice(0, 12)) {
        const module = fn.module.includes('node_modules/') ? fn.module.slice(fn.module.indexOf('node_modules/')) : fn.module;
        out.push(`| \`${fn.function.replace(/\|/g, '\\|')}\` | ${module || '—'} | ${fn.ms} | ${fn.percent} |`);
      }
    }
  }
  const notes = path.join(BENCH_DIR, 'NOTES.md');
  if (fs.existsSync(notes)) {
    out.push('');
    out.push(fs.readFileSync(notes, 'utf8').trim().replace(/^# /m, '## '));
  }
  out.push('');
  return out.join('\n');
}
