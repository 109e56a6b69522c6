import * as fs from 'fs';
import { parseArgs } from 'util';
import { resolveBehavior } from '../spec/behavior';
import { SpecIssue, formatIssue, isError } from '../spec/errors';
import { resolveRegions } from '../spec/resolve';
import { validatePlatform } from '../spec/validate';
import { simulate } from '../review/hpa-simulator';
import { CONTROLLER_DEFAULTS, METRICS_DEFAULTS, SimulationConfig, SimulationResult, loadPerPodAtTarget } from '../review/simulate/engine';
import { modelService } from '../review/simulate/from-spec';
import { LoadProfile, parseCsvLoad, parseDuration, parseLoadProfile } from '../review/simulate/load';
import { renderSvg } from '../review/simulate/svg';
import { selectPlatforms } from './commands';
import { UsageError } from './load-spec';

/**
 * `simulate`: replay a load curve against one service's HPA as a region runs it, through a
 * faithful model of the controller (see src/review/simulate/), and print every replica change.
 * It parses its own flags (util.parseArgs, strict), so it can be run as `simulate …` directly.
 */
export const SIMULATE_USAGE = `usage: platform-compiler simulate [options]

  platform-compiler simulate --service NAME (--load PROFILE | --load-csv FILE) [options]

load profiles (--load):
  T:V,T:V,…                          steps: load V from time T (T in seconds or 90s, 5m, 1h30m)
  ramp:from=V,to=V,start=D,over=D    a straight climb (or fall)
  diurnal:min=V,max=V,period=D,peak=D  a cosine day
  --load-csv FILE                    rows of time,load (header optional), linear between rows
  Load is in req/s when the HPA scales on requests per second, else in pods' worth at the CPU target.

options:
  --platform NAME            the platform (default: the first) · --spec FILE: a spec file instead
  --region NAME              the region whose overrides apply (default: the first)
  --duration D               how long to run (default: 30 minutes after the load's last change)
  --initial N                replicas at the start (default: minReplicas)
  --min N, --max N           override the HPA's minReplicas / maxReplicas
  --model faithful|optimistic  optimistic: pods ready at once, metrics exact (default: faithful)
  --boot D                   the app's boot time (default: the startup probe's whole budget)
  --metric-resolution D      metrics-server --metric-resolution (default ${METRICS_DEFAULTS.resolutionSeconds}s, as its components.yaml sets it)
  --metrics-delay D          extra age of the newest sample the HPA reads (default ${METRICS_DEFAULTS.delaySeconds}s)
  --sync-period D            --horizontal-pod-autoscaler-sync-period (default ${CONTROLLER_DEFAULTS.syncPeriodSeconds}s)
  --tolerance X              --horizontal-pod-autoscaler-tolerance (default ${CONTROLLER_DEFAULTS.tolerance})
  --cpu-initialization-period D  (default ${CONTROLLER_DEFAULTS.cpuInitializationPeriodSeconds}s)
  --initial-readiness-delay D    (default ${CONTROLLER_DEFAULTS.initialReadinessDelaySeconds}s)
  --node-spare-cores N       cores free for new pods on existing nodes; beyond them pods wait for a node
  --node-delay D             time to provision a node (default 2m; only with --node-spare-cores)
  --memory-idle PCT          memory in use with no load, % of request (default 50)
  --memory-at-target PCT     memory in use at the target load, % of request (default: --memory-idle)
  --format text|json         output (default text)
  --svg FILE                 also write a chart of load, capacity and replicas
  -h, --help                 this text

exit codes: 0 ok, 1 spec errors, 2 usage (bad arguments, unreadable spec), 3 internal error
`;

const STRING_FLAGS = [
  'platform', 'spec', 'service', 'region', 'load', 'load-csv', 'duration', 'initial', 'min', 'max', 'model', 'boot',
  'metric-resolution', 'metrics-delay', 'sync-period', 'tolerance', 'cpu-initialization-period', 'initial-readiness-delay',
  'node-spare-cores', 'node-delay', 'memory-idle', 'memory-at-target', 'format', 'svg',
] as const;
type Flag = (typeof STRING_FLAGS)[number];

/** A problem with one flag: printed as `error: --flag: message`, exit 2. */
class FlagError extends Error {
  constructor(readonly flag: string, message: string) {
    super(message);
  }
}

