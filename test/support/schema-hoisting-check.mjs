// Checks that the gate's CRD modules (build/schema-gate/crd: subschemas hoisted into $defs, code
// minified) judge objects exactly as ajv compiling the CRD's schema without hoisting does: the same
// verdict, the same errors and the same defaults written, on every CRD object of dist/ and on
// mutated copies of each (a wrong type, an unknown field, a removed key, a null), picked by a
// seeded generator so a run is repeatable. Run by test/render/schema-gate-build.test.ts (a child
// process, because the build script is an ES module); prints one JSON report on stdout.
import Ajv from 'ajv';
import fc from 'fast-check';
import yaml from 'js-yaml';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATE_DIR, rootSchema } from '../../scripts/build-schema-gate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MUTATIONS_PER_OBJECT = Number(process.argv[2] ?? 6);

/** Every YAML file below `dir`, in name order. */
function yamlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  });
}

/** Every served CRD version's openAPIV3Schema, by `group/version:Kind`. */
function crdVersions() {
  const out = new Map();
  for (const file of yamlFiles(path.join(ROOT, 'crds'))) {
    for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
      if (doc?.kind !== 'CustomResourceDefinition') continue;
      for (const v of doc.spec.versions) if (v.served !== false) out.set(`${doc.spec.group}/${v.name}:${doc.spec.names.kind}`, v.schema.openAPIV3Schema);
    }
  }
  return out;
}

/** The objects of the committed dist/, by `apiVersion:kind`. */
function distObjects() {
  const out = new Map();
  for (const file of yamlFiles(path.join(ROOT, 'dist'))) {
    for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA })) {
      if (!doc?.kind) continue;
      const key = `${doc.apiVersion}:${doc.kind}`;
      out.set(key, [...(out.get(key) ?? []), doc]);
    }
  }
  return out;
}

/** A generated module, as src/render/gate-modules.ts loads it (minus the code cache). */
function loadModule(file) {
  const module = { exports: {} };
  new Function('exports', 'require', 'module', '__filename', '__dirname', fs.readFileSync(file, 'utf8'))(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/** JSON with sorted keys: defaults may be inserted in any order without changing what is validated. */
const canonical = (value) => JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));

const errorSignatures = (errors) => (errors ?? []).map((e) => `${e.instancePath}|${e.keyword}|${canonical(e.params)}|${e.message}`).sort();

/** Every [parent, key] inside `value`, the root excluded. */
function slots(value, out = []) {
  if (value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    out.push([value, Array.isArray(value) ? Number(key) : key]);
    slots(value[key], out);
  }
  return out;
}

function mutate(object, pick, how) {
  const copy = structuredClone(object);
  const all = slots(copy);
  if (all.length === 0) return copy;
  const [parent, key] = all[pick % all.length];
  const value = parent[key];
  if (how === 0) parent[key] = typeof value === 'string' ? 7 : 'not-a-number-or-object';
  else if (how === 1) {
    const target = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : parent;
    if (!Array.isArray(target)) target.zzUnknownField = 1;
  } else if (how === 2) {
    if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
  } else parent[key] = null;
  return copy;
}

const index = JSON.parse(fs.readFileSync(path.join(GATE_DIR, 'index.json'), 'utf8'));
const schemas = crdVersions();
const report = { kinds: 0, objects: 0, comparisons: 0, invalidCompared: 0, defaultsCompared: 0, mismatches: [] };
const mutationPlan = fc.sample(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 })), { numRuns: 5000, seed: 20261202 });

for (const [key, objects] of distObjects()) {
  const entry = index.kinds[key];
  if (!entry) continue;
  report.kinds += 1;
  const built = loadModule(path.join(GATE_DIR, entry.module));
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, useDefaults: true, unicodeRegExp: false, inlineRefs: false });
  const plain = ajv.compile(rootSchema(schemas.get(key)));
  let planAt = 0;
  for (const object of objects) {
    report.objects += 1;
    const cases = [object];
    for (let i = 0; i < MUTATIONS_PER_OBJECT; i += 1) {
      const [pick, how] = mutationPlan[planAt++ % mutationPlan.length];
      cases.push(mutate(object, pick, how));
    }
    for (const candidate of cases) {
      const a = structuredClone(candidate);
      const b = structuredClone(candidate);
      const validA = built(a);
      const validB = plain(b);
      report.comparisons += 1;
      if (!validA) report.invalidCompared += 1;
      if (canonical(a) !== canonical(candidate)) report.defaultsCompared += 1;
      const problems = [];
      if (validA !== validB) problems.push(`verdict ${validA} against ${validB}`);
      const ea = errorSignatures(built.errors);
      const eb = errorSignatures(plain.errors);
      if (canonical(ea) !== canonical(eb)) problems.push(`errors ${JSON.stringify(ea.slice(0, 3))} against ${JSON.stringify(eb.slice(0, 3))}`);
      if (canonical(a) !== canonical(b)) problems.push('defaults differ');
      if (problems.length) report.mismatches.push({ kind: key, name: object.metadata?.name, problems });
    }
  }
}
process.stdout.write(`${JSON.stringify(report)}\n`);
