#!/usr/bin/env node
// Writes the groups of every PrometheusRule under dist/ to
// conformance/prometheus-tests/rules/<platform>/<cluster>/<namespace>.<name>.yaml, the same
// layout conformance/run.sh extracts to, so the promtool unit tests beside this script run
// both from here and from the conformance run. The PromQL of every Grafana dashboard ConfigMap
// (label grafana_dashboard) goes to dashboards/…, one recording rule per panel target, so
// `promtool check rules` parses it too (run-local.sh). `--check` exits 1 when a committed file is stale.
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');

const root = path.resolve(__dirname, '..', '..');

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** Relative path → file content of every rule file dist/ yields. */
function extract(dist) {
  const files = new Map();
  for (const file of walk(dist)) {
    for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
      if (!doc) continue;
      const rel = path.relative(dist, path.dirname(file)).split(path.sep).slice(0, 2).join('/');
      if (doc.kind === 'ConfigMap' && doc.metadata.labels && doc.metadata.labels.grafana_dashboard) {
        for (const [key, json] of Object.entries(doc.data || {})) {
          const rules = JSON.parse(json).panels.flatMap((p) => p.targets.map((t) => ({ record: `dashboard:panel${p.id}:${t.refId}`, expr: t.expr })));
          files.set(`../dashboards/${rel}/${doc.metadata.namespace}.${key.replace(/\.json$/, '')}.yaml`, yaml.dump({ groups: [{ name: key, rules }] }, { lineWidth: -1 }));
        }
        continue;
      }
      if (doc.kind !== 'PrometheusRule') continue;
      const name = `${doc.metadata.namespace || 'default'}.${doc.metadata.name}.yaml`;
      // promtool reads a rule file as {groups: [...]}, which is exactly the CR spec.
      files.set(`${rel}/${name}`, yaml.dump({ groups: (doc.spec && doc.spec.groups) || [] }, { lineWidth: -1 }));
    }
  }
  return files;
}

module.exports = { extract };

if (require.main === module) {
  const check = process.argv.includes('--check');
  const out = path.join(__dirname, 'rules');
  const files = extract(path.join(root, 'dist'));
  let stale = 0;
  for (const [rel, content] of files) {
    const target = path.join(out, rel);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === content) continue;
    if (check) { console.error(`stale: ${path.relative(root, target)}`); stale++; continue; }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    console.log(path.relative(root, target));
  }
  process.exit(stale > 0 ? 1 : 0);
}
