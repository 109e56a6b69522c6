/** The seed-004 reference platform: every number in the seed, as rendered, and where the seed disagrees with itself. */
import { spikeReady } from '../../platforms/spike-ready';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';

const WEB = 'spike-ready/us-east-1/10-web.yaml';
const DATA = 'spike-ready/us-east-1/10-data.yaml';
const KAFKA = 'spike-ready/us-east-1/10-kafka.yaml';
// A writable copy: the platform is deep-readonly data.
const clone = (): any => JSON.parse(JSON.stringify(spikeReady));

describe('spike-ready (seed 004)', () => {
  const objects = renderObjects(spikeReady);
  const issues = validatePlatform(spikeReady);
  const hpa = findObject(objects, WEB, 'HorizontalPodAutoscaler', 'api');

  it('is valid, with the seed\'s own contradictions as warnings only', () => {
    expect(issues.filter(isError)).toEqual([]);
    expect(issues.map((i) => `${i.rule} ${i.path}`).sort()).toEqual([
      'operating-point spike-ready.namespaces.web.services.api.autoscaling.operatingPoints[0].cpuUtilization',
      'operating-point spike-ready.namespaces.web.services.api.autoscaling.operatingPoints[1].cpuUtilization',
      'operating-point spike-ready.namespaces.web.services.api.autoscaling.operatingPoints[1].replicas',
      'seed-contradiction spike-ready.seedClaims.0',
    ]);
  });

  it('one region (us-east-1) over three AZs', () => {
    expect([...new Set(objects.map((o) => o.file.split('/')[1]))].filter((f) => !f.endsWith('.yaml')).sort()).toEqual(['loadtest', 'us-east-1']);
    expect(spikeReady.regions['us-east-1'].zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
  });

  it('HPA minReplicas 3', () => expect(hpa.spec.minReplicas).toBe(3));
  it('HPA maxReplicas 20', () => expect(hpa.spec.maxReplicas).toBe(20));
  it('CPU > 70 %', () => expect(hpa.spec.metrics).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }));
  it('memory > 80 %', () => expect(hpa.spec.metrics).toContainEqual({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }));
  it('requests/second > 1000 per pod', () => {
    const pods = hpa.spec.metrics.find((m: any) => m.type === 'Pods');
    expect(pods.pods.target).toEqual({ type: 'AverageValue', averageValue: '1000' });
  });
  it('scale up 50 % or 5 pods (whichever is higher) every 30 s', () => {
    expect(hpa.spec.behavior.scaleUp).toEqual({ ...BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'].scaleUp });
    expect(hpa.spec.behavior.scaleUp.policies).toEqual([{ type: 'Percent', value: 50, periodSeconds: 30 }, { type: 'Pods', value: 5, periodSeconds: 30 }]);
    expect(hpa.spec.behavior.scaleUp.selectPolicy).toBe('Max');
  });
  it('scale down 25 % or 2 pods every 5 minutes', () => {
    expect(hpa.spec.behavior.scaleDown.policies).toEqual([{ type: 'Percent', value: 25, periodSeconds: 300 }, { type: 'Pods', value: 2, periodSeconds: 300 }]);
  });
  it('peak 20 pods @ 1000 req/s = 20,000 req/s carries the 10,000 req/s spike', () => {
    expect(hpa.spec.maxReplicas * 1000).toBe(20_000);
    expect(spikeReady.namespaces.web.services.api.autoscaling!.peakRequestsPerSecond).toBe(10_000);
  });

  it('warns in the seed\'s words: "12 pods at 65 %" against 10,000 req/s at 1,000 per pod', () => {
    const w = issues.find((i) => i.path.endsWith('operatingPoints[1].replicas'))!;
    expect(w.message).toBe('"T+90 seconds: CPU stabilizes at 65%, 12 pods handle load": 10,000 req/s at 1,000 req/s per pod is 10 pods, not 12 (12 pods serve 833 req/s each, 83 % of the per-pod target)');
    const cpu = issues.find((i) => i.path.endsWith('operatingPoints[1].cpuUtilization'))!;
    expect(cpu.message).toContain('833 req/s per pod at 65 % CPU is 897 req/s per pod at the 70 % CPU target');
  });
  it('warns that the normal load (1,000 req/s on 3 pods at 50 % CPU) makes CPU, not 1000 req/s, the limit', () => {
    const w = issues.find((i) => i.path.endsWith('operatingPoints[0].cpuUtilization'))!;
    expect(w.message).toContain('333 req/s per pod at 50 % CPU is 467 req/s per pod');
    expect(w.message).toContain('20 pods carry 9,333 req/s, not 20,000');
  });

  describe('Cluster Autoscaler: 2–20 nodes per AZ × 3 AZs', () => {
    const ca = spikeReady.nodePools.general.clusterAutoscaler!;
    it('min 2 per AZ (6 total)', () => expect(ca.minNodesPerZone * 3).toBe(6));
    it('max 20 per AZ (60 total)', () => expect(ca.maxNodesPerZone * 3).toBe(60));
    it('autoscaler-capacity: maxReplicas × requests must fit max nodes × allocatable', () => {
      const small = clone();
      small.nodePools.general.clusterAutoscaler = { ...ca, maxNodesPerZone: 3 };
      const errors = validatePlatform(small).filter(isError);
      expect(errors).toEqual([expect.objectContaining({ path: 'spike-ready.nodePools.general.clusterAutoscaler.maxNodesPerZone', rule: 'autoscaler-capacity' })]);
      // api 20 × 1 + event-consumer 12 × 1 + cache 9 × 1 = 41 CPU; 3 × 3 × 3.92 = 35.28.
      expect(errors[0].message).toContain('request 41 CPU, but 3 nodes × 3 zones × 3920m allocatable is 35.28 CPU');
    });
  });

  describe('Kafka: 12 partitions, consumers 5–15', () => {
    const so = findObject(objects, WEB, 'ScaledObject', 'event-consumer');
    const consumer = spikeReady.namespaces.web.async!.kafkaConsumers!['event-consumer'];
    it('12 partitions', () => expect(consumer.partitions).toBe(12));
    it('min 5 consumers', () => expect(so.spec.minReplicaCount).toBe(5));
    it('the seed\'s 15 stays an error (consumer-partitions) against the declared topic; the platform caps the group at 12', () => {
      expect(so.spec.maxReplicaCount).toBe(12);
      const seed = clone();
      seed.namespaces.web.async!.kafkaConsumers!['event-consumer'].maxWorkers = 15;
      expect(validatePlatform(seed).filter(isError)).toEqual([{
        path: 'spike-ready.namespaces.web.async.kafkaConsumers.event-consumer.maxWorkers', rule: 'consumer-partitions',
        message: "maxWorkers (15) is more than the 12 partitions of topic 'events': Kafka gives each partition to one consumer of group 'event-consumers', so consumers 13–15 would sit idle (and KEDA stops at 12 anyway); set maxWorkers to at most 12, or add partitions to the topic first",
      }]);
    });

    it('consumers 5–12 read a declared 12-partition topic (RF 3) on the rendered 3-broker cluster behind events-kafka-bootstrap', () => {
      expect(consumer.broker).toBe('kafka');
      expect(spikeReady.namespaces.web.async!.brokers!.kafka).toMatchObject({ kind: 'kafka', service: 'events-kafka-bootstrap', namespace: 'kafka' });
      expect(findObject(objects, KAFKA, 'Kafka', 'events').metadata.namespace).toBe('kafka');
      expect(findObject(objects, KAFKA, 'KafkaNodePool', 'events-brokers').spec.replicas).toBe(3);
      const topic = findObject(objects, KAFKA, 'KafkaTopic', 'events');
      expect(topic.metadata.labels['strimzi.io/cluster']).toBe('events');
      expect(topic.spec).toEqual({ partitions: 12, replicas: 3, config: { 'retention.ms': 7 * 24 * 3600 * 1000, 'compression.type': 'lz4', 'min.insync.replicas': 2 } });
      expect([so.spec.minReplicaCount, so.spec.maxReplicaCount]).toEqual([5, topic.spec.partitions]);
      // The rule reads the topic object, not the consumer's own `partitions`.
      const bigger = clone();
      bigger.namespaces.kafka.data.kafka.events.topics.events.partitions = 24;
      expect(validatePlatform(bigger).filter(isError).map((i) => [i.path, i.rule])).toEqual([
        ['spike-ready.namespaces.web.async.kafkaConsumers.event-consumer.partitions', 'consumer-partitions'],
      ]);
    });
  });

  describe('Redis Cluster 3 shards × 2 replicas', () => {
    const sts = findObject(objects, DATA, 'StatefulSet', 'cache');
    it('3 × (1 + 2) = 9 nodes', () => expect(sts.spec.replicas).toBe(9));
  });

  describe('Postgres connection pool 50 × 20 = 1000 (max_connections)', () => {
    const deployment = findObject(objects, WEB, 'Deployment', 'api');
    const env = Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    it('50 per pod', () => expect(env.DB_POOL_SIZE).toBe('50'));
    it('× maxReplicas 20 = 1000', () => expect(Number(env.DB_POOL_SIZE) * hpa.spec.maxReplicas).toBe(1000));
    it('reads to the replicas, writes to the primary, both through the rendered Pooler Services', () => {
      expect(env.DATABASE_READ_HOST).toBe('postgres-0-pooler-ro.data.svc.cluster.local');
      expect(env.DATABASE_WRITE_HOST).toBe('postgres-0-pooler-rw.data.svc.cluster.local');
      for (const type of ['rw', 'ro']) {
        expect(findObject(objects, DATA, 'Pooler', `postgres-0-pooler-${type}`).spec).toMatchObject({ cluster: { name: 'postgres-0' }, type });
      }
    });
  });

  describe('Postgres on CloudNativePG: 1 primary + 2 read replicas, max_connections 1000', () => {
    const cluster = findObject(objects, DATA, 'Cluster', 'postgres-0');
    const pooler = (type: string) => findObject(objects, DATA, 'Pooler', `postgres-0-pooler-${type}`);
    const withApiPool = (perPod: number) => {
      const seed = clone();
      seed.namespaces.data.data.postgres.postgres.clients.api = { connectionsPerPod: perPod, readConnectionsPerPod: perPod };
      return validatePlatform(seed);
    };
    it('one shard: a single CNPG Cluster', () => {
      expect(objects.filter((o) => o.object.kind === 'Cluster' && o.object.apiVersion === 'postgresql.cnpg.io/v1').map((o) => o.object.metadata.name)).toEqual(['postgres-0']);
    });
    it('1 primary + 2 read replicas = 3 instances', () => expect(cluster.spec.instances).toBe(3));
    it('max_connections 1000', () => expect(cluster.spec.postgresql.parameters.max_connections).toBe('1000'));
    it('each pooler takes the 1000 client connections: 2 PgBouncer pods × max_client_conn 500', () => {
      for (const type of ['rw', 'ro']) {
        expect(pooler(type).spec.instances).toBe(2);
        expect(pooler(type).spec.pgbouncer).toEqual({ poolMode: 'transaction', parameters: { max_client_conn: '500', default_pool_size: '100' } });
      }
    });
    it('postgres-client-budget passes at exactly 1000 (50 × 20 = 500 × 2) and fails at 51 per pod', () => {
      expect(withApiPool(50).filter((i) => i.rule === 'postgres-client-budget')).toEqual([]);
      const over = withApiPool(51).filter((i) => i.rule === 'postgres-client-budget');
      expect(over.map((i) => i.path)).toEqual(['spike-ready.namespaces.data.data.postgres.postgres.clients', 'spike-ready.namespaces.data.data.postgres.postgres.clients']);
      expect(over[0].message).toContain('the clients open 1020 connections');
      expect(over[0].message).toContain('20 over max_client_conn 500 × 2 instances = 1000');
    });
    it('postgres-server-budget: 2 × 100 server connections per pooler, within 1000 − 3 reserved = 997', () => {
      expect(issues.filter((i) => i.rule === 'postgres-server-budget')).toEqual([]);
      const direct = clone();
      direct.namespaces.data.data.postgres.postgres.poolers.rw.defaultPoolSize = 500;
      expect(validatePlatform(direct).filter((i) => i.rule === 'postgres-server-budget').map((i) => i.message)).toEqual([
        'region us-east-1: the rw pooler opens up to default_pool_size 500 × 2 instances = 1000 server connections, 3 over max_connections 1000 − 3 reserved = 997',
      ]);
    });
    it('warns in the seed\'s words that 1000 connections straight to PostgreSQL are 3 over the 997 ordinary roles get', () => {
      const w = issues.find((i) => i.rule === 'seed-contradiction')!;
      expect(w.path).toBe('spike-ready.seedClaims.0');
      expect(w.message).toContain('the seed says "max_connections = 1000, connection_pool_size = 50 per pod, max_pods = 20, Total connections = 1000 (within limit)"');
      expect(w.message).toContain('max_connections 1000 − 3 reserved = 997 connections for ordinary roles, 3 fewer than 1000 (us-east-1)');
      expect(w.message).toContain('superuser_reserved_connections');
    });
    it('the claim is silent at 997 (max_connections − 3 reserved) and names a database that does not render', () => {
      const within = clone();
      within.seedClaims[0].connections = 997;
      expect(validatePlatform(within).filter((i) => i.rule === 'seed-contradiction')).toEqual([]);
      const missing = clone();
      missing.seedClaims[0].postgres = 'orders';
      expect(validatePlatform(missing).find((i) => i.rule === 'seed-contradiction')!.message).toContain("the platform renders no PostgreSQL database 'orders'");
    });
    it('no stand-in Postgres services: the mesh reaches the rendered PgBouncer pods only', () => {
      expect(Object.keys(spikeReady.mesh!.externalServices!).sort()).toEqual(['cache', 'kafka', 'pgbouncer']);
      expect(objects.filter((o) => /postgres-(rw|ro)$|postgres-pooler$/.test(o.object.metadata?.name ?? '')).map((o) => `${o.object.kind}/${o.object.metadata.name}`)).toEqual([]);
    });
  });

  describe('VPA on the API, recommendation only beside the HPA', () => {
    const vpa = findObject(objects, WEB, 'VerticalPodAutoscaler', 'api');
    it('updateMode Off', () => expect(vpa.spec.updatePolicy).toEqual({ updateMode: 'Off' }));
    it('targets the API Deployment the HPA scales', () => {
      expect(vpa.spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' });
    });
    it('never fights the HPA: an applying mode on cpu is vpa-hpa-conflict', () => {
      const applying = clone();
      applying.namespaces.web.services.api.verticalScaling.updateMode = 'Recreate';
      expect(validatePlatform(applying).filter(isError).map((i) => i.rule)).toContain('vpa-hpa-conflict');
    });
  });

  it('health checks every 10 seconds', () => {
    const deployment = findObject(objects, WEB, 'Deployment', 'api');
    expect(deployment.spec.template.spec.containers[0].readinessProbe.periodSeconds).toBe(10);
  });
});
