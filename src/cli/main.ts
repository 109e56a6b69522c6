import { SpecValidationError } from '../spec/errors';
import { CliOptions, printIssues, synthCommand, validateCommand } from './commands';
import { UsageError } from './load-spec';
import { diffCommand, planCommand } from './plan';
import { simulateCommand } from './simulate';

const USAGE = `usage: platform-compiler <command> [options]

commands:
  synth      validate every platform and render dist/<platform>/<cluster>/ (atomically)
  validate   check the spec's rules and print every error with its path
  diff       objects and fields that change between dist/ (or --base) and a fresh render
  plan       the diff, and what each change means: rollouts, capacity, drains, pruning, immutable fields
  simulate   replay a load curve against a service's HPA behavior and print every replica change

options:
  --platform NAME        only this platform (default: all)
  --spec FILE            a platform spec in YAML or JSON instead of the built-in platforms
  --out DIR              output folder for synth (default: dist)
  --base DIR             diff/plan: the render to compare against (default: the output folder)
  --fail-on LEVEL        plan: exit 4 on a 'danger' (or 'caution') note
  --service NAME         simulate: the autoscaled service
  --region NAME          simulate: the region whose overrides apply (default: the first)
  --load T:V,T:V         simulate: step load from second T (req/s if the HPA scales on req/s, else pods)
  --duration SECONDS     simulate: how long to run (default: 30 minutes after the last step)
`;

const COMMANDS: Record<string, (options: CliOptions) => number> = {
  synth: synthCommand,
  validate: validateCommand,
  diff: diffCommand,
  plan: planCommand,
  simulate: simulateCommand,
};

const FLAGS: Record<string, keyof CliOptions> = {
  '--platform': 'platform', '--spec': 'spec', '--out': 'out', '--base': 'base', '--fail-on': 'failOn',
  '--service': 'service', '--region': 'region', '--load': 'load', '--duration': 'duration',
};

export function parseArgs(argv: readonly string[]): { command: string; options: CliOptions } {
  const [command, ...rest] = argv;
  const options: Record<string, string> = { out: 'dist' };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (!(flag in FLAGS)) throw new UsageError(`unknown option '${flag}'\n\n${USAGE}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`option '${flag}' needs a value`);
    options[FLAGS[flag]] = value;
    i++;
  }
  if (options.failOn !== undefined && !['danger', 'caution'].includes(options.failOn)) {
    throw new UsageError(`--fail-on takes 'danger' or 'caution', not '${options.failOn}'`);
  }
  if (!command || !(command in COMMANDS)) throw new UsageError(command ? `unknown command '${command}'\n\n${USAGE}` : USAGE);
  return { command, options: options as unknown as CliOptions };
}

/** Runs the CLI and returns the exit code. Expected failures print one clear message, never a stack. */
export function runCli(argv: readonly string[]): number {
  try {
    const { command, options } = parseArgs(argv);
    return COMMANDS[command](options);
  } catch (error) {
    if (error instanceof SpecValidationError) {
      printIssues(error.issues);
      process.stderr.write(`${error.issues.length} spec error(s); dist/ left unchanged\n`);
      return 1;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    // An internal error: say so plainly; the stack only on request.
    process.stderr.write(`internal error: ${(error as Error).message}\n`);
    if (process.env.PLATFORM_COMPILER_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 3;
  }
}
