import { parseArgs as parseNodeArgs } from 'util';
import { SpecValidationError } from '../spec/errors';
import { RenderGateError, formatGateFinding } from '../render/gate';
import { OutputRefusedError } from '../render/write';
import { closestNames } from '../spec/suggest';
import { CliOptions, printIssues, synthCommand, validateCommand } from './commands';
import { UsageError } from './load-spec';
import { diffCommand, planCommand } from './plan';
import { SIMULATE_USAGE, runSimulate } from './simulate';
import { TreeUsageError } from './validate-tree';

/** Exit codes, documented in the README; scripts and CI depend on them. */
export const EXIT = { ok: 0, specErrors: 1, usage: 2, internal: 3, planThreshold: 4 } as const;

interface OptionSpec {
  /** The placeholder of the option's value; an option without one is a flag (present or not). */
  readonly value?: string;
  readonly doc: string;
  /** The only values accepted; anything else is a usage error. */
  readonly choices?: readonly string[];
}

const SELECT: Record<string, OptionSpec> = {
  platform: { value: 'NAME', doc: 'only this built-in platform (default: all)' },
  spec: { value: 'FILE', doc: 'a platform spec in YAML or JSON instead of the built-in platforms' },
};
const FORMAT: OptionSpec = { value: 'FORMAT', doc: "'text' (default) or 'json' (one JSON document on stdout)", choices: ['text', 'json'] };
const BASE: OptionSpec = { value: 'DIR', doc: 'the render to compare against (default: the repository\'s dist/)' };
const HEAD: OptionSpec = { value: 'DIR', doc: 'a rendered folder to review instead of a fresh render of the spec (takes --platform, not --spec)' };
const PLAN_FORMAT: OptionSpec = {
  value: 'FORMAT', doc: "'text' (default), 'json' (one JSON document) or 'markdown' (a pull-request comment)", choices: ['text', 'json', 'markdown'],
};

interface CommandSpec {
  readonly summary: string;
  readonly options: Record<string, OptionSpec>;
  readonly run: (options: CliOptions) => number;
  readonly notes?: string;
  /** The option one positional argument stands for (`validate DIR` = `validate --tree DIR`). */
  readonly positional?: string;
}

/** A command with flags of its own (simulate): it parses its arguments and prints its own usage. */
interface SelfParsingCommand {
  readonly summary: string;
  readonly usage: string;
  readonly runArgs: (args: readonly string[]) => number;
}

const SELF_PARSING: Record<string, SelfParsingCommand> = {
  simulate: {
    summary: "replay a load curve against a service's HPA, as the controller would, and print every replica change",
    usage: SIMULATE_USAGE,
    runArgs: runSimulate,
  },
};

