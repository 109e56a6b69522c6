/**
 * The HPA model against the seeds' own scaling stories. Seed 004 narrates a Black Friday spike;
 * its behavior policies reproduce the scale-up, but not the scale-down it tells: the seed is
 * inconsistent with itself there, and this is the test that says so.
 */
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { replicasAt, simulateHpa, stepLoad } from '../../src/review/hpa-simulator';

describe('seed 004 spike: 3 → 12 pods, then back to 3 (fast-up-gentle-down)', () => {
  // 12 pods settle at 65 % CPU against a 70 % target: the spike needs 12 × 65/70 ≈ 11.1 pods.
  // Normal load is 3 pods at 50 % CPU: 3 × 50/70 ≈ 2.1 pods.
  const spikeEnds = 2 * 3600;
  const changes = simulateHpa({
    minReplicas: 3, maxReplicas: 20, behavior: BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'],
    load: stepLoad([[0, (3 * 50) / 70], [1, (12 * 65) / 70], [spikeEnds, (3 * 50) / 70]]),
    durationSeconds: spikeEnds + 1800,
  });

  it('scales up as the seed says: +5 pods (3 → 8), then +4 (8 → 12) one 30 s period later', () => {
    expect(changes.slice(0, 2)).toEqual([
      { atSeconds: 15, from: 3, to: 8, recommended: 12, needed: 12 },
      { atSeconds: 45, from: 8, to: 12, recommended: 12, needed: 12 },
    ]);
  });

  it('scales down more slowly than the seed tells: 12 → 9 → 6 → 4 → 3, one step per 5-minute period', () => {
    // The first step waits until the last high recommendation leaves the 300 s window.
    expect(changes.slice(2).map((c) => [c.atSeconds - spikeEnds, c.from, c.to])).toEqual([
      [285, 12, 9], [585, 9, 6], [885, 6, 4], [1185, 4, 3],
    ]);
    // The seed: "T+2 h 5 min: down to 6 pods; T+2 h 15 min: down to 3 pods".
    expect(replicasAt(changes, 3, spikeEnds + 300)).toBe(9); // not 6
    expect(replicasAt(changes, 3, spikeEnds + 900)).toBe(4); // not 3
  });

  it('would be slower still with selectPolicy Min (why the profile uses Max)', () => {
    const profile = BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'];
    const withMin = simulateHpa({
      minReplicas: 3, maxReplicas: 20, initialReplicas: 12,
      behavior: { ...profile, scaleDown: { ...profile.scaleDown, selectPolicy: 'Min' } },
      load: () => 2, durationSeconds: 3600,
    });
    expect(withMin.map((c) => c.to)).toEqual([10, 8, 6, 4, 3]);
  });
});

describe('seed 000 hyperscale-api', () => {
  it('adds at most 50 % per 30 s, once the 30 s up-window holds only high recommendations', () => {
    const changes = simulateHpa({
      minReplicas: 100, maxReplicas: 5000, behavior: BUILTIN_BEHAVIOR_PROFILES['hyperscale-api'],
      load: stepLoad([[0, 100], [60, 1000]]), durationSeconds: 300,
    });
    // Load rises at 60 s; the window (45 s, 75 s] is all high at 75 s.
    expect(changes.slice(0, 4).map((c) => [c.atSeconds, c.to])).toEqual([[75, 150], [105, 225], [135, 338], [165, 507]]);
  });

  it('removes at most 10 % per 5 minutes, after 5 minutes of lower load', () => {
    const changes = simulateHpa({
      minReplicas: 100, maxReplicas: 5000, initialReplicas: 1000, behavior: BUILTIN_BEHAVIOR_PROFILES['hyperscale-api'],
      load: () => 100, durationSeconds: 1200,
    });
    expect(changes.map((c) => [c.atSeconds, c.to])).toEqual([[300, 900], [600, 810], [900, 729], [1200, 656]]);
  });
});

describe('seed 001 burst-then-settle', () => {
  it('doubles or adds 4 pods every 15 s, whichever is more, with no up-window', () => {
    const changes = simulateHpa({
      minReplicas: 16, maxReplicas: 40, behavior: BUILTIN_BEHAVIOR_PROFILES['burst-then-settle'],
      load: () => 40, durationSeconds: 60,
    });
    expect(changes.map((c) => [c.atSeconds, c.to])).toEqual([[15, 32], [30, 40]]);
  });
});