/** The spec itself is invalid: each issue as `path: message [rule]`, then one line; exit 1. */
class SpecErrors extends Error {
  constructor(readonly flag: string, readonly issues: readonly SpecIssue[]) {
    super(`${issues.length} spec error(s); nothing simulated`);
  }
}

function parseFlags(argv: readonly string[]): { values: Partial<Record<Flag, string>>; help: boolean } {
  const options = Object.fromEntries([...STRING_FLAGS.map((f) => [f, { type: 'string' as const }]), ['help', { type: 'boolean' as const }]]);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const flag = /'(-{1,2}[\w-]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new FlagError(flag ?? '', 'unknown option (see simulate --help)');
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new FlagError(flag ?? '', 'needs a value');
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new FlagError('', `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''} (flags only; see simulate --help)`);
    throw new FlagError(flag ?? '', message.split('\n')[0]);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new FlagError('', `option '--${token.name}' is given more than once`);
    seen.add(token.name);
  }
  return { values: parsed.values as Partial<Record<Flag, string>>, help: Boolean((parsed.values as { help?: boolean }).help) };
}

function duration(values: Partial<Record<Flag, string>>, flag: Flag): number | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new FlagError(`--${flag}`, (error as Error).message);
  }
}

function number(values: Partial<Record<Flag, string>>, flag: Flag, { integer = false, positive = false } = {}): number | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value)) || (positive && value === 0)) {
    throw new FlagError(`--${flag}`, `'${text}' is not ${integer ? 'a whole number' : 'a number'} ${positive ? '> 0' : '≥ 0'}`);
  }
  return value;
}

function loadProfile(values: Partial<Record<Flag, string>>): LoadProfile {
  if (values.load !== undefined && values['load-csv'] !== undefined) throw new FlagError('--load-csv', 'give --load or --load-csv, not both');
  try {
    if (values.load !== undefined) return parseLoadProfile(values.load);
  } catch (error) {
    throw new FlagError('--load', (error as Error).message);
  }
  const file = values['load-csv'];
  if (file === undefined) throw new FlagError('--load', 'a load profile is required (--load PROFILE or --load-csv FILE)');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new FlagError('--load-csv', `cannot read '${file}'`);
  }
  try {
    return parseCsvLoad(text, file);
  } catch (error) {
    throw new FlagError('--load-csv', (error as Error).message);
  }
}

interface Run {
  readonly title: string;
  readonly loadUnit: string;
  readonly profile: LoadProfile;
  readonly config: SimulationConfig;
  readonly model: 'faithful' | 'optimistic';
  readonly result: SimulationResult;
}

