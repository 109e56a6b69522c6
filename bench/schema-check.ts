/**
 * Schema validation of the render, for the benchmark: renders the selected platforms in memory
 * (exactly as `synth` does, spec validation included) and validates every object against its
 * upstream schema with test/support/schema.ts (kubernetes-models for core kinds, ajv over the CRDs
 * in ../shared/crds). Exit 1 when any object is invalid.
 *
 *   node build/bench/schema-check.js [--platform NAME | --spec FILE]   (bundled by bench/run.mjs)
 *   ts-node bench/schema-check.ts    [--platform NAME | --spec FILE]   (the stock comparison)
 */
import { selectPlatforms } from '../src/cli/commands';
import { renderPlatforms } from '../src/compile';
import { loadRenderedObjects, schemaErrors } from '../test/support/schema';

const args = process.argv.slice(2);
const option = (flag: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};

const started = process.hrtime.bigint();
const objects = loadRenderedObjects(renderPlatforms(selectPlatforms({ out: 'unused', platform: option('--platform'), spec: option('--spec') })));
const errors = objects.flatMap(({ file, object }) => schemaErrors(object).map((e) => `${file}: ${e}`));
for (const error of errors) process.stderr.write(`error: ${error}\n`);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`schema: ${objects.length} objects, ${errors.length} error(s) in ${ms.toFixed(0)} ms\n`);
process.exitCode = errors.length > 0 || objects.length === 0 ? 1 : 0;
