#!/usr/bin/env node
// The stock way to compare two rendered trees, for the benchmark's ratio: every YAML file of both
// trees loaded with js-yaml (the parser the repository already ships), objects indexed by
// cluster folder, apiVersion, kind, namespace and name, and each pair compared whole
// (util.isDeepStrictEqual), as a `kubectl diff`-like deep compare does. It prints which objects
// differ, not which fields, and explains nothing: a lower bound on what a reviewer is told.
//
//   node bench/naive-review.mjs HEAD_DIR BASE_DIR
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';

function load(dir) {
  const index = new Map();
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) {
        const cluster = path.relative(dir, d);
        for (const o of yaml.loadAll(fs.readFileSync(full, 'utf8'))) {
          if (o?.kind) index.set(`${cluster}|${o.apiVersion}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name}`, o);
        }
      }
    }
  };
  walk(dir);
  return index;
}

const [headDir, baseDir] = process.argv.slice(2);
if (!headDir || !baseDir) {
  process.stderr.write('usage: naive-review.mjs HEAD_DIR BASE_DIR\n');
  process.exit(2);
}
const [head, base] = [load(headDir), load(baseDir)];
const out = { added: [], removed: [], changed: [] };
for (const [key, object] of head) {
  if (!base.has(key)) out.added.push(key);
  else if (!isDeepStrictEqual(object, base.get(key))) out.changed.push(key);
}
for (const key of base.keys()) if (!head.has(key)) out.removed.push(key);
process.stdout.write(`naive: ${out.changed.length} changed, ${out.added.length} added, ${out.removed.length} removed\n`);
for (const kind of ['changed', 'added', 'removed']) for (const key of out[kind].sort()) process.stdout.write(`${kind} ${key}\n`);
