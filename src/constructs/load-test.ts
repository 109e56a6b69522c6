/**
 * A region's k6 load test as a k6-operator TestRun, its script in a ConfigMap. The script is seed
 * 000's (`stages` 5 m → 100k, 10 m → 1M, 5 m → 0 against a 1M req/s platform, and its 100 ms
 * check), with the targets scaled to this platform's peak and run as an arrival rate: the seed's
 * targets are requests per second, which k6's `ramping-arrival-rate` executor holds whatever the
 * latency (plain `stages` would ramp virtual users instead).
 */
import { Construct } from 'constructs';
import { TestRun, TestRunSpecRunnerResourcesLimits, TestRunSpecRunnerResourcesRequests } from '../../imports/k6-testrun-k6.io';
import { LOAD_TEST_DEFAULTS } from '../model/defaults';
import * as k8s from './k8s';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface LoadStage { readonly duration: string; readonly target: number }

/** Seed 000's stages, scaled from its 1M req/s to `peak`. */
export function scaledStages(peak: number): LoadStage[] {
  const factor = peak / LOAD_TEST_DEFAULTS.seedPeakRequestsPerSecond;
  return LOAD_TEST_DEFAULTS.seedStages.map((s) => ({ duration: s.duration, target: Math.round(s.target * factor) }));
}

export interface LoadPlan {
  readonly url: string;
  readonly stages: readonly LoadStage[];
  readonly parallelism: number;
  readonly preAllocatedVUs: number;
  readonly maxVUs: number;
}

export function loadPlan(url: string, peak: number): LoadPlan {
  const preAllocatedVUs = Math.max(1, Math.ceil(peak * LOAD_TEST_DEFAULTS.virtualUsersPerRequestPerSecond));
  return {
    url,
    stages: scaledStages(peak),
    parallelism: Math.max(1, Math.ceil(peak / LOAD_TEST_DEFAULTS.requestsPerSecondPerRunner)),
    preAllocatedVUs,
    maxVUs: 2 * preAllocatedVUs,
  };
}

/** The script, deterministic text. k6 splits the rates and VUs across the runners (execution segments). */
export function k6Script(plan: LoadPlan): string {
  const stages = plan.stages.map((s) => `        { duration: '${s.duration}', target: ${s.target} },`).join('\n');
  return [
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    '',
    'export const options = {',
    '  scenarios: {',
    '    peak: {',
    "      executor: 'ramping-arrival-rate',",
    '      startRate: 0,',
    "      timeUnit: '1s',",
    `      preAllocatedVUs: ${plan.preAllocatedVUs},`,
    `      maxVUs: ${plan.maxVUs},`,
    '      stages: [',
    stages,
    '      ],',
    '    },',
    '  },',
    `  thresholds: { http_req_duration: ['p(95)<${LOAD_TEST_DEFAULTS.maxResponseMs}'] },`,
    '};',
    '',
    'export default function () {',
    `  const res = http.get(${JSON.stringify(plan.url)});`,
    '  check(res, {',
    "    'status is 200': (r) => r.status === 200,",
    `    'response time < ${LOAD_TEST_DEFAULTS.maxResponseMs}ms': (r) => r.timings.duration < ${LOAD_TEST_DEFAULTS.maxResponseMs},`,
    '  });',
    '}',
    '',
  ].join('\n');
}

export const K6_SCRIPT_FILE = 'load-test.js';

export interface LoadTestProps {
  /** Name of the ConfigMap and the TestRun; namespace and labels of both. */
  readonly metadata: ObjectMetadata & { readonly namespace: string };
  readonly plan: LoadPlan;
}

/** Restricted Pod Security for every pod the operator starts (runners, initializer, starter). */
function hardened(resources: { requests: Record<string, string>; limits: Record<string, string> }) {
  return {
    automountServiceAccountToken: 'false',
    securityContext: { runAsNonRoot: true, runAsUser: 12345, runAsGroup: 12345, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: {
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    },
    resources: {
      requests: Object.fromEntries(Object.entries(resources.requests).map(([k, v]) => [k, TestRunSpecRunnerResourcesRequests.fromString(v)])),
      limits: Object.fromEntries(Object.entries(resources.limits).map(([k, v]) => [k, TestRunSpecRunnerResourcesLimits.fromString(v)])),
    },
  };
}

export class LoadTest extends Construct {
  constructor(scope: Construct, id: string, props: LoadTestProps) {
    super(scope, id);
    const meta = toApiMetadata(props.metadata);
    new k8s.KubeConfigMap(this, 'script', { metadata: meta, data: { [K6_SCRIPT_FILE]: k6Script(props.plan) } });
    const helper = { ...LOAD_TEST_DEFAULTS.helperResources.requests };
    new TestRun(this, 'test-run', {
      metadata: meta,
      spec: {
        parallelism: props.plan.parallelism,
        script: { configMap: { name: props.metadata.name, file: K6_SCRIPT_FILE } },
        runner: { image: LOAD_TEST_DEFAULTS.image, ...hardened({ requests: { ...LOAD_TEST_DEFAULTS.runnerResources.requests }, limits: { ...LOAD_TEST_DEFAULTS.runnerResources.limits } }) },
        initializer: { image: LOAD_TEST_DEFAULTS.image, ...hardened({ requests: helper, limits: { ...LOAD_TEST_DEFAULTS.helperResources.limits } }) },
        starter: hardened({ requests: helper, limits: { ...LOAD_TEST_DEFAULTS.helperResources.limits } }),
      },
    });
  }
}
