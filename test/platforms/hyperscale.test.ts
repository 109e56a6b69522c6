/** The seed-000 reference platform: every number in the seed, as rendered. */
import { hyperscale } from '../../platforms/hyperscale';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

describe('hyperscale (seed 000)', () => {
  const objects = renderObjects(hyperscale);

  it('is valid, with warnings only', () => expect(validatePlatform(hyperscale).filter(isError)).toEqual([]));

  it('says where seed 000 disagrees with itself: HPA max 5000 × 2 CPU vs the 2000-core Django budget', () => {
    const warnings = validatePlatform(hyperscale).filter((i) => !isError(i) && i.rule === 'pool-capacity-at-max');
    expect(warnings.map((w) => w.path)).toEqual([
      'hyperscale.nodePools.compute-optimized.capacityPerRegion.cpu',
      'hyperscale.nodePools.compute-optimized.capacityPerRegion.memory',
      'hyperscale.nodePools.general-purpose.capacityPerRegion.cpu',
      'hyperscale.nodePools.general-purpose.capacityPerRegion.memory',
    ]);
    expect(warnings[0].message).toContain('need 10000 CPU (api 5000 × 2), but the pool has 2000 CPU');
    expect(warnings[1].message).toContain('need 20000 GiB (api 5000 × 4Gi), but the pool has 4000 GiB');
    // "Celery workers: 500 × 2 CPU = 1000 cores" budgets the workers' floor, not their ceiling.
    expect(warnings[2].message).toContain('but the pool has 1000 CPU');
  });

  it('has one cluster per region: us-east, eu-west, apac', () => {
    const clusters = [...new Set(objects.map((o) => o.file.split('/')[1]))].filter((f) => !f.endsWith('.yaml') && f !== 'loadtest');
    expect(clusters.sort()).toEqual(['apac', 'eu-west', 'us-east']);
  });

  describe.each(['us-east', 'eu-west', 'apac'])('region %s', (region) => {
    const file = `hyperscale/${region}/10-web.yaml`;
    const hpa = findObject(objects, file, 'HorizontalPodAutoscaler', 'api');
    const deployment = findObject(objects, file, 'Deployment', 'api');
    const container = deployment.spec.template.spec.containers[0];

    it('scales the API 100–5000 on CPU 70 %, memory 80 % and 333 req/s per pod', () => {
      expect(hpa.spec.minReplicas).toBe(100);
      expect(hpa.spec.maxReplicas).toBe(5000);
      expect(hpa.spec.metrics).toEqual([
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '333' } } },
      ]);
    });

    it('uses the seed-000 behavior: +50 %/30 s up, −10 %/5 min down', () => {
      expect(hpa.spec.behavior).toEqual(BUILTIN_BEHAVIOR_PROFILES['hyperscale-api']);
      expect(hpa.spec.behavior.scaleUp.policies).toEqual([{ type: 'Percent', value: 50, periodSeconds: 30 }]);
      expect(hpa.spec.behavior.scaleDown.policies).toEqual([{ type: 'Percent', value: 10, periodSeconds: 300 }]);
    });

    it('runs 2 CPU / 4 GiB pods of uvicorn with 4 workers on compute-optimized nodes', () => {
      expect(container.resources).toEqual({ requests: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '256Mi' }, limits: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '1Gi' } });
      expect(container.command).toEqual(['uvicorn']);
      expect(container.args.join(' ')).toContain('--workers 4');
      expect(container.args.join(' ')).toContain('--limit-concurrency 250');
      expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'platform-compiler.dev/node-pool': 'compute-optimized' });
      expect(deployment.spec).not.toHaveProperty('replicas');
    });

    it('keeps secrets out of the manifests: only Secret names and keys', () => {
      expect(container.env.filter((e: any) => e.valueFrom)).toEqual([
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-database', key: 'url' } } },
        { name: 'DJANGO_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'api-django', key: 'secret-key' } } },
      ]);
    });

    it('lets 10 % of the API go in a drain: 10 pods at minReplicas', () => {
      expect(findObject(objects, file, 'PodDisruptionBudget', 'api').spec.maxUnavailable).toBe('10%');
    });
  });

  it('declares the three node pools of the seed, and one for the PostgreSQL shards', () => {
    expect(Object.keys(hyperscale.nodePools).sort()).toEqual(['compute-optimized', 'database', 'general-purpose', 'memory-optimized']);
  });
});
