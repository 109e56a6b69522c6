// Compiles the render schema gate ahead of time (src/render/schema-gate.ts loads the output):
// every served version of every CRD in crds/ becomes one ajv standalone CommonJS module in
// build/schema-gate/crd/, with the CRD's CEL rules beside it. Synth then only `require`s code;
// it never compiles a schema. Kubernetes built-in kinds need nothing here: kubernetes-models
// ships its validators precompiled the same way.
//
// Rebuilt only when an input is newer than build/schema-gate/index.json (as scripts/build.mjs
// does for the bundle); `--force` rebuilds. Run by scripts/build.mjs and by jest's globalSetup.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build, transform } from 'esbuild';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import yaml from 'js-yaml';
import { Environment } from '@marcbachmann/cel-js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GATE_DIR = path.join(ROOT, 'build/schema-gate');
const INDEX = path.join(GATE_DIR, 'index.json');
const CRDS = path.join(ROOT, 'crds');
const INPUTS = ['crds', 'scripts/build-schema-gate.mjs', 'package-lock.json'];

function newestInput(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestInput(path.join(entry, name))));
}

/**
 * CRD patterns are Go RE2. ajv emits `new RegExp(pattern, "")` (unicodeRegExp off, because Go accepts
 * identity escapes such as `\-` that the JS "u" flag rejects). JS has no inline `(?i)`: from where it
 * appears, every ASCII letter outside a character class becomes `[xX]` (classes in these CRDs hold no
 * letters under `(?i)`; the test in test/render checks the three such patterns).
 */
export function goPattern(pattern) {
  const at = pattern.indexOf('(?i)');
  if (at < 0) return pattern;
  let out = pattern.slice(0, at);
  let inClass = false;
  const rest = pattern.slice(at).split('(?i)').join('');
  for (let i = 0; i < rest.length; i += 1) {
    const ch = rest[i];
    if (ch === '\\') { out += ch + (rest[i + 1] ?? ''); i += 1; continue; }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    out += !inClass && /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch;
  }
  return out;
}

/**
 * What the API server does to a CRD schema before it validates, made explicit for ajv:
 * unknown fields are errors (kubectl's default --validate=strict) unless the schema preserves
 * them; int-or-string and embedded resources get their implicit shapes.
 */
function structural(node) {
  if (Array.isArray(node)) return node.map(structural);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && typeof value === 'string') { out.pattern = goPattern(value); continue; }
    // CEL rules are checked by the gate's own pass; ajv ignores x- keys anyway. Descriptions never
    // change a verdict, and ajv would copy them into the module: most of its size and load time.
    if (key === 'x-kubernetes-validations' || key === 'description') continue;
    // Values, not schemas: kept exactly as written.
    if (key === 'default' || key === 'enum' || key === 'example' || key === 'const') { out[key] = value; continue; }
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structural(v)])) : structural(value);
  }
  if (out['x-kubernetes-int-or-string'] && !out.type && !out.anyOf) out.type = ['integer', 'string'];
  if (out['x-kubernetes-embedded-resource']) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** The root of a CRD schema: ObjectMeta is checked by its own validator; a CRD may only constrain name/generateName. */
export function rootSchema(openAPIV3Schema) {
  const schema = structural(openAPIV3Schema);
  const meta = openAPIV3Schema.properties?.metadata?.properties ?? {};
  const own = Object.fromEntries(Object.entries(meta).filter(([k]) => k === 'name' || k === 'generateName').map(([k, v]) => [k, structural(v)]));
  schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', properties: own } };
  return schema;
}

/**
 * Moves large subschemas into $defs, referenced by $ref (compiled once each, with inlineRefs off):
 * - every one of at least `minShared` characters that occurs more than once: the ApplicationSet
 *   module shrinks from about 8 MB to a fraction, because its generators repeat the whole
 *   Application template many times;
 * - every other one of at least `minOwn` characters: each becomes its own function, which V8
 *   compiles only when an object has that field, so a module's code cache holds only the branches
 *   our objects use (the Kafka and RabbitmqCluster caches shrink to about a third).
 * A subschema with its own `default` stays inline: ajv assigns a property's default from the
 * property's schema, and would not look behind a $ref. Only schema positions are rewritten, never
 * `default`, `enum` or `example` values. Validation is unchanged (test/render/schema-gate-build.test.ts).
 */
function shareRepeats(schema, { minShared = 2000, minOwn = 500 } = {}) {
  const counts = new Map();
  const count = (node) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
    const text = JSON.stringify(node);
    if (text.length >= Math.min(minShared, minOwn)) counts.set(text, (counts.get(text) ?? 0) + 1);
    forEachSubschema(node, count);
  };
  count(schema);
  const defs = {};
  const names = new Map();
  const rewrite = (node) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
    const text = JSON.stringify(node);
    const shared = text.length >= minShared && (counts.get(text) ?? 0) > 1;
    const own = text.length >= minOwn && !Object.prototype.hasOwnProperty.call(node, 'default');
    if (!shared && !own) return mapSubschemas(node, rewrite);
    if (!names.has(text)) {
      const name = `s${names.size}`;
      names.set(text, name);
      defs[name] = null;
      defs[name] = mapSubschemas(node, rewrite);
    }
    return { $ref: `#/$defs/${names.get(text)}` };
  };
  const root = mapSubschemas(schema, rewrite);
  return names.size ? { ...root, $defs: defs } : root;
}

