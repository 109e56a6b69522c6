/**
 * Seed 003 scheduled scaling on an HTTP service: KEDA cron windows plus a CPU trigger, rendered
 * by ScalableService as a ScaledObject instead of an HPA, and proven against KEDA's own rule for
 * when a cron trigger is active, minute by minute over a week.
 */
import { App, Chart } from 'cdk8s';
import { ScalableService } from '../../src/constructs/scalable-service';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { validatePlatform } from '../../src/spec/validate';
import { asyncPlatform, seed003EventScaling } from '../support/async-fixtures';
import { findObject, renderObjects, webService } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const FILE = 'shop/east/10-store.yaml';
const platform = asyncPlatform({ brokers: {} }, {}, { autoscaling: undefined, eventScaling: seed003EventScaling() });

describe('a service with eventScaling (seed 003)', () => {
  const objects = renderObjects(platform);
  const so = findObject(objects, FILE, 'ScaledObject', 'web');

  it('is a valid spec', () => expect(validatePlatform(platform)).toEqual([]));

  it('renders a ScaledObject instead of an HPA, and leaves replicas unset', () => {
    expect(objects.some((o) => o.object.kind === 'HorizontalPodAutoscaler')).toBe(false);
    expect(findObject(objects, FILE, 'Deployment', 'web').spec).not.toHaveProperty('replicas');
    expect(so.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    expect(so.metadata.labels['app.kubernetes.io/name']).toBe('web');
  });

  it('floors at the weekend count and caps at maxReplicas', () => {
    expect(so.spec).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 20, pollingInterval: 30, cooldownPeriod: 300 });
  });

  it('has one cron trigger per window in the spec\'s timezone, then CPU utilization', () => {
    expect(so.spec.triggers).toEqual([
      { type: 'cron', name: 'business-hours', metadata: { timezone: 'Europe/Berlin', start: '0 9 * * 1-5', end: '0 17 * * 1-5', desiredReplicas: '10' } },
      { type: 'cron', name: 'off-hours-evening', metadata: { timezone: 'Europe/Berlin', start: '0 17 * * 1-5', end: '0 0 * * 2-6', desiredReplicas: '3' } },
      { type: 'cron', name: 'off-hours-morning', metadata: { timezone: 'Europe/Berlin', start: '0 0 * * 1-5', end: '0 9 * * 1-5', desiredReplicas: '3' } },
      { type: 'cron', name: 'weekends', metadata: { timezone: 'Europe/Berlin', start: '0 0 * * 0,6', end: '0 0 * * 0,1', desiredReplicas: '2' } },
      { type: 'cpu', name: 'cpu-utilization', metricType: 'Utilization', metadata: { value: '70' } },
    ]);
  });

  it('passes the behavior profile through', () => {
    expect(so.spec.advanced).toEqual({ horizontalPodAutoscalerConfig: { behavior: BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'] } });
  });

  it('keeps a PDB at the floor', () => {
    expect(findObject(objects, FILE, 'PodDisruptionBudget', 'web').spec.maxUnavailable).toBe('10%');
  });

  it('validates against the KEDA CRD', () => expect(schemaErrors(so)).toEqual([]));

  it('resolves a platform-defined behavior profile', () => {
    const profile = {
      scaleUp: { stabilizationWindowSeconds: 60, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 2, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 900, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 300 }] },
    };
    const custom = asyncPlatform({ brokers: {} }, { behaviorProfiles: { 'office-hours': profile } },
      { autoscaling: undefined, eventScaling: seed003EventScaling({ behavior: 'office-hours', memoryUtilization: 80 }) });
    expect(validatePlatform(custom)).toEqual([]);
    const scaled = findObject(renderObjects(custom), FILE, 'ScaledObject', 'web');
    expect(scaled.spec.advanced.horizontalPodAutoscalerConfig.behavior).toEqual(profile);
    expect(scaled.spec.triggers.at(-1)).toEqual({ type: 'memory', name: 'memory-utilization', metricType: 'Utilization', metadata: { value: '80' } });
    expect(schemaErrors(scaled)).toEqual([]);
  });
});

describe('ScalableService with eventScaling, constructed directly', () => {
  const chart = new Chart(new App(), 'chart', { disableResourceNameHashes: true });
  const scalable = new ScalableService(chart, 'web', {
    identity: { name: 'web', instance: 'shop-web', component: 'api', partOf: 'shop', version: '1.4.2', region: 'east' },
    namespace: 'store',
    spec: webService({ autoscaling: undefined, eventScaling: seed003EventScaling() }),
    behavior: BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'],
    nodePool: { nodeLabels: { pool: 'general' } },
  });

  it('passes the behavior to the ScaledObject and lists it among its objects', () => {
    expect(scalable.autoscaler).toBeUndefined();
    expect(scalable.apiObjects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Service', 'Deployment', 'ScaledObject', 'PodDisruptionBudget']);
    const so = chart.toJson().find((o: any) => o.kind === 'ScaledObject');
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior).toEqual(BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down']);
  });
});

/** Minute of the week, Sunday 00:00 = 0, in the trigger's timezone. */
const WEEK = 7 * 24 * 60;

/** Next minute strictly after `now` matching `m h * * <dow>` (the cron library's Next). */
function next(expr: string, now: number): number {
  const [m, h, , , dowField] = expr.split(' ');
  const days = new Set(dowField.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }));
  const fires = [...days].flatMap((d) => [0, WEEK].map((w) => w + d * 1440 + Number(h) * 60 + Number(m)));
  return Math.min(...fires.filter((t) => t > now % WEEK)) + now - (now % WEEK);
}

/** KEDA's cron scaler: active from a start until the next end, i.e. when the next end comes no later than the next start. */
function active(trigger: { start: string; end: string }, now: number): boolean {
  return next(trigger.end, now) <= next(trigger.start, now);
}

describe('the seed-003 windows, replayed over a week with KEDA\'s cron rule', () => {
  const so = findObject(renderObjects(platform), FILE, 'ScaledObject', 'web');
  const cron = so.spec.triggers.filter((t: any) => t.type === 'cron').map((t: any) => t.metadata);
  /** Replicas without CPU load: the highest active window, never below minReplicaCount. */
  const replicasAt = (minute: number) =>
    Math.max(so.spec.minReplicaCount, ...cron.filter((t: any) => active(t, minute)).map((t: any) => Number(t.desiredReplicas)));
  const at = (day: number, hh: number, mm = 0) => day * 1440 + hh * 60 + mm;

  it('runs 10 in business hours, 3 off hours on weekdays, 2 at weekends', () => {
    for (let minute = 0; minute < WEEK; minute += 15) {
      const day = Math.floor(minute / 1440);
      const hour = (minute % 1440) / 60;
      const weekday = day >= 1 && day <= 5;
      const expected = !weekday ? 2 : hour >= 9 && hour < 17 ? 10 : 3;
      expect([minute, replicasAt(minute)]).toEqual([minute, expected]);
    }
  });

  it('switches at the edges: Friday 23:59 is off hours, Saturday 00:01 weekend, Monday 08:59 off hours, 09:01 business', () => {
    expect(replicasAt(at(5, 23, 59))).toBe(3);
    expect(replicasAt(at(6, 0, 1))).toBe(2);
    expect(replicasAt(at(1, 8, 59))).toBe(3);
    expect(replicasAt(at(1, 9, 1))).toBe(10);
    expect(replicasAt(at(3, 16, 59))).toBe(10);
    expect(replicasAt(at(3, 17, 1))).toBe(3);
    expect(replicasAt(at(0, 23, 59))).toBe(2);
  });
});
