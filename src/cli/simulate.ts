import { simulateHpa, stepLoad } from '../review/hpa-simulator';
import { resolveBehavior } from '../spec/behavior';
import { resolveRegions } from '../spec/resolve';
import { CliOptions, selectPlatforms } from './commands';
import { UsageError } from './load-spec';

/** `0:100,60:1000` → [[0, 100], [60, 1000]]: a step load, in seconds. */
export function parseLoad(text: string): [number, number][] {
  const points = text.split(',').map((pair) => pair.split(':').map(Number) as [number, number]);
  if (points.length === 0 || points.some((p) => p.length !== 2 || p.some((n) => !Number.isFinite(n) || n < 0))) {
    throw new UsageError(`--load '${text}' is not a list of seconds:value pairs, e.g. 0:3000,60:30000`);
  }
  return points;
}

/**
 * `simulate`: replay a load curve against one service's HPA (its min/max and behavior profile
 * as a region runs it) and print every replica change. Load is in requests per second when the
 * service scales on requests per second, else in pods' worth of load at the HPA target.
 */
export function simulateCommand(options: CliOptions): number {
  if (!options.service || !options.load) throw new UsageError('simulate needs --service NAME and --load SECONDS:VALUE,…');
  const [platform] = selectPlatforms(options);
  const regions = resolveRegions(platform);
  const region = options.region ? regions.find((r) => r.name === options.region) : regions[0];
  if (!region) throw new UsageError(`unknown region '${options.region}'; known: ${regions.map((r) => r.name).join(', ')}`);
  const service = region.namespaces.flatMap((n) => n.services).find((s) => s.name === options.service);
  const autoscaling = service?.spec.autoscaling;
  if (!service || !autoscaling) throw new UsageError(`no autoscaled service '${options.service}' in ${platform.name}/${region.name}`);
  const behavior = resolveBehavior(platform, autoscaling.behavior);
  if (!behavior) throw new UsageError(`service '${service.name}' names an unknown behavior profile`);

  const perPod = autoscaling.requestsPerSecondPerPod;
  const points = parseLoad(options.load);
  const load = stepLoad(points.map(([t, value]) => [t, perPod ? value / perPod : value]));
  const duration = Number(options.duration ?? Math.max(...points.map(([t]) => t)) + 1800);
  const changes = simulateHpa({ minReplicas: autoscaling.minReplicas, maxReplicas: autoscaling.maxReplicas, behavior, load, durationSeconds: duration });

  const unit = perPod ? `req/s (${perPod} per pod at target)` : 'pods of load at target';
  const out = [
    `simulate: ${platform.name}/${region.name} ${service.name}: ${autoscaling.minReplicas}–${autoscaling.maxReplicas} replicas, behavior ${typeof autoscaling.behavior === 'string' ? autoscaling.behavior : 'inline'}`,
    `load (${unit}): ${points.map(([t, v]) => `${v} from ${t}s`).join(', ')}`,
    '',
    '    time   replicas          needed',
    ...changes.map((c) => `${fmtTime(c.atSeconds).padStart(8)}   ${`${c.from} → ${c.to}`.padEnd(16)}  ${c.recommended}`),
  ];
  if (changes.length === 0) out.push('  (no replica changes)');
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function fmtTime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${h || m ? `${String(m).padStart(h ? 2 : 1, '0')}m` : ''}${String(s).padStart(h || m ? 2 : 1, '0')}s`;
}