function plan(values: Partial<Record<Flag, string>>): Run {
  if (!values.service) throw new FlagError('--service', 'the autoscaled service to simulate is required');
  let platform;
  try {
    [platform] = selectPlatforms({ out: 'dist', platform: values.platform, spec: values.spec });
  } catch (error) {
    if (error instanceof UsageError) throw new FlagError(values.spec ? '--spec' : '--platform', error.message);
    throw error;
  }
  // A spec that breaks its rules is reported as synth reports it, not simulated.
  const errors = validatePlatform(platform).filter(isError);
  if (errors.length) throw new SpecErrors(values.spec ? '--spec' : '--platform', errors);
  const regions = resolveRegions(platform);
  const region = values.region ? regions.find((r) => r.name === values.region) : regions[0];
  if (!region) throw new FlagError('--region', `unknown region '${values.region}'; known: ${regions.map((r) => r.name).join(', ')}`);
  const service = region.namespaces.flatMap((n) => n.services).find((s) => s.name === values.service);
  const autoscaling = service?.spec.autoscaling;
  if (!service || !autoscaling) throw new FlagError('--service', `no autoscaled service '${values.service}' in ${platform.name}/${region.name}`);
  const behavior = resolveBehavior(platform, autoscaling.behavior);
  if (!behavior) throw new FlagError('--service', `'${service.name}' names an unknown behavior profile '${String(autoscaling.behavior)}'`);

  const min = number(values, 'min', { integer: true }) ?? autoscaling.minReplicas;
  const max = number(values, 'max', { integer: true, positive: true }) ?? autoscaling.maxReplicas;
  if (min > max) throw new FlagError(values.min !== undefined ? '--min' : values.max !== undefined ? '--max' : '--service', `minReplicas ${min} is above maxReplicas ${max}`);
  const initial = number(values, 'initial', { integer: true }) ?? min;
  const model = values.model ?? 'faithful';
  if (model !== 'faithful' && model !== 'optimistic') throw new FlagError('--model', `'${model}' is neither faithful nor optimistic`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new FlagError('--format', `'${format}' is neither text nor json`);
  const profile = loadProfile(values);
  const durationSeconds = duration(values, 'duration') ?? profile.lastChangeSeconds + 1800;
  if (durationSeconds <= 0) throw new FlagError('--duration', 'must be longer than 0s');

  let serviceModel;
  try {
    serviceModel = modelService(service.spec, autoscaling, {
      bootSeconds: duration(values, 'boot'),
      memoryIdlePercent: number(values, 'memory-idle'),
      memoryAtTargetPercent: number(values, 'memory-at-target'),
    });
  } catch (error) {
    if (error instanceof RangeError) throw new FlagError('--boot', error.message);
    throw error;
  }
  if (serviceModel.metrics.length === 0) throw new FlagError('--service', `'${service.name}' has no CPU, memory or requests-per-second target`);
  const spare = number(values, 'node-spare-cores');
  const nodeDelay = duration(values, 'node-delay');
  if (nodeDelay !== undefined && spare === undefined) throw new FlagError('--node-delay', 'needs --node-spare-cores (how much fits before a node is needed)');
  const syncPeriod = duration(values, 'sync-period');
  const resolution = duration(values, 'metric-resolution');
  if (syncPeriod === 0) throw new FlagError('--sync-period', 'must be longer than 0s');
  if (resolution === 0) throw new FlagError('--metric-resolution', 'must be longer than 0s');

  const config: SimulationConfig = {
    minReplicas: min, maxReplicas: max, behavior, initialReplicas: initial, durationSeconds,
    metrics: serviceModel.metrics, pod: serviceModel.pod, load: profile.load,
    controller: {
      syncPeriodSeconds: syncPeriod, tolerance: number(values, 'tolerance'),
      cpuInitializationPeriodSeconds: duration(values, 'cpu-initialization-period'),
      initialReadinessDelaySeconds: duration(values, 'initial-readiness-delay'),
    },
    metricsPipeline: { resolutionSeconds: resolution, delaySeconds: duration(values, 'metrics-delay') },
    nodes: spare === undefined ? undefined : { spareCores: spare, provisionSeconds: nodeDelay ?? 120 },
  };
  const result = model === 'faithful' ? simulate(withoutUndefined(config)) : optimistic(config);
  const behaviorName = typeof autoscaling.behavior === 'string' ? autoscaling.behavior : 'inline';
  return {
    title: `${platform.name}/${region.name} ${service.name}: ${min}–${max} replicas, behavior ${behaviorName}, ${model} model`,
    loadUnit: serviceModel.loadUnit, profile, config, model, result,
  };
}

/** Drops unset overrides so the engine's defaults apply. */
function withoutUndefined(config: SimulationConfig): SimulationConfig {
  const clean = <T extends object>(o: T | undefined) => (o ? (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T) : undefined);
  return { ...config, controller: clean(config.controller), metricsPipeline: clean(config.metricsPipeline) };
}

/**
 * The idealised model (as simulateHpa): the same controller, shown a Pods metric that is
 * exact and a second old, with every pod ready at once and never CPU-bound.
 */
function optimistic(config: SimulationConfig): SimulationResult {
  return simulate({
    ...withoutUndefined(config),
    metrics: [{ type: 'rps', averageValue: loadPerPodAtTarget(config.metrics, config.pod) }],
    pod: { ...config.pod, cpuLimitCores: undefined, readySeconds: 0 },
    metricsPipeline: { resolutionSeconds: 1, delaySeconds: 0 },
    nodes: undefined,
  });
}

function fmtTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${h || m ? `${String(m).padStart(h ? 2 : 1, '0')}m` : ''}${String(s).padStart(h || m ? 2 : 1, '0')}s`;
}

/** The facts a reviewer asks first: the peak, the shortfall, and when the ready pods caught up. */
function summarize(run: Run) {
  const { result, config } = run;
  const peakNeeded = Math.max(0, ...result.syncs.map((s) => s.needed));
  const caughtUp = result.syncs.find((s, i) => s.ready >= s.needed && result.syncs.slice(i).every((later) => later.ready >= later.needed));
  return {
    peakLoad: Math.max(0, ...result.syncs.map((s) => s.load)),
    peakNeeded,
    maxReplicas: config.maxReplicas,
    shortfallAtPeak: Math.max(0, peakNeeded - config.maxReplicas),
    loadPerPodAtTarget: Number(result.loadPerPodAtTarget.toFixed(3)),
    podCapacity: Number.isFinite(result.podCapacity) ? Number(result.podCapacity.toFixed(3)) : null,
    readyCoversNeedFromSeconds: caughtUp ? caughtUp.atSeconds : null,
    unservedUnitSeconds: Math.round(result.unservedUnitSeconds),
  };
}

function textReport(run: Run): string {
  const summary = summarize(run);
  const lines = [
    `simulate: ${run.title}`,
    `load (${run.loadUnit}): ${run.profile.description}`,
    run.model === 'optimistic'
      ? `one pod: ${summary.loadPerPodAtTarget} at the target; optimistic: ready at once, never CPU-bound, metrics exact`
      : `one pod: ${summary.loadPerPodAtTarget} at the target, at most ${summary.podCapacity ?? 'unbounded (no CPU limit)'} at its CPU limit; ready ${run.config.pod.readySeconds}s after it starts`,
    '',
    '    time   replicas          recommended  needed',
    ...run.result.changes.map((c) => `${fmtTime(c.atSeconds).padStart(8)}   ${`${c.from} → ${c.to}`.padEnd(16)}  ${String(c.recommended).padStart(11)}  ${String(c.needed).padStart(6)}`),
  ];
  if (run.result.changes.length === 0) lines.push('  (no replica changes)');
  lines.push('');
  lines.push(`peak: ${summary.peakLoad} ${run.loadUnit} needs ${summary.peakNeeded} pods at the target${summary.shortfallAtPeak ? `; maxReplicas ${summary.maxReplicas} is ${summary.shortfallAtPeak} short` : ''}`);
  lines.push(summary.readyCoversNeedFromSeconds === null
    ? 'ready pods never cover the need at the target within the run'
    : `ready pods cover the need at the target from ${fmtTime(summary.readyCoversNeedFromSeconds)} on`);
  lines.push(`unserved: ${summary.unservedUnitSeconds} ${run.loadUnit === 'req/s' ? 'requests' : 'pod·seconds of load'} beyond what ready pods could serve`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(run: Run): string {
  return `${JSON.stringify({
    title: run.title, model: run.model, loadUnit: run.loadUnit, load: run.profile.description,
    summary: summarize(run),
    changes: run.result.changes,
    syncs: run.result.syncs.map((s) => ({ ...s, capacity: Number(s.capacity.toFixed(3)), served: Number(s.served.toFixed(3)) })),
  }, null, 2)}\n`;
}

/** Runs `simulate` with its own arguments (after the command name); returns the exit code. */
export function runSimulate(argv: readonly string[]): number {
  try {
    const { values, help } = parseFlags(argv);
    if (help) {
      process.stdout.write(SIMULATE_USAGE);
      return 0;
    }
    const run = plan(values);
    if (values.svg !== undefined) {
      try {
        fs.writeFileSync(values.svg, renderSvg(run.result, run.title, run.loadUnit));
      } catch {
        throw new FlagError('--svg', `cannot write '${values.svg}'`);
      }
    }
    process.stdout.write(values.format === 'json' ? jsonReport(run) : textReport(run));
    return 0;
  } catch (error) {
    if (error instanceof FlagError) {
      process.stderr.write(`error: ${error.flag ? `${error.flag}: ` : ''}${error.message}\n`);
      return 2;
    }
    if (error instanceof SpecErrors) {
      for (const issue of error.issues) process.stderr.write(`error: ${formatIssue(issue)}\n`);
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    // Not the user's fault: say so plainly, the stack only on request (as runCli does).
    process.stderr.write(`internal error: ${(error as Error).message}\n`);
    if (process.env.PLATFORM_COMPILER_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 3;
  }
}

