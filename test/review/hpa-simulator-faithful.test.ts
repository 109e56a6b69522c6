/**
 * The faithful model against cases worked by hand from the upstream controller
 * (pkg/controller/podautoscaler: replica_calculator.go, horizontal.go). Each case writes its
 * arithmetic out; milli-units are the API's (1 core = 1000m).
 */
import { simulate, simulateHpa, stepLoad } from '../../src/review/hpa-simulator';
import { PodModel, SimulationConfig } from '../../src/review/simulate/engine';
import { startupTiming } from '../../src/review/simulate/pods';
import { proposeReplicas } from '../../src/review/simulate/replica-calculator';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { BehaviorSpec } from '../../src/spec/types';

describe('replica calculator (GetResourceReplicas / calcPlainMetricReplicas)', () => {
  it('no unready or missing pods: ceil(ratio × ready pods)', () => {
    // 4 pods at 900m of a 1000m request: utilization trunc(3600 × 100 / 4000) = 90 %.
    // ratio 90 / 60 = 1.5; ceil(1.5 × 4) = 6.
    expect(proposeReplicas('resource', 4, [{ count: 4, standing: 'counted', value: 900, request: 1000 }], 60, 0.1)).toBe(6);
  });

  it('within the 0.1 tolerance keeps the current count', () => {
    // 65 % against 60 %: ratio 1.083, |1 − 1.083| ≤ 0.1 → stay at 4.
    expect(proposeReplicas('resource', 4, [{ count: 4, standing: 'counted', value: 650, request: 1000 }], 60, 0.1)).toBe(4);
  });

  it('unready pods count as 0 % on a scale-up, which can cancel it', () => {
    // 4 ready pods at 800m → 80 % → ratio 1.6 (> 1, so the 4 unready pods are rebalanced in).
    // With them at 0: trunc(3200 × 100 / 8000) = 40 % → ratio 0.8, the opposite direction → stay at 8.
    const groups = [{ count: 4, standing: 'counted' as const, value: 800, request: 1000 }, { count: 4, standing: 'ignored' as const, value: 0, request: 1000 }];
    expect(proposeReplicas('resource', 8, groups, 50, 0.1)).toBe(8);
    // The same 4 ready pods at 1000m (saturated): 100 % → 2.0; with the unready: 4000 × 100 / 8000 = 50 % → 1.0 → stay.
    expect(proposeReplicas('resource', 8, [{ ...groups[0], value: 1000 }, groups[1]], 50, 0.1)).toBe(8);
  });

  it('missing pods count as 100 % of their request on a scale-down', () => {
    // 6 pods at 100m → 10 % → ratio 0.2. The 2 pods without metrics are set to 1000m:
    // trunc((600 + 2000) × 100 / 8000) = 32 % → ratio 0.64 → ceil(0.64 × 8) = ceil(5.12) = 6 (not ceil(0.2 × 6) = 2).
    const groups = [{ count: 6, standing: 'counted' as const, value: 100, request: 1000 }, { count: 2, standing: 'missing' as const, value: 0, request: 1000 }];
    expect(proposeReplicas('resource', 8, groups, 50, 0.1)).toBe(6);
  });

  it('missing pods count as 0 on a scale-up of a Pods metric', () => {
    // 3 pods at 600 req/s (600000m) against 300 → ratio 2.0; 1 missing pod at 0:
    // trunc(1800000 / 4) = 450000 → ratio 1.5 → ceil(1.5 × 4) = 6.
    // 3 missing (current 6): 1800000 / 6 = 300000 → ratio 1.0 → stay at 6, where ceil(2 × 3) would also say 6
    // only by the missing pods being ignored; here they hold the proposal at the current count.
    const ready = { count: 3, standing: 'counted' as const, value: 600000, request: 0 };
    expect(proposeReplicas('pods', 4, [ready, { count: 1, standing: 'missing', value: 0, request: 0 }], 300000, 0.1)).toBe(6);
    expect(proposeReplicas('pods', 6, [ready, { count: 3, standing: 'missing', value: 0, request: 0 }], 300000, 0.1)).toBe(6);
  });

  it('no counted pod at all is an error (undefined), as "did not receive metrics for any ready pods"', () => {
    expect(proposeReplicas('resource', 2, [{ count: 2, standing: 'ignored', value: 0, request: 1000 }], 50, 0.1)).toBeUndefined();
  });
});

describe('start-up delay from the probes', () => {
  const probes = (startup: object, readiness: object) => ({ startup: { path: '/', ...startup }, readiness: { path: '/', ...readiness }, liveness: { path: '/' } });

  it('takes the startup probe\'s whole budget by default, then the next readiness run', () => {
    // hyperscale api: startup every 2 s, failureThreshold 30 → slowest passing boot 0 + 2 × 29 = 58 s;
    // readiness runs every 5 s from 0 → first run at or after 58 s is 60 s.
    expect(startupTiming(probes({ periodSeconds: 2, failureThreshold: 30 }, { periodSeconds: 5 }))).toEqual({ readySeconds: 60, startupBudgetSeconds: 58 });
  });

  it('uses a given boot time and the initial delays', () => {
    // Boot 7 s; startup at 5 s + every 4 s → runs at 5, 9 → passes at 9; readiness from 12 s every 10 s → 12.
    expect(startupTiming(probes({ initialDelaySeconds: 5, periodSeconds: 4, failureThreshold: 5 }, { initialDelaySeconds: 12, periodSeconds: 10 }), 7).readySeconds).toBe(12);
  });

  it('refuses a boot the startup probe would not survive', () => {
    // Defaults: period 10, failureThreshold 3 → budget 20 s.
    expect(() => startupTiming(probes({}, {}), 25)).toThrow("a 25s boot exceeds the startup probe's budget of 20s");
  });
});

