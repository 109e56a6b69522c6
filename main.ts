#!/usr/bin/env node
// Entry point of the platform compiler. `cdk8s synth` runs the bundled build of this file
// (cdk8s.yaml: `node build/main.js synth`); `npm run synth` does the same without the cdk8s CLI.
import { runCli } from './src/cli/main';
import { runSimulate } from './src/cli/simulate';

// `simulate` parses its own flags (util.parseArgs); every other command goes through runCli.
const argv = process.argv.slice(2);
process.exitCode = argv[0] === 'simulate' ? runSimulate(argv.slice(1)) : runCli(argv);
