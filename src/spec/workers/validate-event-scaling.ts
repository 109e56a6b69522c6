/** Rules for `ServiceSpec.eventScaling`: KEDA cron windows and CPU/memory triggers of an HTTP service. */
import { servicePath, sortedKeys } from '../resolve';
import { checkBehavior } from '../rules/scaling';
import { checkKnownFields } from '../rules/structure';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { TIME_OF_DAY, minutesOfDay, windowDays } from './cron';
import { ServiceEventScalingSpec } from './types';
import { checkKedaTiming, isPositiveInt } from './validate-common';
import { checkFallbackReplicas } from './validate-workloads';

const EVENT_FIELDS = [
  'minReplicas', 'maxReplicas', 'timezone', 'windows', 'cpuUtilization', 'memoryUtilization', 'behavior', 'pollingIntervalSeconds', 'cooldownSeconds', 'fallbackReplicas',
];
const WINDOW_FIELDS = ['days', 'start', 'end', 'replicas'];
/** Region/City style IANA names (and UTC); offsets like `+02:00` are not accepted by KEDA's Go time.LoadLocation. */
const IANA_NAME = /^(UTC|[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+)$/;

const timeZoneMemo = new Map<string, boolean>();

export function isIanaTimeZone(tz: unknown): boolean {
  if (typeof tz !== 'string' || !IANA_NAME.test(tz)) return false;
  // Building a DateTimeFormat is costly, and specs repeat a handful of zones.
  let known = timeZoneMemo.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    timeZoneMemo.set(tz, known);
  }
  return known;
}

function checkWindows(e: ServiceEventScalingSpec, path: string, bounds: [number, number] | undefined, out: IssueCollector): void {
  for (const name of sortedKeys(e.windows)) {
    const w = e.windows![name];
    const at = `${path}.windows.${name}`;
    checkKnownFields(w, WINDOW_FIELDS, at, out);
    if (!windowDays(w.days)) {
      out.report(`${at}.days`, 'cron-window', `days ${JSON.stringify(w.days)} must be daily, weekdays, weekends or a list of Mon…Sun`);
    }
    const startOk = typeof w.start === 'string' && TIME_OF_DAY.test(w.start);
    const endOk = typeof w.end === 'string' && (TIME_OF_DAY.test(w.end) || w.end === '24:00');
    if (!startOk) out.report(`${at}.start`, 'cron-window', `start '${w.start}' is not a time of day HH:MM`);
    if (!endOk) out.report(`${at}.end`, 'cron-window', `end '${w.end}' is not a time of day HH:MM (or 24:00)`);
    if (startOk && endOk && minutesOfDay(w.end) <= minutesOfDay(w.start)) {
      out.report(`${at}.end`, 'cron-window',
        `end ${w.end} is not after start ${w.start}: a window stays within one day; split a night window at 24:00 into two`);
    }
    if (!isPositiveInt(w.replicas)) {
      out.report(`${at}.replicas`, 'cron-window', `replicas (${w.replicas}) must be an integer ≥ 1`);
    } else if (bounds && (w.replicas < bounds[0] || w.replicas > bounds[1])) {
      out.report(`${at}.replicas`, 'cron-window',
        `replicas (${w.replicas}) is outside minReplicas–maxReplicas (${bounds[0]}–${bounds[1]}); ` +
        'the ScaledObject clamps to those bounds, so the window would not hold');
    }
  }
}

function checkEventScaling(platform: PlatformSpec, e: ServiceEventScalingSpec, path: string, out: IssueCollector): void {
  checkKnownFields(e, EVENT_FIELDS, path, out);
  const { minReplicas: min, maxReplicas: max } = e;
  let bounds: [number, number] | undefined;
  if (!isPositiveInt(min)) {
    out.report(`${path}.minReplicas`, 'min-max-replicas', `minReplicas (${min}) must be an integer ≥ 1`);
  } else if (!Number.isInteger(max) || max < min) {
    out.report(`${path}.maxReplicas`, 'min-max-replicas', `minReplicas (${min}) > maxReplicas (${max})`);
  } else {
    bounds = [min, max];
    checkFallbackReplicas(e.fallbackReplicas, min, max, 'minReplicas..maxReplicas', `${path}.fallbackReplicas`, undefined, out);
  }
  if (!isIanaTimeZone(e.timezone)) {
    out.report(`${path}.timezone`, 'cron-timezone',
      `timezone '${e.timezone}' is not an IANA time zone name such as Europe/Berlin or America/New_York (KEDA's cron scaler loads it by name)`);
  }
  checkWindows(e, path, bounds, out);
  if (sortedKeys(e.windows).length === 0 && e.cpuUtilization === undefined && e.memoryUtilization === undefined) {
    out.report(path, 'event-scaling-trigger', 'eventScaling needs at least one trigger: windows, cpuUtilization or memoryUtilization');
  }
  for (const key of ['cpuUtilization', 'memoryUtilization'] as const) {
    const value = e[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= 100)) {
      out.report(`${path}.${key}`, 'autoscaling-target', `${key} (${value}) must be an integer percentage in 1-100 of the request`);
    }
  }
  checkBehavior(platform, e.behavior, `${path}.behavior`, out);
  checkKedaTiming(e, path, out);
}

/** Every service's eventScaling. It is platform-wide (regions cannot override it), so it is checked once. */
export function checkServiceEventScaling(platform: PlatformSpec, out: IssueCollector): void {
  for (const ns of sortedKeys(platform.namespaces)) {
    for (const svc of sortedKeys(platform.namespaces[ns]?.services)) {
      const e = platform.namespaces[ns].services[svc].eventScaling;
      if (e) checkEventScaling(platform, e, `${servicePath(platform, ns, svc)}.eventScaling`, out);
    }
  }
}
