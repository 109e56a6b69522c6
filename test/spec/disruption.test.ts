/** PodDisruptionBudget math, as the disruption controller computes it (percentages round up). */
import { evictionsAllowed, scaleIntOrPercent } from '../../src/spec/disruption';

describe('disruption budget math', () => {
  it('rounds percentages up, like intstr.GetScaledValueFromIntOrPercent(…, true)', () => {
    expect(scaleIntOrPercent('10%', 100)).toBe(10);
    expect(scaleIntOrPercent('10%', 3)).toBe(1);
    expect(scaleIntOrPercent('90%', 3)).toBe(3);
    expect(scaleIntOrPercent(2, 3)).toBe(2);
    expect(scaleIntOrPercent('ten', 3)).toBeNaN();
  });

  it('the default 10 % lets one pod go at any size, and 10 % of a large fleet', () => {
    expect(evictionsAllowed({ maxUnavailable: '10%' }, 1)).toBe(1);
    expect(evictionsAllowed({ maxUnavailable: '10%' }, 3)).toBe(1);
    expect(evictionsAllowed({ maxUnavailable: '10%' }, 100)).toBe(10);
    expect(evictionsAllowed({ maxUnavailable: '10%' }, 5000)).toBe(500);
  });

  it('minAvailable leaves the difference', () => {
    expect(evictionsAllowed({ minAvailable: 2 }, 3)).toBe(1);
    expect(evictionsAllowed({ minAvailable: 3 }, 3)).toBe(0);
    expect(evictionsAllowed({ minAvailable: '50%' }, 3)).toBe(1);
    expect(evictionsAllowed({ minAvailable: '90%' }, 3)).toBe(0);
  });

  it('maxUnavailable 0 blocks every drain', () => {
    expect(evictionsAllowed({ maxUnavailable: 0 }, 10)).toBe(0);
  });
});
