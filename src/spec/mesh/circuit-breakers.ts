import { formatDuration } from './duration';
import { CircuitBreakerProfileSpec } from './types';

/** Seed 001's breaker, verbatim: `new CircuitBreaker(serviceCall, { timeout: 3000, errorThresholdPercentage: 50, resetTimeout: 30000 })`. */
export const SEED_001_OPOSSUM = { timeout: 3000, errorThresholdPercentage: 50, resetTimeout: 30000 } as const;

/** Consecutive 5xx responses that eject a pod; chosen from the seed's 50 % threshold (see below). */
const CONSECUTIVE_5XX = 5;

/**
 * Expected number of requests until a pod that fails each request with probability `errorRate`
 * returns `consecutive` errors in a row (mean waiting time for a run of k events of probability p:
 * (1 − p^k) / ((1 − p) · p^k)). It turns opossum's percentage into Envoy's consecutive count.
 */
export function expectedRequestsToEjection(errorRate: number, consecutive: number): number {
  const run = errorRate ** consecutive;
  return (1 - run) / ((1 - errorRate) * run);
}

/**
 * How each opossum option of seed 001 lands in Istio, and how faithfully.
 *
 * opossum is a client-side breaker around one call site: it counts failures over a rolling
 * 10 s window for the whole destination, opens at 50 % and, after resetTimeout, lets one trial
 * call through (half-open). Istio breaks per destination *pod* in every caller's sidecar.
 */
export const SEED_001_MAPPING = {
  timeout: {
    istio: 'VirtualService http[].timeout',
    value: formatDuration(SEED_001_OPOSSUM.timeout),
    exact: true,
    note: 'the call fails with 504 after 3 s, including any retries; Envoy counts the timeout as a gateway error for outlier detection',
  },
  errorThresholdPercentage: {
    istio: 'DestinationRule outlierDetection.consecutive5xxErrors',
    value: CONSECUTIVE_5XX,
    exact: false,
    note: 'Istio has no percentage threshold (Envoy\'s failure_percentage ejection is not exposed by the DestinationRule API), '
      + 'and it ejects one pod at a time instead of opening the circuit for the whole service. A pod failing 50 % of its '
      + `requests returns ${CONSECUTIVE_5XX} errors in a row after ~${Math.round(expectedRequestsToEjection(0.5, CONSECUTIVE_5XX))} requests `
      + '(well inside opossum\'s 10 s window at 333 req/s per pod), while a healthy pod at 1 % errors practically never does.',
  },
  resetTimeout: {
    istio: 'DestinationRule outlierDetection.baseEjectionTime',
    value: formatDuration(SEED_001_OPOSSUM.resetTimeout),
    exact: false,
    note: 'an ejected pod returns after 30 s × the number of times it was ejected (Envoy caps it at 300 s), and it returns '
      + 'to full traffic: there is no half-open single trial request',
  },
} as const;

/**
 * Built-in profiles, to which platforms add their own (`mesh.circuitBreakers`).
 *
 * `opossum-seed-001` is seed 001's breaker in Istio terms (SEED_001_MAPPING), plus what opossum
 * has no option for:
 * - consecutiveGatewayErrors 3: timeouts, refused and reset connections (502/503/504) mean the
 *   pod itself is in trouble, so they eject sooner than application 500s;
 * - interval 5 s: Envoy ejects on the N-th consecutive error at once; the sweep interval only
 *   decides when ejected pods return, so the effective reset is 30–35 s;
 * - maxEjectionPercent 50: opossum's open state rejects every call, but ejecting every pod is not
 *   the same thing: ejection time grows with each ejection, so after an outage of a dependency
 *   shared by all pods the whole fleet would come back minutes late. Half the pods keep serving;
 * - minHealthPercent 0: no Envoy panic mode, which would send traffic to ejected pods again.
 */
export const BUILTIN_CIRCUIT_BREAKERS: Readonly<Record<string, CircuitBreakerProfileSpec>> = {
  'opossum-seed-001': {
    timeout: SEED_001_MAPPING.timeout.value,
    outlierDetection: {
      consecutive5xxErrors: SEED_001_MAPPING.errorThresholdPercentage.value,
      consecutiveGatewayErrors: 3,
      interval: '5s',
      baseEjectionTime: SEED_001_MAPPING.resetTimeout.value,
      maxEjectionPercent: 50,
      minHealthPercent: 0,
    },
  },
};
