/** KEDA ScaledObjects and TriggerAuthentications of queue workers: exact fields, upstream schemas. */
import * as yaml from 'js-yaml';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { findObject, renderObjects } from '../support/fixtures';
import { asyncPlatform, celeryAsync, queue, redisBroker } from '../support/async-fixtures';
import { schemaErrors } from '../support/schema';

const FILE = 'shop/east/10-store.yaml';
const KEDA_KINDS = ['ScaledObject', 'TriggerAuthentication'];

describe('ScaledObject of a RabbitMQ queue worker', () => {
  const objects = renderObjects(asyncPlatform(celeryAsync()));
  const so = findObject(objects, FILE, 'ScaledObject', 'worker-high-priority');

  it('scales the worker Deployment of the same name between its bounds', () => {
    expect(so.metadata).toMatchObject({ name: 'worker-high-priority', namespace: 'store' });
    expect(so.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(so.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker-high-priority' });
    expect(so.spec.minReplicaCount).toBe(2);
    expect(so.spec.maxReplicaCount).toBe(20);
  });

  it('polls as often as the queue asks, with the default cooldown', () => {
    expect(so.spec.pollingInterval).toBe(5);
    expect(so.spec.cooldownPeriod).toBe(300);
    const reports = findObject(objects, FILE, 'ScaledObject', 'worker-reports');
    expect(reports.spec.pollingInterval).toBe(30);
  });

  it('scales on the queue length over AMQP, concurrency × prefetch messages per worker by default', () => {
    expect(so.spec.triggers).toEqual([{
      type: 'rabbitmq',
      name: 'queue-length',
      metadata: { protocol: 'amqp', mode: 'QueueLength', value: '4', queueName: 'high_priority' },
      authenticationRef: { name: 'keda-rabbit' },
    }]);
    const explicit = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ messagesPerWorker: 25 }) } })));
    expect(findObject(explicit, FILE, 'ScaledObject', 'worker-q').spec.triggers[0].metadata.value).toBe('25');
  });

  it('passes the behavior profile to the HPA KEDA creates, field by field', () => {
    expect(so.spec.advanced).toEqual({ horizontalPodAutoscalerConfig: { behavior: BUILTIN_BEHAVIOR_PROFILES['fast-up-gentle-down'] } });
  });

  it('passes an inline behavior too', () => {
    const inline = {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Pods' as const, value: 10, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: 'Min' as const, policies: [{ type: 'Percent' as const, value: 5, periodSeconds: 120 }] },
    };
    const objs = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ behavior: inline }) } })));
    expect(findObject(objs, FILE, 'ScaledObject', 'worker-q').spec.advanced.horizontalPodAutoscalerConfig.behavior).toEqual(inline);
  });

  it('reads the broker URL from the Secret by name: the TriggerAuthentication holds no value', () => {
    const auth = findObject(objects, FILE, 'TriggerAuthentication', 'keda-rabbit');
    expect(auth.spec).toEqual({ secretTargetRef: [{ parameter: 'host', name: 'celery-broker', key: 'url' }] });
    expect(objects.filter((o) => o.file === FILE && o.object.kind === 'TriggerAuthentication')).toHaveLength(1);
  });

  it('counts in-flight messages too when the management API is given', () => {
    const http = renderObjects(asyncPlatform(celeryAsync({
      brokers: { rabbit: { ...celeryAsync().brokers.rabbit, managementUrlKey: 'management-url' } },
    })));
    expect(findObject(http, FILE, 'ScaledObject', 'worker-high-priority').spec.triggers[0].metadata.protocol).toBe('http');
    expect(findObject(http, FILE, 'TriggerAuthentication', 'keda-rabbit').spec.secretTargetRef)
      .toEqual([{ parameter: 'host', name: 'celery-broker', key: 'management-url' }]);
  });

  it('lets scale-to-zero queues idle for the cooldown', () => {
    const idle = renderObjects(asyncPlatform(celeryAsync({ queues: { q: queue({ minWorkers: 0, cooldownSeconds: 900 }) } })));
    expect(findObject(idle, FILE, 'ScaledObject', 'worker-q').spec).toMatchObject({ minReplicaCount: 0, cooldownPeriod: 900 });
  });

  it('never puts a plain HPA on a worker', () => {
    expect(objects.some((o) => o.object.kind === 'HorizontalPodAutoscaler' && o.object.metadata.name.startsWith('worker-'))).toBe(false);
  });
});

