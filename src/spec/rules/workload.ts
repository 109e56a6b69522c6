import { SERVICE_DEFAULTS } from '../../model/defaults';
import { isIntOrPercent } from '../disruption';
import { ENV_NAME } from '../names';
import { SECRET_LIKE, checkImageAt, checkResourcesAt } from './pod-checks';
import { ResolvedService } from '../resolve';
import { HttpProbeSpec, PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

const PROBES = ['readiness', 'liveness', 'startup'] as const;

function checkImage(service: ResolvedService, out: IssueCollector): void {
  const imagePath = service.pathOf('image');
  checkImageAt(service.spec.image, service.spec.version, imagePath.slice(0, -'.image'.length), out, service.pathOf('version'));
}

function checkPort(service: ResolvedService, out: IssueCollector): void {
  const { port } = service.spec;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    out.report(service.pathOf('port'), 'port-range', `port ${port} is not an integer in 1-65535`);
  } else if (port < 1024) {
    out.report(service.pathOf('port'), 'port-range',
      `port ${port} is privileged (< 1024); pods run as non-root with every capability dropped, so listen on 1024-65535`);
  }
}

function checkResources(service: ResolvedService, out: IssueCollector): void {
  checkResourcesAt(service.spec.resources, service.pathOf('resources'), out);
}

function probeWindow(probe: HttpProbeSpec): number {
  return (probe.periodSeconds ?? SERVICE_DEFAULTS.probe.periodSeconds) * (probe.failureThreshold ?? SERVICE_DEFAULTS.probe.failureThreshold);
}

function checkProbes(service: ResolvedService, out: IssueCollector): void {
  const path = service.pathOf('probes');
  const probes = service.spec.probes;
  for (const kind of PROBES) {
    const probe = probes?.[kind];
    if (!probe) {
      out.report(`${path}.${kind}`, 'missing-probe', `a ${kind} probe is required for every HTTP service`);
    } else if (typeof probe.path !== 'string' || !probe.path.startsWith('/')) {
      out.report(`${path}.${kind}.path`, 'missing-probe', `probe path '${probe.path}' must be an absolute HTTP path`);
    } else if ([probe.periodSeconds, probe.timeoutSeconds, probe.failureThreshold].some((v) => v !== undefined && !(Number.isInteger(v) && v >= 1))) {
      out.report(`${path}.${kind}`, 'probe-timing', 'periodSeconds, timeoutSeconds and failureThreshold must be integers ≥ 1');
    }
  }
  if (probes?.readiness && probes?.liveness && probeWindow(probes.liveness) < probeWindow(probes.readiness)) {
    out.report(`${path}.liveness`, 'probe-timing',
      `liveness gives up after ${probeWindow(probes.liveness)} s but readiness after ${probeWindow(probes.readiness)} s; ` +
      'an overloaded pod would be restarted before it is taken out of rotation');
  }
}

function checkShutdown(service: ResolvedService, out: IssueCollector): void {
  const path = service.pathOf('shutdown');
  const shutdown = service.spec.shutdown;
  if (!shutdown) {
    out.report(path, 'graceful-shutdown', 'shutdown (preStopSleepSeconds, terminationGracePeriodSeconds) is required to drain connections');
    return;
  }
  const { preStopSleepSeconds: sleep, terminationGracePeriodSeconds: grace } = shutdown;
  if (!Number.isInteger(sleep) || sleep < 1) {
    out.report(`${path}.preStopSleepSeconds`, 'graceful-shutdown', 'preStopSleepSeconds must be ≥ 1 so endpoints are removed before SIGTERM');
  } else if (!Number.isInteger(grace) || grace <= sleep) {
    out.report(`${path}.terminationGracePeriodSeconds`, 'graceful-shutdown',
      `terminationGracePeriodSeconds (${grace}) must exceed preStopSleepSeconds (${sleep}), or in-flight requests are killed`);
  }
}

function checkRollout(service: ResolvedService, out: IssueCollector): void {
  const rollout = service.spec.rollout;
  if (!rollout) return;
  const path = service.pathOf('rollout');
  for (const key of ['maxSurge', 'maxUnavailable'] as const) {
    if (rollout[key] !== undefined && !isIntOrPercent(rollout[key])) {
      out.report(`${path}.${key}`, 'rollout', `${key} '${rollout[key]}' is not a non-negative integer or a percentage`);
    }
  }
  const zero = (v: number | string | undefined) => v === 0 || v === '0%';
  if (zero(rollout.maxSurge ?? SERVICE_DEFAULTS.rollout.maxSurge) && zero(rollout.maxUnavailable ?? SERVICE_DEFAULTS.rollout.maxUnavailable)) {
    out.report(path, 'rollout', 'maxSurge and maxUnavailable are both 0; a rollout could never make progress');
  }
}

function checkEnv(service: ResolvedService, out: IssueCollector): void {
  for (const [name, value] of Object.entries(service.spec.env ?? {}).sort()) {
    const path = `${service.pathOf('env')}.${name}`;
    if (!ENV_NAME.test(name)) out.report(path, 'env-name', `environment variable name '${name}' is not a C identifier`);
    if (SECRET_LIKE.test(name) && value !== '') {
      out.report(path, 'secret-literal', `'${name}' looks like a secret but has a literal value; reference a Secret by name through secretEnv`);
    }
  }
  for (const name of Object.keys(service.spec.secretEnv ?? {}).sort()) {
    if (!ENV_NAME.test(name)) out.report(`${service.pathOf('secretEnv')}.${name}`, 'env-name', `environment variable name '${name}' is not a C identifier`);
  }
}

/** Rules about what runs in the pod: image, port, resources, probes, shutdown, rollout, environment. */
export function checkWorkload(_platform: PlatformSpec, service: ResolvedService, _region: string, out: IssueCollector): void {
  checkImage(service, out);
  checkPort(service, out);
  checkResources(service, out);
  checkProbes(service, out);
  checkShutdown(service, out);
  checkRollout(service, out);
  checkEnv(service, out);
}
