import { BehaviorSpec } from './types';

/**
 * Built-in HPA behavior profiles, one per reference platform, exact to the seed documents.
 *
 * An HPA tracks a single target (e.g. CPU 70 %); it has no "scale up above 80 %, down below
 * 50 %" thresholds. The seeds' thresholds are therefore mapped onto what the HPA does have:
 * stabilization windows (how long a recommendation must hold) and rate policies (how fast).
 */
export const BUILTIN_BEHAVIOR_PROFILES: Readonly<Record<string, BehaviorSpec>> = {
  /**
   * Seed 000 (hyperscale): "Scale up: +50 % when CPU > 80 % for 30 s;
   * scale down: −10 % when CPU < 50 % for 5 m", with a 70 % CPU target.
   *
   * - "for 30 s" → scaleUp.stabilizationWindowSeconds 30: the HPA scales up to the lowest
   *   recommendation of the last 30 s, so only load that persists for 30 s adds pods.
   * - "+50 %" → one Percent policy of 50 per 30 s period.
   * - "for 5 m" → scaleDown.stabilizationWindowSeconds 300: pods go only after 5 minutes of
   *   consistently lower recommendations.
   * - "−10 %" → one Percent policy of 10 per 300 s period.
   * - 80 % / 50 % are not expressible; with target 70 % and the controller's default 10 %
   *   tolerance the HPA acts above 77 % and below 63 %, the closest the API allows.
   */
  'hyperscale-api': {
    scaleUp: {
      stabilizationWindowSeconds: 30,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 50, periodSeconds: 30 }],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 10, periodSeconds: 300 }],
    },
  },

  /** Seed 001 (global commerce), verbatim from its PredictiveHorizontalPodAutoscaler. */
  'burst-then-settle': {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 4, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
    },
  },

  /**
   * Seed 004 (scaling strategies): "add 50 % of current pods or 5 pods (whichever is higher)
   * every 30 s; remove 25 % or 2 pods every 5 minutes".
   *
   * Scale-down uses selectPolicy Max too: the policy allowing the larger removal wins (2 pods
   * below 8 replicas, 25 % above). The seed phrases both directions alike ("or"), and its own
   * timeline (12 → 6 → 3 pods within ten minutes) is faster than either reading allows; Max is
   * the closer one (12 → 3 in four periods, Min needs five). test/review/hpa-simulator.test.ts
   * replays the seed's story against this profile.
   */
  'fast-up-gentle-down': {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 50, periodSeconds: 30 },
        { type: 'Pods', value: 5, periodSeconds: 30 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 25, periodSeconds: 300 },
        { type: 'Pods', value: 2, periodSeconds: 300 },
      ],
    },
  },
};

export const SELECT_POLICIES: readonly string[] = ['Max', 'Min', 'Disabled'];
export const POLICY_TYPES: readonly string[] = ['Percent', 'Pods'];
