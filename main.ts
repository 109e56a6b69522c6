#!/usr/bin/env node
// Entry point of the platform compiler. `cdk8s synth` runs the bundled build of this file
// (cdk8s.yaml: `node build/main.js synth`); `npm run synth` does the same without the cdk8s CLI.
// Bundled (build/main.js), this file is only a loader: it runs the compiler's bundle
// (build/compiler.js) or, for `validate --tree DIR`, the lean bundle that never loads the
// compiler (build/validate-tree.js), each with the V8 code cache the build wrote beside it.
// Under ts-node there are no bundles beside it and the CLI runs from source. On a worker thread it
// runs the render gate instead (build/gate-worker.js), for synth's main thread.
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread, workerData } from 'worker_threads';
import { treeValidationArgs } from './src/cli/tree-argv';
import { loadGenerated, writeCodeCaches } from './src/render/gate-modules';
import { GateWorkerData, reportWorkerFailure } from './src/render/gate-protocol';

const argv = process.argv.slice(2);
const treeArgs = treeValidationArgs(argv);
const lean = path.join(__dirname, 'validate-tree.js');
const compiler = path.join(__dirname, 'compiler.js');
if (!isMainThread && (workerData as GateWorkerData | undefined)?.role === 'gate') {
  // The render gate's thread (src/compile/background-gate.ts starts it): the gate's own bundle, with its cache.
  const data = workerData as GateWorkerData;
  process.on('uncaughtException', (error) => reportWorkerFailure(data, error));
  try {
    (loadGenerated(path.join(__dirname, 'gate-worker.js')) as typeof import('./src/render/gate-worker')).serveGate(data, writeCodeCaches);
  } catch (error) {
    reportWorkerFailure(data, error);
  }
} else if (treeArgs && fs.existsSync(lean)) {
  process.exitCode = (loadGenerated(lean) as typeof import('./src/cli/validate-tree-entry')).runTreeCli(treeArgs);
} else {
  // A path built at run time, so the bundler leaves the compiler out of this file.
  const cli = (fs.existsSync(compiler) ? loadGenerated(compiler) : require(path.join(__dirname, 'src', 'cli', 'main'))) as typeof import('./src/cli/main');
  process.exitCode = cli.runCli(argv);
}
