/** The seed-003 reference platform: every number in the seed, as rendered. */
import { scalingArchitecture } from '../../platforms/scaling-architecture';
import { isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];
const TIMEZONES: Record<string, string> = { 'us-east-1': 'America/New_York', 'eu-west-1': 'Europe/Dublin', 'ap-south-1': 'Asia/Kolkata' };

describe('scaling-architecture (seed 003)', () => {
  const objects = renderObjects(scalingArchitecture);

  it('is valid, without warnings', () => expect(validatePlatform(scalingArchitecture).filter(isError)).toEqual([]));

  it('three regions: us-east-1, eu-west-1, ap-south-1', () => {
    const clusters = [...new Set(objects.map((o) => o.file.split('/')[1]))].filter((f) => !f.endsWith('.yaml') && f !== 'loadtest');
    expect(clusters.sort()).toEqual([...REGIONS].sort());
  });

  describe.each(REGIONS)('region %s', (region) => {
    const file = `scaling-architecture/${region}/10-app.yaml`;
    const so = findObject(objects, file, 'ScaledObject', 'product');
    const triggers = Object.fromEntries(so.spec.triggers.filter((t: any) => t.type === 'cron').map((t: any) => [t.name, t.metadata]));

    it('no HPA on product: the ScaledObject owns it', () => {
      expect(objects.some((o) => o.file === file && o.object.kind === 'HorizontalPodAutoscaler' && o.object.spec.scaleTargetRef.name === 'product')).toBe(false);
    });
    it(`business hours 9–17 → 10 instances, in ${TIMEZONES[region]}`, () => {
      expect(triggers['business-hours']).toMatchObject({ timezone: TIMEZONES[region], start: '0 9 * * 1-5', end: '0 17 * * 1-5', desiredReplicas: '10' });
    });
    it('off hours → 3 instances', () => {
      expect(triggers['off-hours-morning'].desiredReplicas).toBe('3');
      expect(triggers['off-hours-evening'].desiredReplicas).toBe('3');
    });
    it('weekends → 2 instances (the floor)', () => {
      expect(so.spec.minReplicaCount).toBe(2);
      expect(triggers.weekends.desiredReplicas).toBe('2');
    });
    it('target tracking CPU 70 % and memory 80 %', () => {
      const resource = so.spec.triggers.filter((t: any) => t.type === 'cpu' || t.type === 'memory').map((t: any) => [t.type, t.metadata.value]);
      expect(resource).toEqual([['cpu', '70'], ['memory', '80']]);
      const auth = findObject(objects, file, 'HorizontalPodAutoscaler', 'auth');
      expect(auth.spec.metrics.slice(0, 2).map((m: any) => m.resource.target.averageUtilization)).toEqual([70, 80]);
    });
    it('step scaling as behavior: doubling per minute after 2 minutes, halving per 10 minutes after 10', () => {
      const b = findObject(objects, file, 'HorizontalPodAutoscaler', 'order').spec.behavior;
      expect(b.scaleUp).toEqual({ stabilizationWindowSeconds: 120, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }] });
      expect(b.scaleDown).toEqual({ stabilizationWindowSeconds: 600, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 600 }] });
      expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior).toEqual(b);
    });
    it('auth 3 instances, order 5 (the seed\'s floors), 50 per service (the ceiling)', () => {
      expect(findObject(objects, file, 'HorizontalPodAutoscaler', 'auth').spec).toMatchObject({ minReplicas: 3, maxReplicas: 50 });
      expect(findObject(objects, file, 'HorizontalPodAutoscaler', 'order').spec).toMatchObject({ minReplicas: 5, maxReplicas: 50 });
      const product = [so.spec.maxReplicaCount, ...['product-b', 'product-c'].map((n) => findObject(objects, file, 'HorizontalPodAutoscaler', n).spec.maxReplicas)];
      expect(product.reduce((a, b) => a + b, 0)).toBe(50);
    });
    it('2 CPU / 4 GB instances at 1,000 req/s each', () => {
      const c = findObject(objects, file, 'Deployment', 'auth').spec.template.spec.containers[0];
      expect(c.resources.requests).toMatchObject({ cpu: '2', memory: '4Gi' });
      const rps = findObject(objects, file, 'HorizontalPodAutoscaler', 'auth').spec.metrics.find((m: any) => m.type === 'Pods');
      expect(rps.pods.target.averageValue).toBe('1000');
    });
    it('round robin: product', () => expect(findObject(objects, file, 'DestinationRule', 'product').spec.trafficPolicy.loadBalancer).toEqual({ simple: 'ROUND_ROBIN' }));
    it('least connections: order', () => expect(findObject(objects, file, 'DestinationRule', 'order').spec.trafficPolicy.loadBalancer).toEqual({ simple: 'LEAST_REQUEST' }));
    it('session affinity: auth, by a cookie (behind the edge the source IP is Kong\'s)', () => {
      expect(findObject(objects, file, 'DestinationRule', 'auth').spec.trafficPolicy.loadBalancer.consistentHash).toMatchObject({ httpCookie: { name: 'auth-affinity', ttl: '3600s', path: '/' } });
    });
    it('weighted 3 : 2 : 1 → 50 / 33 / 17', () => {
      const route = findObject(objects, file, 'VirtualService', 'product').spec.http[0].route;
      expect(route.map((r: any) => [r.destination.host.split('.')[0], r.weight])).toEqual([['product', 50], ['product-b', 33], ['product-c', 17]]);
    });
  });

  it('the seed\'s IP hash behind the edge is an error (source-ip-hash-behind-gateway)', () => {
    const ipHash = JSON.parse(JSON.stringify(scalingArchitecture));
    ipHash.namespaces.app.services.auth.mesh.loadBalancer = { algorithm: 'CONSISTENT_HASH', hashBy: { sourceIp: true } };
    expect(validatePlatform(ipHash).filter(isError).map((i) => i.rule)).toEqual(['source-ip-hash-behind-gateway']);
  });

  it('50 instances × 1,000 req/s = 50,000 req/s per region, 150,000 across three', () => {
    expect(scalingArchitecture.loadTest!.requestsPerSecond).toBe(50_000);
    expect(scalingArchitecture.loadTest!.requestsPerSecond * REGIONS.length).toBe(150_000);
  });
  describe('Postgres (seed: "Read Replicas (10 per DB)", "Connection Pool (100 conn)"), per region', () => {
    const SHARD: Record<string, string> = { 'us-east-1': 'users-0', 'eu-west-1': 'users-1', 'ap-south-1': 'users-2' };
    const issues = validatePlatform(scalingArchitecture);
    it('no Postgres findings: both budgets hold', () => expect(issues.filter((i) => i.path.includes('.postgres.'))).toEqual([]));
    it('no stand-in Postgres services: the mesh reaches the rendered PgBouncer pods only', () => {
      expect(Object.keys(scalingArchitecture.mesh!.externalServices!)).toEqual(['pgbouncer']);
    });
    describe.each(REGIONS)('region %s', (region) => {
      const file = `scaling-architecture/${region}/10-data.yaml`;
      const clusters = objects.filter((o) => o.file === file && o.object.kind === 'Cluster' && o.object.apiVersion === 'postgresql.cnpg.io/v1');
      it(`one database: shard ${SHARD[region]}`, () => expect(clusters.map((o) => o.object.metadata.name)).toEqual([SHARD[region]]));
      it('1 primary + 10 read replicas = 11 instances', () => expect(clusters[0].object.spec.instances).toBe(11));
      it('max_connections 200', () => expect(clusters[0].object.spec.postgresql.parameters.max_connections).toBe('200'));
      it.each(['rw', 'ro'])('%s pool of 100 connections: 2 PgBouncer pods × default_pool_size 50', (type) => {
        const pooler = findObject(objects, file, 'Pooler', `${SHARD[region]}-pooler-${type}`);
        expect(pooler.spec.instances * Number(pooler.spec.pgbouncer.parameters.default_pool_size)).toBe(100);
        expect(pooler.spec.pgbouncer.parameters).toEqual({ default_pool_size: '50', max_client_conn: '1000' });
      });
    });
    it('a pool over max_connections 200 − 3 reserved is postgres-server-budget', () => {
      const big = JSON.parse(JSON.stringify(scalingArchitecture));
      big.namespaces.data.data.postgres.users.poolers.rw.defaultPoolSize = 99;
      expect(validatePlatform(big).filter(isError).map((i) => `${i.path} [${i.rule}]`)).toEqual([
        'scaling-architecture.namespaces.data.data.postgres.users.poolers.rw.defaultPoolSize [postgres-server-budget]',
      ]);
    });
  });
});
