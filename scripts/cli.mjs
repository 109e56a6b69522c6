// Runs the compiler CLI in one process: rebuilds the bundle if a source changed, then runs it.
// `npm run synth` and `cdk8s synth` (cdk8s.yaml) both come through here.
import { createRequire } from 'node:module';
import { BUNDLE, ensureBuilt } from './build.mjs';

await ensureBuilt();
createRequire(import.meta.url)(BUNDLE);
