/** The seed-001 reference platform: every number in the seed, as rendered. */
import { COMMERCE_SCALING, COMMERCE_TOPICS, CRITICAL_SERVICES, commerce } from '../../platforms/commerce';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

const REGIONS = ['us-east', 'us-west', 'eu-central', 'apac'];
const ALL = Object.keys(COMMERCE_SCALING).sort();

describe('commerce (seed 001)', () => {
  const objects = renderObjects(commerce);
  const issues = validatePlatform(commerce);
  const inFile = (file: string, kind: string) => objects.filter((o) => o.file === file && o.object.kind === kind).map((o) => o.object);

  it('is valid, with warnings only', () => expect(issues.filter(isError)).toEqual([]));

  it('has four clusters: us-east, us-west, eu-central, apac', () => {
    const clusters = [...new Set(objects.map((o) => o.file.split('/')[1]))].filter((f) => !f.endsWith('.yaml') && f !== 'loadtest');
    expect(clusters.sort()).toEqual([...REGIONS].sort());
  });

  it('runs all ten services in us-east, us-west and eu-central, and only the critical six in apac', () => {
    for (const region of ['us-east', 'us-west', 'eu-central']) {
      expect(inFile(`commerce/${region}/10-shop.yaml`, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(ALL);
    }
    expect(inFile('commerce/apac/10-shop.yaml', 'Deployment').map((d) => d.metadata.name).sort())
      .toEqual(['fraud-detection', 'inventory', 'order', 'payment', 'product', 'user']);
    expect(Object.keys(commerce.regions.apac.runsOnly!).sort()).toEqual(Object.keys(CRITICAL_SERVICES).sort());
    // Why each is critical is data, not a comment.
    for (const why of Object.values(CRITICAL_SERVICES)) expect(why.length).toBeGreaterThan(20);
  });

  it('admits in apac only callers that run there (no ServiceAccount of a left-out service)', () => {
    const user = findObject(objects, 'commerce/apac/10-shop.yaml', 'AuthorizationPolicy', 'user');
    const principals = user.spec.rules.flatMap((r: any) => r.from.flatMap((f: any) => f.source.principals));
    expect(principals).toContain('cluster.local/ns/shop/sa/order');
    expect(principals).not.toContain('cluster.local/ns/shop/sa/notification');
  });

  describe.each(REGIONS)('region %s', (region) => {
    const file = `commerce/${region}/10-shop.yaml`;
    const running = region === 'apac' ? Object.keys(CRITICAL_SERVICES) : ALL;

    it.each(ALL)('%s: min–max pods as the seed says, CPU 70 %, the seed-001 behavior', (name) => {
      if (!running.includes(name)) {
        expect(inFile(file, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).not.toContain(name);
        return;
      }
      const hpa = findObject(objects, file, 'HorizontalPodAutoscaler', name);
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([COMMERCE_SCALING[name].min, COMMERCE_SCALING[name].max]);
      expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
      expect(hpa.spec.behavior).toEqual(BUILTIN_BEHAVIOR_PROFILES['burst-then-settle']);
    });

    it('pairs every HPA with a VPA in recommendation mode (updateMode Off) on the same Deployment', () => {
      const vpas = inFile(file, 'VerticalPodAutoscaler');
      expect(vpas.map((v) => v.metadata.name).sort()).toEqual([...running].sort());
      for (const vpa of vpas) {
        expect(vpa.apiVersion).toBe('autoscaling.k8s.io/v1');
        expect(vpa.spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: vpa.metadata.name });
        expect(vpa.spec.updatePolicy).toEqual({ updateMode: 'Off' });
      }
    });

    it('breaks circuits as seed 001\'s opossum: 3 s timeout, 5 consecutive 5xx (≈ 50 %), 30 s ejection', () => {
      for (const name of running) {
        const dr = findObject(objects, file, 'DestinationRule', name);
        expect(dr.spec.trafficPolicy.outlierDetection).toMatchObject({ consecutive5xxErrors: 5, baseEjectionTime: '30s' });
        const vs = findObject(objects, file, 'VirtualService', name);
        expect(vs.spec.http[0].timeout).toBe('3s');
      }
    });
  });

  it('scales product 16–40 in us-east (the issue\'s example)', () => {
    const hpa = findObject(objects, 'commerce/us-east/10-shop.yaml', 'HorizontalPodAutoscaler', 'product');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([16, 40]);
  });

  it('runs Kong in every region as 4 instances of 8 CPU / 16 GB', () => {
    const kong = objects.filter((o) => o.object.kind === 'Application' && o.object.spec?.source?.chart === 'kong');
    expect(kong.map((k) => k.object.spec.destination.name).sort()).toEqual([...REGIONS].sort());
    for (const { object } of kong) {
      const values = object.spec.source.helm.valuesObject;
      expect(values.replicaCount).toBe(4);
      expect(values.resources).toEqual({ requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } });
    }
  });

  it.each([
    ['us-east', 6, 3, 18],
    ['us-west', 6, 3, 18],
    ['eu-central', 4, 3, 12],
    // "2 shards × 3 replicas" cannot fail over; the seed's 6 nodes run as 3 × 2 (see the warning below).
    ['apac', 3, 2, 6],
  ])('runs Redis in %s as %i shards × %i nodes = %i nodes of 8 CPU, maxmemory ≥ 32 GiB', (region, shards, perShard, nodes) => {
    const sts = findObject(objects, `commerce/${region}/10-data.yaml`, 'StatefulSet', 'cache');
    expect(sts.spec.replicas).toBe(nodes);
    expect(shards * perShard).toBe(nodes);
    const env = Object.fromEntries(objects.filter((o) => o.file === `commerce/${region}/10-data.yaml` && o.object.kind === 'Job')
      .flatMap((o) => o.object.spec.template.spec.containers[0].env ?? []).map((e: any) => [e.name, e.value]));
    expect(env.REDIS_SHARDS).toBe(String(shards));
    expect(env.REDIS_REPLICAS_PER_SHARD).toBe(String(perShard - 1));
    const redis = sts.spec.template.spec.containers[0];
    expect(redis.resources.limits.cpu).toBe('8');
    const conf = findObject(objects, `commerce/${region}/10-data.yaml`, 'ConfigMap', 'cache-config').data['redis.conf'];
    const maxmemory = Number(/^maxmemory (\d+)$/m.exec(conf)![1]);
    expect(maxmemory).toBeGreaterThanOrEqual(32 * 2 ** 30);
  });

  it('warns in the seed\'s own words where seed 001 contradicts itself', () => {
    const warnings = issues.filter((i) => i.rule === 'seed-contradiction');
    expect(warnings.map((w) => w.path)).toEqual(['commerce.seedClaims.0', 'commerce.seedClaims.1', 'commerce.seedClaims.2']);
    expect(warnings[0].message).toContain('the seed says "Asia-Pacific: 6 nodes (2 shards × 3 replicas)", but the platform renders 3 shards × 2 nodes = 6 nodes (apac)');
    expect(warnings[1].message).toContain('"Resources: 54 nodes × (8 CPU, 32GB RAM) = 432 CPU, 1,728GB RAM", but the platform renders a 43692Mi memory limit per node (every region)');
    expect(warnings[2].message).toContain('4 Kong pods in each of 4 regions = 16');
  });

  describe('Kafka (seed 001: 51 brokers, nine *-events topics)', () => {
    const file = (region: string) => `commerce/${region}/10-kafka.yaml`;

    it.each([['us-east', 15], ['us-west', 15], ['eu-central', 12], ['apac', 9]])('runs %s with %i brokers of 8 CPU / 16 GB', (region, brokers) => {
      const pool = findObject(objects, file(region), 'KafkaNodePool', 'events-brokers');
      expect(pool.spec.replicas).toBe(brokers);
      expect(pool.spec.roles).toEqual(['broker']);
      expect(pool.spec.resources).toEqual({ requests: { cpu: '8', memory: '16Gi' }, limits: { cpu: '8', memory: '16Gi' } });
      expect(pool.spec.template.pod.tolerations).toEqual([{ key: 'platform-compiler.dev/node-pool', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }]);
    });

    it('adds up to the seed\'s "51 brokers × (8 CPU, 16GB RAM) = 408 CPU, 816GB RAM"', () => {
      const pools = REGIONS.map((r) => findObject(objects, file(r), 'KafkaNodePool', 'events-brokers').spec);
      expect(pools.reduce((n, p) => n + p.replicas, 0)).toBe(51);
      expect(pools.reduce((n, p) => n + p.replicas * Number(p.resources.requests.cpu), 0)).toBe(408);
      expect(pools.reduce((n, p) => n + p.replicas * parseInt(p.resources.requests.memory, 10), 0)).toBe(816);
    });

    it.each(REGIONS)('declares the nine topics in %s at 100 partitions, RF 3, 30 days, lz4 or zstd', (region) => {
      const topics = inFile(file(region), 'KafkaTopic');
      expect(topics.map((t) => t.metadata.name).sort()).toEqual([...COMMERCE_TOPICS].sort());
      for (const t of topics) {
        expect(t.metadata.labels['strimzi.io/cluster']).toBe('events');
        expect([t.spec.partitions, t.spec.replicas]).toEqual([100, 3]);
        expect(t.spec.config['retention.ms']).toBe(30 * 24 * 3600 * 1000);
        expect(t.spec.config['min.insync.replicas']).toBe(2);
        expect(t.spec.config['compression.type']).toBe(['analytics-events', 'audit-events'].includes(t.metadata.name) ? 'zstd' : 'lz4');
      }
    });

    it.each(REGIONS)('lets the shop services reach the plain listener in %s, both ways', (region) => {
      const kafka = findObject(objects, file(region), 'Kafka', 'events');
      expect(kafka.spec.kafka.listeners[0].networkPolicyPeers).toContainEqual({
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'commerce' } },
      });
      const running = region === 'apac' ? Object.keys(CRITICAL_SERVICES) : ALL;
      for (const name of running) {
        expect(findObject(objects, `commerce/${region}/10-shop.yaml`, 'NetworkPolicy', name).spec.egress).toContainEqual({
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } }, podSelector: { matchLabels: { 'strimzi.io/cluster': 'events' } } }],
          ports: [{ port: 9092, protocol: 'TCP' }],
        });
      }
    });
  });

  it('declares MongoDB (12 shards × 3 replicas per region) as an external dependency with egress and a connection budget', () => {
    for (const region of ['us-east', 'us-west', 'eu-central', 'apac']) {
      const entry = findObject(objects, `commerce/${region}/10-shop.yaml`, 'ServiceEntry', 'mongodb');
      expect(entry.spec.hosts).toEqual(['mongos.mongodb.commerce.internal']);
      expect(entry.spec.ports).toEqual([{ number: 27017, name: 'tls-27017', protocol: 'TLS' }]);
      expect(entry.metadata.annotations['platform-compiler.dev/topology']).toBe('12 shards × 3 replicas per region');
      expect(entry.metadata.annotations['platform-compiler.dev/max-connections']).toBe('3000');
      const egress = findObject(objects, `commerce/${region}/10-shop.yaml`, 'NetworkPolicy', 'order').spec.egress;
      expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 27017, protocol: 'TCP' }] });
    }
    // order 40 × 20 + analytics 30 × 10 = 1100 of 3000 at maxReplicas.
    expect(issues.filter((i) => i.rule === 'external-connection-budget')).toEqual([]);
  });

  it('refuses a MongoDB pool that would exceed the routers at maxReplicas', () => {
    const mongo = commerce.mesh!.externalServices!.mongodb;
    const tight = { ...commerce, mesh: { ...commerce.mesh!, externalServices: { ...commerce.mesh!.externalServices, mongodb: { ...mongo, connectionBudget: { ...mongo.connectionBudget!, maxConnections: 1000 } } } } };
    const found = validatePlatform(tight).filter((i) => i.rule === 'external-connection-budget');
    // apac runs no analytics: order 40 × 20 = 800 fits there.
    expect(found.map((f) => [f.path, f.message])).toEqual(['eu-central', 'us-east', 'us-west'].map((region) => [
      'commerce.mesh.externalServices.mongodb.connectionBudget.maxConnections',
      `region ${region}: at maxReplicas the clients open 1100 connections (analytics 30 × 10 + order 40 × 20), 100 over maxConnections 1000`,
    ]));
  });
});
