/**
 * RabbitMQ on the RabbitMQ cluster operator (`data.rabbitmq.<name>`): a RabbitmqCluster per
 * region, the queues the Celery workers consume (declared by an idempotent Job through the
 * management API), and the NetworkPolicies for clients, KEDA and the cluster itself.
 *
 * From a platform file:
 * ```ts
 * data: { rabbitmq: { rabbitmq: {
 *   replicas: 3, nodePool: 'general-purpose', storage: { size: '100Gi' },
 *   resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '4', memory: '8Gi' } },
 *   allowFrom: [{ namespace: 'web' }],
 * } } }
 * ```
 * The queues come from the `async.queues` of every namespace whose broker is this cluster
 * (broker `service` = the cluster name, in its namespace).
 */
import { z } from 'zod';
import { int32, named, stringMap } from './primitives';

const rabbitmqSizingFields = {
  replicas: int32().min(1).describe('RabbitMQ nodes. Odd (1, 3, 5, 7): quorum queues need a majority of their members. Per region through `regions.<region>.data.rabbitmq.<name>.replicas`.'),
  resources: z.strictObject({
    requests: z.strictObject({ cpu: z.string(), memory: z.string() }),
    limits: z.strictObject({ cpu: z.string().optional(), memory: z.string() }),
  }).describe('Per node. The operator sets the memory high watermark from the memory limit.'),
};

export const rabbitmqClusterSchema = named('RabbitmqCluster', z.strictObject({
  image: z.string().optional().describe("A pinned RabbitMQ image with the management plugin. @default 'rabbitmq:4.2.6-management' (the cluster operator 2.22.3 default)"),
  ...rabbitmqSizingFields,
  storage: z.strictObject({ size: z.string(), storageClassName: z.string().optional() })
    .describe('Persistent volume per node: quorum queue logs and message store.'),
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools`.'),
  queueType: z.enum(['quorum', 'classic']).optional()
    .describe("Type of the declared queues. Quorum queues are replicated (Raft) and the recommended type for durable work queues. @default 'quorum'"),
  vhost: z.string().optional().describe("Virtual host of the queues. @default '/'"),
  allowFrom: z.array(z.strictObject({ namespace: z.string(), podLabels: stringMap().optional() }))
    .describe('AMQP clients allowed on 5672 (NetworkPolicy ingress): a namespace, optionally narrowed by pod labels. KEDA and the operator reach the management API (15672) by their own rules.'),
}).describe('A RabbitMQ cluster (RabbitmqCluster): Celery\'s broker. Clients reach the Service `<name>` (5672 AMQP, 15672 management).'));

export const rabbitmqClusterOverrideSchema = named('RabbitmqClusterOverride', z.strictObject({
  replicas: rabbitmqSizingFields.replicas.optional(),
  resources: rabbitmqSizingFields.resources.optional(),
}).describe('What a region may change about a RabbitMQ cluster (its size).'));