// One core per pod (request = limit), 0.01 core per req/s: 100 req/s saturates a pod; the
// 50 % CPU target is 50 req/s per pod. Scale-up: +100 % per 15 s, no window.
const doubling: BehaviorSpec = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};
const pod: PodModel = { cpuRequestCores: 1, cpuLimitCores: 1, cpuCoresPerUnit: 0.01, memoryRequestBytes: 1000, memoryIdleBytes: 0, memoryBytesPerUnit: 0, readySeconds: 20 };
// 100 req/s on 2 pods (at target), then 1000 req/s from 1 s: 20 pods needed, the max.
const spike: SimulationConfig = {
  minReplicas: 2, maxReplicas: 20, behavior: doubling, metrics: [{ type: 'cpu', utilization: 50 }], pod,
  load: stepLoad([[0, 100], [1, 1000]]), durationSeconds: 240,
};
const timeline = (config: SimulationConfig) => simulate(config).changes.map((c) => [c.atSeconds, c.from, c.to]);

describe('a saturated spike: the faithful model reaches the target later than the optimistic one', () => {
  it('optimistic: every pod ready at once, metrics exact → 20 pods at 60 s', () => {
    // Load 20 pods' worth. 15 s: ceil(20) = 20, limited to 2 × 2 = 4; 30 s: 8; 45 s: 16; 60 s: min(20, 32) = 20.
    expect(simulateHpa({ minReplicas: 2, maxReplicas: 20, behavior: doubling, load: stepLoad([[0, 2], [1, 20]]), durationSeconds: 240 })
      .map((c) => [c.atSeconds, c.from, c.to])).toEqual([[15, 2, 4], [30, 4, 8], [45, 8, 16], [60, 16, 20]]);
  });

  it('faithful: CPU capped at the limit, pods unready for 20 s → 20 pods at 150 s', () => {
    // 15 s: sample (0,15] has both pods at 500 req/s offered, 100 served: 1000m = 100 % → 2.0 → ceil(2 × 2) = 4
    //       (the controller sees 4, not the 20 needed: a capped pod cannot report more than 100 %).
    // 30 s: the 2 new pods (running at 15, ready at 35) are unready → ignored; 2 counted at 100 % → 2.0 > 1
    //       → rebalance: 2000m / 4000m = 50 % → 1.0 → within tolerance → stay 4.
    // 45 s: ready at 35, but the sample (30,45] is younger than ready + one window (50 s) → still ignored → 4.
    // 60 s: all 4 counted at 100 % (1000 / 4 = 250 offered, 100 served) → ceil(2 × 4) = 8.
    // 75 s, 90 s: the same pattern with the 4 new pods (ready at 80, counted from the 105 s sample) → 8.
    // 105 s: 8 at 100 % → 16.  120 s, 135 s: rebalanced ([121,124] at 100, [125,135] at 62.5 req/s:
    //       (4 × 1000 + 11 × 625) / 15 = 725m → 72 % → 1.44; with 8 unready at 0: 5800 / 16000 = 36 % → flips → stay).
    // 150 s: 16 counted at 625m → 62 % → 1.24 → ceil(19.84) = 20.
    expect(timeline(spike)).toEqual([[15, 2, 4], [60, 4, 8], [105, 8, 16], [150, 16, 20]]);
    const result = simulate(spike);
    // The proposals stay far below what the load needs while the pods are saturated.
    expect(result.changes.map((c) => [c.recommended, c.needed])).toEqual([[4, 20], [8, 20], [16, 20], [20, 20]]);
    // Ready pods cover the need only once the last 4 are ready: 150 + 20 = 170 s (first sync at 180 s).
    expect(result.syncs.find((s) => s.ready >= s.needed)?.atSeconds).toBe(180);
  });

  it('metrics lag: a sample one period old delays every step by a sync or more', () => {
    // The controller reads the sample at floor((t − 15) / 15) × 15. 15 s: the sample at 0 shows the
    // old load (50 %) → stay. 30 s: sample 15 is saturated → 4. The new pods (running at 30) have no
    // sample until 45 (missing → 0 on a scale-up: 2000m / 4000m → 1.0 → stay); sample 75 is the first
    // a whole window after they turned ready (50 s) → 90 s: 8; likewise 150 s: 16, 210 s: 20.
    expect(timeline({ ...spike, metricsPipeline: { delaySeconds: 15 } })).toEqual([[30, 2, 4], [90, 4, 8], [150, 8, 16], [210, 16, 20]]);
  });

  it('node provisioning: pods beyond the spare capacity stay Pending for the node delay', () => {
    // 1 spare core: at 15 s one new pod runs (ready 35), one waits for a node until 75 (ready 95).
    // 60 s: 3 counted at 100 % (1000 / 3 offered), the pending one ignored → 2.0 > 1 → rebalance:
    // 3000m / 4000m = 75 % → 1.5 → ceil(1.5 × 4) = 6 (the run without a node delay adds 4 here).
    expect(timeline({ ...spike, nodes: { spareCores: 1, provisionSeconds: 60 } }).slice(0, 2)).toEqual([[15, 2, 4], [60, 4, 6]]);
  });
});

