/**
 * The simulator's parts on their own: the behavior state (events in both directions, as
 * upstream counts them) and the load profiles with their validation.
 */
import { BehaviorState } from '../../src/review/simulate/behavior';
import { linearLoad, parseCsvLoad, parseDuration, parseLoadProfile } from '../../src/review/simulate/load';
import { BehaviorSpec } from '../../src/spec/types';

describe('behavior: rate limits count both directions in a period', () => {
  // ±4 pods per 60 s, no stabilization windows, minReplicas 1, maxReplicas 100.
  const rules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 4, periodSeconds: 60 }] };
  const behavior: BehaviorSpec = { scaleUp: rules, scaleDown: rules };

  it('a scale-down inside the period gives the scale-up its pods back', () => {
    const state = new BehaviorState(behavior, 10, 0);
    // 15 s: want 20 → periodStart 10 → limit 14.
    expect(state.normalize(15, 10, 20, 1, 100)).toBe(14);
    state.recordScale(15, 10, 14);
    // 30 s: want 8 → periodStart 14 − 4 added = 10 → floor 10 − 4 = 6 → 8 is allowed.
    expect(state.normalize(30, 14, 8, 1, 100)).toBe(8);
    state.recordScale(30, 14, 8);
    // 45 s: want 20 → periodStart 8 − 4 added + 6 removed = 10 → limit 14 (counting only
    // additions would give 8 − 4 = 4 → 8: no scale-up at all).
    expect(state.normalize(45, 8, 20, 1, 100)).toBe(14);
  });

  it('stabilization: up to the lowest, down to the highest recommendation in the window', () => {
    const windows: BehaviorSpec = { scaleUp: { ...rules, stabilizationWindowSeconds: 30, policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }] }, scaleDown: { ...rules, stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }] } };
    const state = new BehaviorState(windows, 10, 0);
    // 15 s: recommendations (−15, 15] = {0: 10, 15: 30} → up bound 10 → stay 10.
    expect(state.normalize(15, 10, 30, 1, 100)).toBe(10);
    // 30 s: (0, 30] = {15: 30, 30: 25} → lowest 25 → 25.
    expect(state.normalize(30, 10, 25, 1, 100)).toBe(25);
    // 45 s: want 5; the down window (−15, 45] still holds 30, above the current 25 → stay at 25.
    expect(state.normalize(45, 25, 5, 1, 100)).toBe(25);
  });
});

describe('load profiles', () => {
  it('parses durations and rejects garbage', () => {
    expect(['90', '90s', '5m', '1h30m', '1.5h', '2m30s'].map(parseDuration)).toEqual([90, 90, 300, 5400, 5400, 150]);
    expect(() => parseDuration('5x')).toThrow("'5x' is not a duration");
    expect(() => parseDuration('')).toThrow('is not a duration');
    expect(() => parseDuration('1.5s')).toThrow('is not a whole number of seconds');
  });

  it('steps, with times as durations', () => {
    const { load, lastChangeSeconds } = parseLoadProfile('0:100,1m:1000,2m:50');
    expect([load(0), load(59), load(60), load(119), load(120), load(9999)]).toEqual([100, 100, 1000, 1000, 50, 50]);
    expect(lastChangeSeconds).toBe(120);
  });

  it('a ramp: flat, linear, flat', () => {
    const { load } = parseLoadProfile('ramp:from=100,to=1100,start=1m,over=100s');
    // 100 + (1100 − 100) × (110 − 60) / 100 = 600.
    expect([load(0), load(60), load(110), load(160), load(500)]).toEqual([100, 100, 600, 1100, 1100]);
    expect(() => parseLoadProfile('ramp:from=1,to=2,start=0,over=0')).toThrow('ramp: over= must be longer than 0s');
    expect(() => parseLoadProfile('ramp:from=1,to=2,start=0,over=1m,by=3')).toThrow("ramp: unknown key 'by'");
  });

  it('a diurnal cosine: max at the peak, min half a period away', () => {
    const { load } = parseLoadProfile('diurnal:min=1000,max=5000,period=24h,peak=14h');
    expect([load(14 * 3600), load(2 * 3600), load(20 * 3600)].map(Math.round)).toEqual([5000, 1000, 3000]);
    expect(() => parseLoadProfile('diurnal:min=9,max=5,period=1h,peak=0')).toThrow('diurnal: min=9 is above max=5');
  });

  it('CSV rows: optional header, linear between rows, times must increase', () => {
    const { load } = parseCsvLoad('time,load\n0,10\n1m,70\n# spike over\n2m,70\n', 'x.csv');
    expect([load(0), load(30), load(90), load(600)]).toEqual([10, 40, 70, 70]);
    expect(() => parseCsvLoad('0,1\n10,-5\n', 'x.csv')).toThrow("x.csv row 2: load '-5' is not a number ≥ 0");
    expect(() => parseCsvLoad('0,1\n10,2\n10,3\n', 'x.csv')).toThrow('x.csv: times must increase; 10s follows 10s');
    expect(() => parseCsvLoad('time,load\n', 'x.csv')).toThrow('x.csv has no points');
    expect(linearLoad([[0, 0], [10, 100]])(5)).toBe(50);
  });
});
