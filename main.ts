#!/usr/bin/env node
// Entry point of the platform compiler. `cdk8s synth` runs the bundled build of this file
// (cdk8s.yaml: `node build/main.js synth`); `npm run synth` does the same without the cdk8s CLI.
// `validate --tree DIR` runs from the lean bundle beside this one when it exists (build/), so
// checking a rendered tree never loads the compiler; under ts-node the full CLI runs it.
import * as fs from 'fs';
import * as path from 'path';
import { treeValidationArgs } from './src/cli/tree-argv';
import { loadGenerated } from './src/render/gate-modules';

const argv = process.argv.slice(2);
const treeArgs = treeValidationArgs(argv);
const lean = path.join(__dirname, 'validate-tree.js');
if (treeArgs && fs.existsSync(lean)) {
  // With the V8 code cache the build writes beside it, as the schema gate's modules are loaded.
  process.exitCode = (loadGenerated(lean) as typeof import('./src/cli/validate-tree-entry')).runTreeCli(treeArgs);
} else {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  process.exitCode = (require('./src/cli/main') as typeof import('./src/cli/main')).runCli(argv);
}
