/**
 * What a change to a Kafka or RabbitMQ object means: brokers added or removed (partitions do not
 * move by themselves), a topic's partitions grown (keyed records land on other partitions) or
 * shrunk (Kafka refuses), and RabbitMQ nodes added or removed (quorum queue members do not follow).
 */
import type { FieldChange, ObjectChange } from './diff';
import type { Note } from './meaning';

const field = (change: ObjectChange, path: string): FieldChange | undefined => change.fields.find((f) => f.path === path);

function kafkaNodePoolNotes(change: ObjectChange): Note[] {
  const replicas = field(change, 'spec.replicas');
  if (!replicas) return [];
  const [before, after] = [Number(replicas.before), Number(replicas.after)];
  const roles: string[] = (change.after as any)?.spec?.roles ?? [];
  if (roles.includes('controller')) {
    return [{ level: 'danger', text: `KRaft controllers ${before} → ${after}: the metadata quorum changes membership; a majority of the old and the new quorum must stay up throughout` }];
  }
  return [{
    level: 'danger',
    text: `Kafka brokers ${before} → ${after}: ${after < before
      ? 'Strimzi refuses to remove brokers that still host partition replicas; move them off first (Cruise Control or kafka-reassign-partitions)'
      : 'the new brokers start empty; existing partitions stay where they are until they are reassigned (Cruise Control or kafka-reassign-partitions)'}`,
  }];
}

function kafkaTopicNotes(change: ObjectChange): Note[] {
  const notes: Note[] = [];
  const partitions = field(change, 'spec.partitions');
  if (partitions) {
    const [before, after] = [Number(partitions.before), Number(partitions.after)];
    notes.push(after < before
      ? { level: 'danger', text: `partitions ${before} → ${after}: Kafka cannot decrease a topic's partitions; the Topic Operator rejects it and the topic stays at ${before} (recreate the topic to shrink it, losing its data)` }
      : { level: 'caution', text: `partitions ${before} → ${after}: keyed records hash to other partitions from now on (per-key order breaks across the change); consumer groups may run up to ${after} busy members` });
  }
  const replicas = field(change, 'spec.replicas');
  if (replicas) {
    notes.push({ level: 'danger', text: `replication factor ${replicas.before} → ${replicas.after}: the Topic Operator does not change replicas of an existing topic by itself; it needs a partition reassignment (Cruise Control)` });
  }
  return notes;
}

function rabbitmqNotes(change: ObjectChange): Note[] {
  const replicas = field(change, 'spec.replicas');
  if (!replicas) return [];
  const [before, after] = [Number(replicas.before), Number(replicas.after)];
  return [{
    level: 'danger',
    text: `RabbitMQ nodes ${before} → ${after}: ${after < before
      ? 'the cluster operator does not support scaling down; nodes (and the quorum queue members on them) must be removed by hand'
      : 'new nodes join empty; existing quorum queues keep their members until grown (rabbitmq-queues grow)'}`,
  }];
}

/** Notes of the broker kinds; none for other kinds. */
export function brokerNotes(change: ObjectChange): Note[] {
  switch (change.kind) {
    case 'KafkaNodePool': return kafkaNodePoolNotes(change);
    case 'KafkaTopic': return kafkaTopicNotes(change);
    case 'RabbitmqCluster': return rabbitmqNotes(change);
    default: return [];
  }
}
