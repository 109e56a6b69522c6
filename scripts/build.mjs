// Bundles main.ts into build/main.js with esbuild: transpile-only, so synth never pays for a
// full type-check (that runs in `npm test` via `tsc --noEmit`). The output lives outside dist/
// because `cdk8s synth` deletes its output folder before running the app.
import { build } from 'esbuild';

await build({
  entryPoints: ['main.ts'],
  outfile: 'build/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
});
