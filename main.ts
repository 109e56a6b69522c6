#!/usr/bin/env node
// Entry point of the platform compiler. `cdk8s synth` runs the bundled build of this file
// (cdk8s.yaml: `node build/main.js synth`); `npm run synth` does the same without the cdk8s CLI.
import { runCli } from './src/cli/main';

process.exitCode = runCli(process.argv.slice(2));
