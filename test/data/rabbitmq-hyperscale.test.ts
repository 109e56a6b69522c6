/** Seed 000's Celery broker: RabbitMQ on the cluster operator in the hyperscale platform. */
import { hyperscale } from '../../platforms/hyperscale';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const FILE = 'hyperscale/us-east/10-messaging.yaml';
const objects = renderObjects(hyperscale);

describe('hyperscale RabbitMQ (seed 000)', () => {
  it('renders the RabbitmqCluster with the spec\'s replicas, storage, resources and pool', () => {
    const cluster = findObject(objects, FILE, 'RabbitmqCluster', 'rabbitmq');
    expect(cluster.apiVersion).toBe('rabbitmq.com/v1beta1');
    expect(cluster.spec.replicas).toBe(51);
    expect(cluster.spec.image).toBe('rabbitmq:4.2.6-management');
    expect(cluster.spec.persistence).toEqual({ storage: '100Gi' });
    expect(cluster.spec.resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } });
    expect(cluster.spec.tolerations).toEqual([{ key: 'platform-compiler.dev/node-pool', operator: 'Equal', value: 'memory-optimized', effect: 'NoSchedule' }]);
    expect(schemaErrors(cluster)).toEqual([]);
  });

  it('warns that 51 nodes is too many for quorum queues, with the reason', () => {
    const warning = validatePlatform(hyperscale).filter((i) => i.rule === 'rabbitmq-cluster-size');
    expect(warning).toEqual([{
      path: 'hyperscale.namespaces.messaging.data.rabbitmq.rabbitmq.replicas',
      rule: 'rabbitmq-cluster-size',
      severity: 'warning',
      message: '51 RabbitMQ nodes in one cluster: RabbitMQ does not recommend quorum queues on more than 7 nodes, and each quorum queue gets 3 members by default, ' +
        'so the 3 declared queue(s) use at most 9 of them; more nodes add Erlang-distribution and metadata traffic between all pairs, not throughput per queue. ' +
        'Run 3, 5 or 7 nodes, and split load over several clusters (or streams) instead',
    }]);
  });

  it('declares the three queues the workers consume, as quorum queues, with the operator\'s default user', () => {
    const job = findObject(objects, FILE, 'Job', 'rabbitmq-declare-queues');
    const script: string = job.spec.template.spec.containers[0].command[2];
    const declared = [...script.matchAll(/declare queue name='([^']+)' durable=true arguments='([^']+)'/g)].map((m) => [m[1], m[2]]);
    expect(declared).toEqual([
      ['high_priority', '{"x-queue-type":"quorum"}'], ['low_priority', '{"x-queue-type":"quorum"}'], ['normal', '{"x-queue-type":"quorum"}'],
    ]);
    expect(job.spec.template.spec.containers[0].env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key]))
      .toEqual([['RABBITMQ_USERNAME', 'rabbitmq-default-user', 'username'], ['RABBITMQ_PASSWORD', 'rabbitmq-default-user', 'password']]);
    expect(job.metadata.annotations['argocd.argoproj.io/hook']).toBe('PostSync');
    expect(schemaErrors(job)).toEqual([]);
  });

  it('lets KEDA (and the operator, and the Job) reach the management API on 15672, and the workers AMQP on 5672', () => {
    const policy = findObject(objects, FILE, 'NetworkPolicy', 'rabbitmq');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'rabbitmq' } });
    const byPort = (port: number) => policy.spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === port)).flatMap((r: any) => r.from);
    expect(byPort(15672)).toEqual(expect.arrayContaining([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } }, podSelector: {} },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'rabbitmq-system' } }, podSelector: {} },
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'rabbitmq-declare-queues', 'app.kubernetes.io/instance': 'hyperscale-rabbitmq' } } },
    ]));
    expect(byPort(5672)).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'hyperscale' } } }]);
  });

  it('matches the labels the workers\' egress already allows (pods app.kubernetes.io/name=rabbitmq in messaging, 5672)', () => {
    const workerEgress = findObject(objects, 'hyperscale/us-east/10-web.yaml', 'NetworkPolicy', 'worker-normal').spec.egress;
    expect(workerEgress).toEqual(expect.arrayContaining([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'messaging' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'rabbitmq' } } }],
      ports: [{ port: 5672, protocol: 'TCP' }],
    }]));
  });
});

describe('rabbitmq-cluster rules and plan', () => {
  const withReplicas = (replicas: number, regionReplicas?: number) => {
    const messaging = hyperscale.namespaces.messaging;
    const rabbit = messaging.data!.rabbitmq!.rabbitmq;
    return {
      ...hyperscale,
      regions: regionReplicas === undefined ? hyperscale.regions
        : { ...hyperscale.regions, apac: { ...hyperscale.regions.apac, data: { rabbitmq: { rabbitmq: { replicas: regionReplicas } } } } },
      namespaces: { ...hyperscale.namespaces, messaging: { ...messaging, data: { rabbitmq: { rabbitmq: { ...rabbit, replicas } } } } },
    };
  };
  const sizeWarnings = (p: typeof hyperscale) => validatePlatform(p).filter((i) => i.rule === 'rabbitmq-cluster-size');

  it('is quiet at 5 nodes, and warns about an even count at the region override that sets it', () => {
    expect(sizeWarnings(withReplicas(5))).toEqual([]);
    expect(sizeWarnings(withReplicas(5, 4))).toEqual([{
      path: 'hyperscale.regions.apac.data.rabbitmq.rabbitmq.replicas', rule: 'rabbitmq-cluster-size', severity: 'warning',
      message: '4 RabbitMQ nodes: an even count tolerates no more failures than 3 (quorum queues need a majority); use 3 or 5',
    }]);
    expect(findObject(renderObjects(withReplicas(5, 3)), 'hyperscale/apac/10-messaging.yaml', 'RabbitmqCluster', 'rabbitmq').spec.replicas).toBe(3);
  });

  it('refuses a region override of a cluster no namespace declares', () => {
    const p = { ...hyperscale, regions: { ...hyperscale.regions, apac: { ...hyperscale.regions.apac, data: { rabbitmq: { broker: { replicas: 3 } } } } } };
    expect(validatePlatform(p).filter((i) => i.rule === 'unknown-override')).toEqual([{
      path: 'hyperscale.regions.apac.data.rabbitmq.broker', rule: 'unknown-override',
      message: "no namespace declares a RabbitMQ cluster 'broker'; declared: rabbitmq",
    }]);
  });
});