/** Keywords whose value is a schema, a list of schemas, or a map of them (the rest are values). */
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LIST_KEYS = new Set(['anyOf', 'oneOf', 'allOf']);
const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties']);

function forEachSubschema(node, visit) {
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_KEYS.has(key)) visit(value);
    else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) value.forEach(visit);
    else if (SCHEMA_MAP_KEYS.has(key) && value && typeof value === 'object') Object.values(value).forEach(visit);
  }
}

function mapSubschemas(node, map) {
  return Object.fromEntries(Object.entries(node).map(([key, value]) => {
    if (SCHEMA_KEYS.has(key)) return [key, map(value)];
    if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) return [key, value.map(map)];
    if (SCHEMA_MAP_KEYS.has(key) && value && typeof value === 'object') return [key, Object.fromEntries(Object.entries(value).map(([f, sub]) => [f, map(sub)]))];
    return [key, value];
  }));
}

const celEnv = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: false });

/** Why a rule cannot be evaluated on create, or undefined when it can. */
function skipReason(rule) {
  // Transition rules compare against the stored object; on create there is none and the API server skips them.
  if (/\boldSelf\b/.test(rule.rule)) return 'transition rule (oldSelf): not evaluated on create';
  try {
    const result = celEnv.parse(rule.rule).check();
    return result.valid ? undefined : `not supported by cel-js: ${result.error.message.split('\n')[0]}`;
  } catch (error) {
    return `not parsed by cel-js: ${error.message.split('\n')[0]}`;
  }
}

/**
 * The CEL rules of a schema as a tree that mirrors only the branches holding rules:
 * { rules?, properties?: {name: node}, items?, additionalProperties? }.
 */
function celTree(node, at, stats) {
  if (!node || typeof node !== 'object') return undefined;
  const out = {};
  const rules = [];
  for (const rule of node['x-kubernetes-validations'] ?? []) {
    const reason = skipReason(rule);
    if (reason) stats.skipped.push({ at, rule: rule.rule, reason });
    else {
      rules.push({ rule: rule.rule, message: rule.message, ...(rule.fieldPath ? { fieldPath: rule.fieldPath } : {}) });
      stats.evaluated += 1;
    }
  }
  if (rules.length) out.rules = rules;
  const properties = {};
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const sub = celTree(child, `${at}.${name}`, stats);
    if (sub) properties[name] = sub;
  }
  if (Object.keys(properties).length) out.properties = properties;
  const items = celTree(node.items, `${at}[*]`, stats);
  if (items) out.items = items;
  const values = typeof node.additionalProperties === 'object' ? celTree(node.additionalProperties, `${at}[*]`, stats) : undefined;
  if (values) out.additionalProperties = values;
  return Object.keys(out).length ? out : undefined;
}

const MODELS = path.join(ROOT, 'node_modules/kubernetes-models');

/**
 * kubernetes-models' precompiled validator of every built-in kind (not *List), bundled into one
 * CommonJS file whose exports are getters, so a kind's schema modules initialise on first use
 * only and the ones kinds share (ObjectMeta, PodSpec, formats) once. Required from the package
 * instead, Deployment alone pulls in ~100 small files and took 100-400 ms to resolve.
 */
async function bundleBuiltins(kinds) {
  const lines = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) { if (entry.name !== '_schemas' && entry.name !== 'node_modules') walk(full); continue; }
      if (!entry.name.endsWith('.js') || entry.name.endsWith('List.js')) continue;
      const text = fs.readFileSync(full, 'utf8');
      const head = /\.apiVersion="([^"]+)",\w+\.kind="([^"]+)"/.exec(text);
      const schema = /require\("((?:\.\.\/)+_schemas\/[A-Za-z0-9]+\.js)"\)/.exec(text);
      if (!head || !schema) continue;
      const key = `${head[1]}:${head[2]}`;
      const target = path.resolve(path.dirname(full), schema[1]);
      lines.push(`get ${JSON.stringify(key)}() { return require(${JSON.stringify(target)}).validate; },`);
      kinds[key] = { module: 'builtin/validators.js' };
    }
  };
  walk(MODELS);
  // ObjectMeta, for the metadata of CRD objects (a CRD schema does not describe it).
  lines.push(`get ObjectMeta() { return require('@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta').validate; },`);
  await build({
    stdin: { contents: `module.exports = {\n${lines.join('\n')}\n};\n`, resolveDir: ROOT },
    outfile: path.join(GATE_DIR, 'builtin', 'validators.js'), bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', logLevel: 'error', legalComments: 'none', minify: true,
  });
}

function crdFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return crdFiles(full);
    return entry.name.endsWith('.yaml') ? [full] : [];
  }).sort();
}