describe('ScaledObject of a Redis queue worker', () => {
  const redisCelery = (broker: Record<string, unknown>) => celeryAsync({
    brokers: { redis: redisBroker(broker) },
    celery: { ...celeryAsync().celery!, broker: 'redis' },
    queues: { high_priority: queue({ tier: 'high', concurrency: 4, prefetchMultiplier: 2 }) },
  });

  it('scales on the list length, at the broker\'s in-cluster address', () => {
    const objects = renderObjects(asyncPlatform(redisCelery({ databaseIndex: 1 })));
    const so = findObject(objects, FILE, 'ScaledObject', 'worker-high-priority');
    expect(so.spec.triggers).toEqual([{
      type: 'redis',
      name: 'list-length',
      metadata: { address: 'redis.store.svc.cluster.local:6379', listName: 'high_priority', listLength: '8', databaseIndex: '1' },
      authenticationRef: { name: 'keda-redis' },
    }]);
    expect(so.spec.advanced).not.toHaveProperty('scalingModifiers');
    expect(findObject(objects, FILE, 'TriggerAuthentication', 'keda-redis').spec)
      .toEqual({ secretTargetRef: [{ parameter: 'password', name: 'redis-auth', key: 'password' }] });
  });

  it('sums Celery\'s per-priority lists with a formula instead of scaling on the longest one', () => {
    const objects = renderObjects(asyncPlatform(redisCelery({ priorityLevels: [0, 3, 6, 9] })));
    const so = findObject(objects, FILE, 'ScaledObject', 'worker-high-priority');
    expect(so.spec.triggers.map((t: any) => [t.name, t.metadata.listName, t.metadata.listLength])).toEqual([
      ['priority0', 'high_priority', '8'],
      ['priority3', 'high_priority\x06\x163', '8'],
      ['priority6', 'high_priority\x06\x166', '8'],
      ['priority9', 'high_priority\x06\x169', '8'],
    ]);
    expect(so.spec.advanced.scalingModifiers).toEqual({
      formula: 'priority0 + priority3 + priority6 + priority9', target: '8', metricType: 'AverageValue',
    });
    expect(schemaErrors(so)).toEqual([]);
  });

  it('follows the app\'s own separator', () => {
    const objects = renderObjects(asyncPlatform(redisCelery({ priorityLevels: [0, 5], prioritySeparator: ':' })));
    expect(findObject(objects, FILE, 'ScaledObject', 'worker-high-priority').spec.triggers.map((t: any) => t.metadata.listName))
      .toEqual(['high_priority', 'high_priority:5']);
  });
});

describe('every KEDA object', () => {
  const platforms = [
    asyncPlatform(celeryAsync()),
    asyncPlatform(celeryAsync({ brokers: { rabbit: { ...celeryAsync().brokers.rabbit, managementUrlKey: 'm' } } })),
    asyncPlatform(celeryAsync({ brokers: { r: redisBroker({ priorityLevels: [0, 9] }) }, celery: { ...celeryAsync().celery!, broker: 'r' } })),
  ];
  const keda = platforms.flatMap((p) => renderObjects(p)).filter((o) => KEDA_KINDS.includes(o.object.kind));

  it('is rendered', () => expect(keda.length).toBeGreaterThan(6));

  it.each(keda.map((o) => [`${o.file} ${o.object.kind}/${o.object.metadata.name}`, o.object]))('%s validates against the KEDA CRD', (_n, object) => {
    expect(schemaErrors(object)).toEqual([]);
  });

  it('carries no secret value, only Secret names and keys', () => {
    const text = yaml.dump(platforms.flatMap((p) => renderObjects(p)).map((o) => o.object));
    expect(text).not.toMatch(/amqp:\/\/|redis:\/\/|password:\s*\S/i);
    expect(platforms.flatMap((p) => renderObjects(p)).some((o) => o.object.kind === 'Secret')).toBe(false);
  });
});
