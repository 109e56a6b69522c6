// A build-time rewrite of one pattern in generated binding code (cdk8s-plus-28's k8s.js and the
// `cdk8s import` modules in imports/). Every toJson_* function there drops undefined fields with
//   Object.entries(x).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})
// which copies the whole partial object once per field (quadratic in the field count, and most of
// the garbage a synth makes). The bundle calls definedEntries(x) instead: the same keys in the same
// order with the same values. Only the bundles are rewritten (scripts/build.mjs); jest and ts-node
// run the generated code as it is, and test/build/defined-entries.test.ts checks both agree.
'use strict';

const PATTERN = /Object\.entries\(([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)/g;

const HELPER = 'definedEntries__';

/** `{ ...r, [k]: v }` defines an own property even for `__proto__`; plain assignment would set the prototype. */
function definedEntries(object) {
  const out = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** The source with every occurrence rewritten, the helper appended (a hoisted declaration), and the count. */
function rewriteDefinedEntries(source) {
  let count = 0;
  const rewritten = source.replace(PATTERN, (_, arg) => {
    count += 1;
    return `${HELPER}(${arg})`;
  });
  if (count === 0) return { source, count };
  return { source: `${rewritten}\n${definedEntries.toString().replace('function definedEntries', `function ${HELPER}`)}\n`, count };
}

/** Which files the bundles rewrite. */
const FILES = /(?:cdk8s-plus-28[\\/]lib[\\/]imports[\\/]k8s\.js|[\\/]imports[\\/][^\\/]+\.ts)$/;

/** The esbuild plugin scripts/build.mjs uses for the compiler's bundle. */
function definedEntriesPlugin() {
  const fs = require('fs');
  return {
    name: 'defined-entries',
    setup(build) {
      build.onLoad({ filter: FILES }, (args) => {
        const { source } = rewriteDefinedEntries(fs.readFileSync(args.path, 'utf8'));
        return { contents: source, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

module.exports = { definedEntries, rewriteDefinedEntries, definedEntriesPlugin, PATTERN, FILES };