/** Objects of the committed dist/ by `apiVersion:kind`: warm-up input for the code caches only. */
function distSamples() {
  const samples = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml')) {
        for (const doc of yaml.loadAll(fs.readFileSync(full, 'utf8'))) {
          if (!doc?.kind) continue;
          const key = `${doc.apiVersion}:${doc.kind}`;
          samples.set(key, [...(samples.get(key) ?? []), doc]);
        }
      }
    }
  };
  if (fs.existsSync(path.join(ROOT, 'dist'))) walk(path.join(ROOT, 'dist'));
  return samples;
}

/**
 * V8 code caches beside every generated module; src/render/gate-modules.ts loads each module with
 * its cache. Each cache is made after the module ran and validated `{}` and the objects of today's
 * dist/ once, so the functions a synth runs are compiled in the cache too. dist/ only warms the
 * cache (it is not an input: a stale warm-up costs a little time, never correctness).
 */
function writeCodeCaches(kinds, builtins) {
  const samples = distSamples();
  const run = (file, use) => {
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
    use(module.exports);
    fs.writeFileSync(`${file}.v8cache`, script.createCachedData());
  };
  for (const [key, { module }] of Object.entries(kinds)) {
    run(path.join(GATE_DIR, module), (validate) => {
      validate({});
      for (const object of samples.get(key) ?? []) validate(structuredClone(object));
    });
  }
  run(path.join(GATE_DIR, 'builtin', 'validators.js'), (bundle) => {
    for (const key of Object.keys(builtins)) for (const object of samples.get(key) ?? []) bundle[key](object);
    for (const objects of samples.values()) for (const object of objects) bundle.ObjectMeta(object.metadata);
  });
}

export async function ensureSchemaGate({ force = false, log = () => {} } = {}) {
  const index = fs.statSync(INDEX, { throwIfNoEntry: false });
  if (!force && index && Math.max(...INPUTS.map((i) => newestInput(path.join(ROOT, i)))) < index.mtimeMs) return false;
  const started = Date.now();
  fs.rmSync(GATE_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(GATE_DIR, 'crd'), { recursive: true });
  // cel-js is ESM only; one CommonJS copy lets jest, ts-node and the esbuild bundle all require it.
  await build({
    stdin: { contents: "module.exports = require('@marcbachmann/cel-js');", resolveDir: ROOT },
    outfile: path.join(GATE_DIR, 'cel-js.cjs'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', legalComments: 'none',
  });
  const kinds = {};
  const builtins = {};
  await bundleBuiltins(builtins);
  const coverage = { evaluated: 0, skipped: [] };
  for (const file of crdFiles(CRDS)) {
    for (const doc of yaml.loadAll(fs.readFileSync(file, 'utf8'))) {
      if (doc?.kind !== 'CustomResourceDefinition') continue;
      for (const version of doc.spec.versions) {
        if (version.served === false) continue;
        const key = `${doc.spec.group}/${version.name}:${doc.spec.names.kind}`;
        // One ajv instance per module: standalone code holds only what this schema uses.
        const ajv = new Ajv({
          strict: false, allErrors: true, validateFormats: false, useDefaults: true,
          unicodeRegExp: false, inlineRefs: false, code: { source: true, optimize: 1 },
        });
        const validate = ajv.compile(shareRepeats(rootSchema(version.schema.openAPIV3Schema)));
        const stats = { evaluated: 0, skipped: [] };
        const cel = celTree(version.schema.openAPIV3Schema, '', stats) ?? {};
        const name = `${doc.spec.group}_${version.name}_${doc.spec.names.kind}.js`;
        // Without a `default` anywhere, validation never writes to the object, so the gate need not copy it first.
        const hasDefaults = JSON.stringify(version.schema.openAPIV3Schema).includes('"default":');
        // Minified: less source to read and keep per module (a third smaller), same code.
        const { code: source } = await transform(`${(standaloneCode.default ?? standaloneCode)(ajv, validate)}\nmodule.exports.cel = ${JSON.stringify(cel)};\n`
          + `module.exports.hasDefaults = ${hasDefaults};\n`, { minify: true, format: 'cjs', target: 'node20', legalComments: 'none' });
        fs.writeFileSync(path.join(GATE_DIR, 'crd', name), source);
        kinds[key] = { module: `crd/${name}`, scope: doc.spec.scope, celRules: stats.evaluated, celSkipped: stats.skipped.length, bytes: source.length };
        coverage.evaluated += stats.evaluated;
        coverage.skipped.push(...stats.skipped.map((s) => ({ kind: key, ...s })));
      }
    }
  }
  writeCodeCaches(kinds, builtins);
  fs.writeFileSync(path.join(GATE_DIR, 'cel-coverage.json'), `${JSON.stringify(coverage, null, 2)}\n`);
  // Written last: its mtime marks the whole folder as complete.
  fs.writeFileSync(INDEX, `${JSON.stringify({ kinds, builtins }, null, 2)}\n`);
  log(`schema gate: ${Object.keys(builtins).length} built-in kinds, ${Object.keys(kinds).length} CRD versions, ${coverage.evaluated} CEL rules evaluated, ${coverage.skipped.length} skipped, ${Date.now() - started} ms`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureSchemaGate({ force: process.argv.includes('--force'), log: (m) => process.stdout.write(`${m}\n`) });
}
