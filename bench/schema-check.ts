/**
 * Schema validation of the render, for the benchmark: renders the selected platforms in memory
 * (exactly as `synth` does, spec validation included) and runs the render schema gate
 * (src/render/schema-gate.ts: kubernetes-models for built-in kinds, the validators precompiled from
 * crds/ into build/schema-gate for CRD kinds, CEL rules included) over every object.
 * Exit 1 when any object is invalid. Prints the gate's own time separately from rendering.
 *
 *   node build/bench/schema-check.js [--platform NAME | --spec FILE]   (bundled by bench/run.mjs)
 *   ts-node bench/schema-check.ts    [--platform NAME | --spec FILE]   (the stock comparison)
 */
import { selectPlatforms } from '../src/cli/commands';
import { renderPlatforms } from '../src/compile';
import { checkRenderedObjects, formatFinding, renderedObjectsOf } from '../src/render/schema-gate';

const args = process.argv.slice(2);
const option = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

const started = process.hrtime.bigint();
const objects = renderedObjectsOf(renderPlatforms(selectPlatforms({ out: 'unused', platform: option('--platform'), spec: option('--spec') })));
const gateStarted = process.hrtime.bigint();
const findings = checkRenderedObjects(objects);
const done = process.hrtime.bigint();
for (const finding of findings) process.stderr.write(`error: ${formatFinding(finding)}\n`);
const ms = (from: bigint) => (Number(done - from) / 1e6).toFixed(0);
process.stdout.write(`schema: ${objects.length} objects, ${findings.length} error(s) in ${ms(started)} ms (gate ${ms(gateStarted)} ms)\n`);
process.exitCode = findings.length > 0 || objects.length === 0 ? 1 : 0;
