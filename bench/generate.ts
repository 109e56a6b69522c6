/**
 * `node build/bench/generate.js <services> <file.json> [name]`: writes a synthetic platform spec
 * (bench/synthetic.ts) as JSON for `synth --spec`. Bundled by bench/run.mjs with esbuild.
 */
import * as fs from 'fs';
import { syntheticPlatform } from './synthetic';

const [services, file, name] = process.argv.slice(2);
if (!services || !file || !(Number(services) > 0)) {
  process.stderr.write('usage: generate <services> <file.json> [name]\n');
  process.exit(2);
}
fs.writeFileSync(file, `${JSON.stringify(syntheticPlatform({ services: Number(services), name }), null, 1)}\n`);