describe('several metrics: the highest proposal wins', () => {
  it('memory above its target outvotes CPU at its target', () => {
    // 4 pods, 200 req/s → 50 req/s each → 500m = 50 % CPU → ratio 1.0 → 4.
    // Memory 900 of 1000 bytes = 90 % against 60 % → 1.5 → ceil(1.5 × 4) = 6. max(4, 6) = 6 at 15 s.
    const config: SimulationConfig = {
      ...spike, minReplicas: 4, load: () => 200, durationSeconds: 15,
      metrics: [{ type: 'cpu', utilization: 50 }, { type: 'memory', utilization: 60 }], pod: { ...pod, memoryIdleBytes: 900 },
    };
    expect(simulate(config).changes).toEqual([{ atSeconds: 15, from: 4, to: 6, recommended: 6, needed: 4 }]);
  });
});

describe('needed is not capped at maxReplicas', () => {
  it('reports what the load needs beyond the ceiling', () => {
    // 3000 req/s at 50 per pod = 60 pods; maxReplicas 20 caps the replicas, not the need.
    const result = simulate({ ...spike, load: stepLoad([[0, 100], [1, 3000]]) });
    expect(Math.max(...result.syncs.map((s) => s.needed))).toBe(60);
    expect(Math.max(...result.syncs.map((s) => s.replicas))).toBe(20);
  });
});

describe('seed 004 through the faithful model: the scale-down still takes twenty minutes', () => {
  // 1-core request, 2-core limit, 0.7 core per unit of load (one unit = one pod at the 70 % target).
  // Spike: 12 × 65 / 70 = 11.14 units from 1 s; normal: 3 × 50 / 70 = 2.14 units from 7200 s.
  const spikeEnds = 7200;
  const result = simulate({
    minReplicas: 3, maxReplicas: 20, behavior: BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'], metrics: [{ type: 'cpu', utilization: 70 }],
    pod: { cpuRequestCores: 1, cpuLimitCores: 2, cpuCoresPerUnit: 0.7, memoryRequestBytes: 1, memoryIdleBytes: 0, memoryBytesPerUnit: 0, readySeconds: 30 },
    load: stepLoad([[0, (3 * 50) / 70], [1, (12 * 65) / 70], [spikeEnds, (3 * 50) / 70]]), durationSeconds: spikeEnds + 1800,
  });

  it('scales up to 12 at 60 s, not 45 s: the 5 new pods are unready until 45 s and sampled from 60 s', () => {
    // 15 s: 11.14 / 3 × 0.7 = 2.6 cores, capped at 2 → 200 % → 2.857 → ceil(8.57) = 9; +50 % → 5, +5 pods → 8: Max → 8.
    // 30 s, 45 s: 3 counted at 200 %, 5 ignored → 6000m / 8000m = 75 % → 1.07 → within tolerance → 8.
    // 60 s: 8 counted at 11.14 / 8 × 0.7 = 975m → 97 % → 1.386 → ceil(11.09) = 12.
    expect(result.changes.slice(0, 2).map((c) => [c.atSeconds, c.from, c.to, c.recommended])).toEqual([[15, 3, 8, 9], [60, 8, 12, 12]]);
  });

  it('scales down 12 → 3 by T+20 min, as the idealised model says (the seed says T+15 min)', () => {
    // The 7200 s sample still holds 14 s of spike: (14 × 650 + 125) / 15 = 615m → 61 % → 0.871 → ceil(10.46) = 11,
    // so at T+285 s (the window (7185, 7485]) the highest recommendation is 11, not 12: 12 → 11.
    // T+300: all 3; the 25 % policy starts from 11 + 1 removed in the period = 12 → trunc(9) = 9, 2 pods → 10: → 9.
    // T+585: the 7500 s event (−2) is still in its period: start 11 → trunc(8.25) = 8 (2 pods: 9) → 8.
    // T+600: start 8 → 6.  T+900: 6 → trunc(4.5) = 4.
    // T+1200: from 4, 25 % → 3 and 2 pods → 2; Max picks 2, and minReplicas holds it at 3.
    expect(result.changes.slice(2).map((c) => [c.atSeconds - spikeEnds, c.from, c.to])).toEqual([
      [285, 12, 11], [300, 11, 9], [585, 9, 8], [600, 8, 6], [900, 6, 4], [1200, 4, 3],
    ]);
  });
});