const COMMANDS: Record<string, CommandSpec> = {
  synth: {
    summary: 'validate the platforms and render <out>/<platform>/<cluster>/ (atomically)',
    options: { ...SELECT, out: { value: 'DIR', doc: 'output folder (default: dist/ of the repository, whatever the current folder)' } },
    run: synthCommand,
    notes: 'synth replaces only the platform folders it rendered and lists them in <out>/.platform-compiler-manifest.json;\n'
      + 'it never deletes anything else in <out>. A run over every built-in platform also removes platform folders\n'
      + 'it wrote earlier that no platform renders any more. Without --out, --spec writes only its own platform\n'
      + 'folder into dist/, and is refused if that would overwrite a built-in platform\'s folder.',
  },
  validate: {
    summary: "check the spec's rules and print every error with its path",
    options: {
      ...SELECT, format: FORMAT, explain: { value: 'RULE', doc: 'print what one rule checks and how to fix it, then exit' },
      tree: { value: 'DIR', doc: 'check a rendered folder instead (dist/, one platform or one cluster folder; ours or hand-edited); `validate DIR` is the same' },
    },
    run: validateCommand,
    positional: 'tree',
    notes: 'With --tree, every YAML object below DIR is checked against its upstream schema (built-in kinds: kubernetes-models;\n'
      + 'CRD kinds: the vendored openAPIV3Schema, strict, and its CEL x-kubernetes-validations, evaluated by cel-js except\n'
      + 'transition rules (oldSelf), which need a stored object; messageExpression is not evaluated), then against the\n'
      + 'render gate\'s Argo CD and add-on rules and the cross-object rules: scale targets exist, no replicas on an\n'
      + 'autoscaled workload, PDBs select pods and allow a drain at the floor, Services select pods, mesh hosts resolve,\n'
      + 'namespaces are rendered, no duplicates. Each finding: file, object, field path, message [rule] and its fix.\n'
      + 'Rule docs: `validate --explain RULE` or docs/rules.md. Exit 1 on any error.',
  },
  diff: {
    summary: 'objects and fields that change between dist/ (or --base) and a fresh render',
    options: { ...SELECT, base: BASE, head: HEAD, format: FORMAT },
    run: diffCommand,
  },
  plan: {
    summary: 'the diff, and what each change means: rollouts, capacity, drains, pruning, renames, immutable fields',
    options: {
      ...SELECT, base: BASE, 'fail-on': { value: 'LEVEL', doc: "exit 4 on a 'danger' (or 'caution') note", choices: ['danger', 'caution'] }, format: PLAN_FORMAT, head: HEAD,
      capacity: { doc: "instead of the diff: the spec's capacity plan against its render (pods needed per region, cores, memory and cost per node pool)" },
    },
    run: planCommand,
  },
};

const EXIT_CODES = 'exit codes: 0 ok, 1 spec errors, 2 usage (bad arguments, unreadable spec, output folder refused), 3 internal error, 4 plan threshold (--fail-on)';

const hasOwn = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);
const COMMAND_NAMES = [...Object.keys(COMMANDS), ...Object.keys(SELF_PARSING)];

function toolUsage(): string {
  const summaries: [string, string][] = [...Object.entries(COMMANDS), ...Object.entries(SELF_PARSING)].map(([name, c]) => [name, c.summary]);
  const width = Math.max(...COMMAND_NAMES.map((c) => c.length));
  return [
    'usage: platform-compiler <command> [options]',
    '',
    'commands:',
    ...summaries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    `  ${'help'.padEnd(width)}  this text, or \`help <command>\` for one command`,
    '',
    'Run `platform-compiler <command> --help` for the options of a command.',
    EXIT_CODES,
    '',
  ].join('\n');
}

