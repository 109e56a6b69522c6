/** The built-in HPA behavior profiles, field by field against the seed documents. */
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';

describe('behavior profiles', () => {
  it('seed 000 hyperscale-api: +50 % per 30 s after 30 s; −10 % per 5 min after 5 min', () => {
    expect(BUILTIN_BEHAVIOR_PROFILES['hyperscale-api']).toEqual({
      scaleUp: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 30 }] },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 10, periodSeconds: 300 }] },
    });
  });

  it('seed 001 burst-then-settle: up Percent 100/15 s and Pods 4/15 s (Max, window 0); down Percent 50/60 s (window 300)', () => {
    expect(BUILTIN_BEHAVIOR_PROFILES['burst-then-settle']).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0, selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }],
      },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] },
    });
  });

  it('seed 004 fast-up-gentle-down: up 50 % or 5 pods per 30 s (higher wins); down 25 % or 2 pods per 5 min', () => {
    expect(BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down']).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0, selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 50, periodSeconds: 30 }, { type: 'Pods', value: 5, periodSeconds: 30 }],
      },
      scaleDown: {
        stabilizationWindowSeconds: 300, selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 25, periodSeconds: 300 }, { type: 'Pods', value: 2, periodSeconds: 300 }],
      },
    });
  });
});
