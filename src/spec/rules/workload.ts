import { isIntOrPercent } from '../disruption';
import { imageVersion, parseImage } from '../image';
import { ENV_NAME, isLabelValue } from '../names';
import { parseQuantity } from '../quantity';
import { ResolvedService } from '../resolve';
import { HttpProbeSpec, PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

/** Env names that, given a literal value, would put a secret into dist/. */
const SECRET_LIKE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;
const PROBES = ['readiness', 'liveness', 'startup'] as const;

function checkImage(service: ResolvedService, out: IssueCollector): void {
  const { image, version } = service.spec;
  const path = service.pathOf('image');
  if (typeof image !== 'string' || image.length === 0) {
    out.report(path, 'image-tag', 'an image reference is required');
    return;
  }
  const ref = parseImage(image);
  if (ref.tag === 'latest') {
    out.report(path, 'image-tag', `image '${image}' uses the 'latest' tag; pin a version tag or a digest so every cluster runs the same build`);
  } else if (!ref.tag && !ref.digest) {
    out.report(path, 'image-tag', `image '${image}' has no tag or digest (it would pull 'latest'); pin a version tag or a digest`);
  }
  if (ref.digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(ref.digest)) {
    out.report(path, 'image-tag', `image digest '${ref.digest}' is not sha256:<64 hex characters>`);
  }
  const label = imageVersion(image, version);
  if (label === undefined && ref.digest !== undefined) {
    out.report(service.pathOf('version'), 'version-label', `image '${image}' is pinned by digest only; set 'version' for the app.kubernetes.io/version label`);
  } else if (label !== undefined && !isLabelValue(label)) {
    out.report(service.pathOf('version'), 'version-label', `version '${label}' is not a valid label value (at most 63 of A-Z a-z 0-9 - _ .)`);
  }
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
  const path = service.pathOf('resources');
  const { requests, limits } = service.spec.resources ?? ({} as never);
  for (const key of ['cpu', 'memory'] as const) {
    const request = requests?.[key];
    if (request === undefined) {
      out.report(`${path}.requests.${key}`, 'resource-requests', `a ${key} request is required (the scheduler and the HPA's utilization targets depend on it)`);
      continue;
    }
    if (!(parseQuantity(request) > 0)) out.report(`${path}.requests.${key}`, 'invalid-quantity', `'${request}' is not a positive Kubernetes quantity`);
    const limit = limits?.[key];
    if (limit === undefined) continue;
    if (!(parseQuantity(limit) > 0)) {
      out.report(`${path}.limits.${key}`, 'invalid-quantity', `'${limit}' is not a positive Kubernetes quantity`);
    } else if (parseQuantity(request) > parseQuantity(limit)) {
      out.report(`${path}.requests.${key}`, 'requests-exceed-limits', `${key} request (${request}) > limit (${limit}); the API server rejects such a pod`);
    }
  }
  if (limits?.memory === undefined) {
    out.report(`${path}.limits.memory`, 'memory-limit', 'a memory limit is required: without one a leaking pod is killed only when the node runs out');
  }
}

function probeWindow(probe: HttpProbeSpec): number {
  return (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3);
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
  if (zero(rollout.maxSurge ?? '25%') && zero(rollout.maxUnavailable ?? 0)) {
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