function commandUsage(name: string): string {
  if (hasOwn(SELF_PARSING, name)) return SELF_PARSING[name].usage;
  const command = COMMANDS[name];
  const rows = [...Object.entries(command.options).map(([flag, o]) => [`--${flag} ${o.value ?? ''}`.trimEnd(), o.doc]), ['-h, --help', 'show this help']];
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `usage: platform-compiler ${name} [options]${command.positional ? ` [${command.options[command.positional].value ?? command.positional.toUpperCase()}]` : ''}`,
    '',
    command.summary,
    '',
    'options:',
    ...rows.map(([flag, doc]) => `  ${flag.padEnd(width)}  ${doc}`),
    ...(command.notes ? ['', command.notes] : []),
    '',
    EXIT_CODES,
    '',
  ].join('\n');
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function parseCommandArgs(name: string, args: readonly string[]): CliOptions {
  const spec = COMMANDS[name];
  const config = Object.fromEntries(Object.entries(spec.options).map(([flag, o]) => [flag, { type: o.value === undefined ? 'boolean' as const : 'string' as const }]));
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: [...args], options: config, strict: true, allowPositionals: spec.positional !== undefined, tokens: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const subject = /'([^' ]+)/.exec((error as Error).message)?.[1] ?? '';
    const see = `; see \`platform-compiler ${name} --help\``;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const close = closestNames(subject.replace(/^-+/, ''), Object.keys(spec.options), 1);
      throw new UsageError(`unknown option '${subject}' for ${name}${close.length ? ` (did you mean '--${close[0]}'?)` : ''}${see}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`option '${subject}' needs a value${see}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument '${subject}'${see}`);
    throw error;
  }
  // util.parseArgs keeps the last of repeated options; a repeated flag is more likely a mistake.
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`option '--${token.name}' is given more than once`);
    seen.add(token.name);
  }
  const values: Record<string, unknown> = { ...parsed.values };
  if (spec.positional !== undefined && parsed.positionals.length > 0) {
    const see = `; see \`platform-compiler ${name} --help\``;
    if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument '${parsed.positionals[1]}'${see}`);
    if (values[spec.positional] !== undefined) throw new UsageError(`'${parsed.positionals[0]}' and --${spec.positional} name the same thing; give one${see}`);
    values[spec.positional] = parsed.positionals[0];
  }
  const options: Record<string, string | boolean> = {};
  for (const [flag, value] of Object.entries(values)) {
    if (spec.options[flag].value === undefined) { options[camel(flag)] = true; continue; }
    if (typeof value !== 'string' || value === '') throw new UsageError(`option '--${flag}' needs a value`);
    const choices = spec.options[flag].choices;
    if (choices && !choices.includes(value)) throw new UsageError(`--${flag} takes ${choices.map((c) => `'${c}'`).join(' or ')}, not '${value}'`);
    options[camel(flag)] = value;
  }
  return options as CliOptions;
}

type Parsed = { help: string } | { command: string; options: CliOptions } | { selfParsing: string; args: readonly string[] };

/** The command line → a command and its options, or a help text to print. Throws UsageError. */
export function parseArgs(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(`no command given\n\n${toolUsage()}`);
  if (command === '--help' || command === '-h') return { help: toolUsage() };
  if (command === 'help') {
    if (rest.length === 0) return { help: toolUsage() };
    if (rest.length === 1 && COMMAND_NAMES.includes(rest[0])) return { help: commandUsage(rest[0]) };
    throw new UsageError(`help takes one command name (${COMMAND_NAMES.join(', ')}), not '${rest.join(' ')}'`);
  }
  if (!hasOwn(COMMANDS, command) && !hasOwn(SELF_PARSING, command)) {
    throw new UsageError(`unknown command '${command}'; commands: ${COMMAND_NAMES.join(', ')}, help`);
  }
  const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeTerminator.some((a) => a === '--help' || a === '-h')) return { help: commandUsage(command) };
  if (hasOwn(SELF_PARSING, command)) return { selfParsing: command, args: rest };
  return { command, options: parseCommandArgs(command, rest) };
}

/** Runs the CLI and returns the exit code. Expected failures print one clear message, never a stack. */
export function runCli(argv: readonly string[]): number {
  try {
    const parsed = parseArgs(argv);
    if ('help' in parsed) {
      process.stdout.write(parsed.help);
      return EXIT.ok;
    }
    if ('selfParsing' in parsed) return SELF_PARSING[parsed.selfParsing].runArgs(parsed.args);
    return COMMANDS[parsed.command].run(parsed.options);
  } catch (error) {
    if (error instanceof RenderGateError) {
      for (const finding of error.findings) process.stderr.write(`error: ${formatGateFinding(finding)}\n`);
      process.stderr.write(`${error.findings.length} rendered object(s) would be rejected\n`);
      return EXIT.specErrors;
    }
    if (error instanceof SpecValidationError) {
      printIssues(error.issues);
      process.stderr.write(`${error.issues.length} spec error(s)\n`);
      return EXIT.specErrors;
    }
    if (error instanceof UsageError || error instanceof OutputRefusedError || error instanceof TreeUsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    // An internal error: say so plainly; the stack only on request.
    process.stderr.write(`internal error: ${(error as Error).message}\n`);
    if (process.env.PLATFORM_COMPILER_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return EXIT.internal;
  }
}
