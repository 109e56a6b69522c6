/**
 * Liveness for workers without an HTTP port, chosen not to load the broker. See
 * WorkerLivenessSpec for the contract with the application (who touches the heartbeat file).
 */
import { ASYNC_DEFAULTS } from '../model/defaults';
import { WorkerLivenessSpec } from '../spec/workers/types';
import * as k8s from './k8s';

export interface WorkerProbes {
  readonly startup: k8s.Probe;
  readonly liveness: k8s.Probe;
}

/** How the heartbeat file's age is read: Celery images always have python; other images a POSIX shell. */
export type ProbeRuntime = 'python' | 'shell';

function heartbeatCommand(runtime: ProbeRuntime, file: string, maxAge: number): string[] {
  // A missing file fails too (getmtime raises, stat exits non-zero): the worker has not started yet.
  return runtime === 'python'
    ? ['python', '-c', `import os, sys, time; sys.exit(0 if time.time() - os.path.getmtime('${file}') < ${maxAge} else 1)`]
    : ['sh', '-c', `test $(( $(date +%s) - $(stat -c %Y '${file}') )) -lt ${maxAge}`];
}

/**
 * Heartbeat-file probes: no network, no broker traffic, so they cost nothing at 500+ pods.
 * The startup probe holds liveness off until the worker has booted and written its first beat.
 */
export function heartbeatProbes(runtime: ProbeRuntime, liveness: WorkerLivenessSpec | undefined): WorkerProbes {
  const file = liveness?.heartbeatFile ?? ASYNC_DEFAULTS.heartbeatFile;
  const maxAge = liveness?.maxHeartbeatAgeSeconds ?? ASYNC_DEFAULTS.maxHeartbeatAgeSeconds;
  const exec = { command: heartbeatCommand(runtime, file, maxAge) };
  return {
    startup: { exec, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 36, successThreshold: 1 },
    liveness: {
      exec,
      periodSeconds: liveness?.periodSeconds ?? ASYNC_DEFAULTS.heartbeatPeriodSeconds,
      timeoutSeconds: 5,
      failureThreshold: 3,
      successThreshold: 1,
    },
  };
}

/**
 * `celery inspect ping` to this pod's worker node only. Each probe is still a broadcast through
 * the broker's pidbox exchange that every worker receives, hence the long period (≥ 60 s,
 * validated; 300 s by default) and a timeout generous enough for a busy broker.
 */
export function inspectPingProbes(app: string, nodePrefix: string, liveness: WorkerLivenessSpec | undefined): WorkerProbes {
  // Probes are not shell-expanded: sh supplies $HOSTNAME (the pod name, which %h expands to).
  const exec = { command: ['sh', '-c', `exec celery -A ${app} inspect ping --destination "${nodePrefix}@$HOSTNAME" --timeout 10`] };
  return {
    startup: { exec, periodSeconds: 30, timeoutSeconds: 20, failureThreshold: 10, successThreshold: 1 },
    liveness: {
      exec,
      periodSeconds: liveness?.periodSeconds ?? ASYNC_DEFAULTS.pingPeriodSeconds,
      timeoutSeconds: 20,
      failureThreshold: 3,
      successThreshold: 1,
    },
  };
}

/** The env var that tells the application where to write its heartbeat, or none for inspect-ping. */
export function heartbeatEnv(liveness: WorkerLivenessSpec | undefined): k8s.EnvVar[] {
  if ((liveness?.method ?? ASYNC_DEFAULTS.livenessMethod) !== 'heartbeat-file') return [];
  return [{ name: 'WORKER_HEARTBEAT_FILE', value: liveness?.heartbeatFile ?? ASYNC_DEFAULTS.heartbeatFile }];
}
