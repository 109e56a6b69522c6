/**
 * The `kafka-cluster` workload kind on Strimzi 1.2 (`kafka.strimzi.io/v1`, KRaft only):
 * - `Kafka <name>`: listeners (plain 9092, TLS 9093; Strimzi renders their NetworkPolicy from
 *   `networkPolicyPeers`), the replication config, rack awareness by zone, metrics, and the
 *   Topic Operator;
 * - `KafkaNodePool <name>-brokers` and `<name>-controllers` (label `strimzi.io/cluster`): the
 *   broker and KRaft controller pods with their storage, resources and placement;
 * - `KafkaTopic` per declared topic, and a PodMonitor on the metrics port;
 * - `NetworkPolicy <name>-egress`: what the cluster's pods may reach when the namespace denies
 *   egress by default (each other, and the API server for the Topic Operator and rack init).
 */
import { Construct } from 'constructs';
import { Kafka, KafkaSpecKafkaListenersType, KafkaSpecKafkaMetricsConfigType, KafkaSpecKafkaRackType } from '../../../imports/strimzi-kafka-kafka.strimzi.io';
import {
  KafkaNodePool, KafkaNodePoolSpecResourcesLimits, KafkaNodePoolSpecResourcesRequests, KafkaNodePoolSpecRoles,
  KafkaNodePoolSpecStorageType, KafkaNodePoolSpecStorageVolumesKraftMetadata, KafkaNodePoolSpecStorageVolumesType,
} from '../../../imports/strimzi-kafkanodepool-kafka.strimzi.io';
import { KafkaTopic } from '../../../imports/strimzi-kafkatopic-kafka.strimzi.io';
import { PodMonitor } from '../../../imports/prometheus-podmonitor-monitoring.coreos.com';
import { KAFKA_DEFAULTS } from '../../model/defaults';
import { REGION_LABEL } from '../../model/identity';
import type { KafkaClusterWorkload } from '../../model/workloads/kafka-cluster';
import { addonEntry } from '../addons/catalogue';
import { EXTERNAL_PODS_POLICY as OPERATOR_PODS_POLICY } from '../edge-gateway';
import { NAMESPACE_NAME_LABEL, WorkloadNetworkPolicy } from '../network-policy';

export interface KafkaClusterProps extends KafkaClusterWorkload {
  readonly annotations: Readonly<Record<string, string>>;
}

/** Strimzi's label on every pod of a cluster (io.strimzi.api.ResourceLabels.STRIMZI_CLUSTER_LABEL). */
export const STRIMZI_CLUSTER_LABEL = 'strimzi.io/cluster';
const STRIMZI_POOL_LABEL = 'strimzi.io/pool-name';

type Resources = KafkaClusterWorkload['resources'];
type Storage = KafkaClusterWorkload['storage'];

export const kafkaPoolNames = (name: string) => ({ brokers: `${name}-brokers`, controllers: `${name}-controllers` });

export class KafkaClusterConstruct extends Construct {
  public readonly kafka: Kafka;
  public readonly pools: readonly KafkaNodePool[];
  public readonly topics: readonly KafkaTopic[];

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const name = props.identity.name;
    const meta = (objectName: string, extraLabels: Record<string, string> = {}) => ({
      name: objectName, namespace: props.namespace, labels: { ...props.labels, ...extraLabels },
      ...(Object.keys(props.annotations).length > 0 ? { annotations: { ...props.annotations } } : {}),
    });
    const clusterLabel = { [STRIMZI_CLUSTER_LABEL]: name };
    const pools = kafkaPoolNames(name);
    const kedaNamespace = addonEntry('keda').namespace;
    const clients = [
      ...props.spec.allowFrom.map((c) => ({
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: c.namespace } },
        ...(c.podLabels ? { podSelector: { matchLabels: { ...c.podLabels } } } : {}),
      })),
      // KEDA's Kafka scaler reads consumer-group lag from the brokers.
      { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: kedaNamespace } } },
    ];

    this.kafka = new Kafka(this, 'kafka', {
      metadata: meta(name),
      spec: {
        kafka: {
          version: props.version,
          metadataVersion: props.metadataVersion,
          listeners: [
            { name: 'plain', port: KAFKA_DEFAULTS.plainPort, type: KafkaSpecKafkaListenersType.INTERNAL, tls: false, networkPolicyPeers: clients },
            ...(props.tls ? [{ name: 'tls', port: KAFKA_DEFAULTS.tlsPort, type: KafkaSpecKafkaListenersType.INTERNAL, tls: true, networkPolicyPeers: clients }] : []),
          ],
          config: { ...props.config },
          // broker.rack from the node's zone: Kafka spreads a partition's replicas over racks.
          rack: { type: KafkaSpecKafkaRackType.TOPOLOGY_HYPHEN_LABEL, topologyKey: KAFKA_DEFAULTS.rackTopologyKey },
          ...(props.metrics ? { metricsConfig: { type: KafkaSpecKafkaMetricsConfigType.STRIMZI_METRICS_REPORTER } } : {}),
        },
        entityOperator: {
          topicOperator: {},
          template: { pod: { ...this.podTemplate(props, undefined) } as never },
        },
      },
    });

    this.pools = [
      this.pool(props, pools.controllers, KafkaNodePoolSpecRoles.CONTROLLER, props.controllers, props.controllerResources, props.controllerStorage, meta),
      this.pool(props, pools.brokers, KafkaNodePoolSpecRoles.BROKER, props.brokers, props.resources, props.storage, meta),
    ];

    this.topics = props.topics.map((t) => new KafkaTopic(this, `topic-${t.key}`, {
      metadata: meta(t.key, clusterLabel),
      spec: {
        ...(t.topicName !== t.key ? { topicName: t.topicName } : {}),
        partitions: t.partitions,
        replicas: t.replicas,
        config: { 'retention.ms': t.retentionMs, 'compression.type': t.compression, 'min.insync.replicas': t.minInsyncReplicas },
      },
    }));

    if (props.metrics) {
      new PodMonitor(this, 'pod-monitor', {
        metadata: meta(name),
        spec: {
          selector: { matchLabels: { ...clusterLabel, 'strimzi.io/kind': 'Kafka' } },
          namespaceSelector: { matchNames: [props.namespace] },
          // The Metrics Reporter's container port is named tcp-prometheus (Strimzi's example PodMonitor).
          podMetricsEndpoints: [{ port: 'tcp-prometheus', path: '/metrics' }],
        },
      });
    }

    // Strimzi's own policies open the listeners and inter-node ports (ingress); egress is ours.
    new WorkloadNetworkPolicy(this, 'egress-policy', {
      // The pods are Strimzi's (its StrimziPodSets), not in these manifests.
      metadata: { ...meta(`${name}-egress`), annotations: { ...props.annotations, ...OPERATOR_PODS_POLICY } },
      podLabels: clusterLabel,
      egress: [
        // Replication, the KRaft quorum and the Topic Operator's client connections: every port of the cluster's own pods.
        { peers: [{ podLabels: clusterLabel }], ports: [] },
        ...(props.apiServer ? [{ peers: [{ cidrs: props.apiServer.cidrs }], ports: props.apiServer.ports.map((port) => ({ port })) }] : []),
      ],
    });
  }

  private podTemplate(props: KafkaClusterProps, pool: string | undefined) {
    const { nodeLabels, taint } = props.nodePool;
    const spreadLabels = { [STRIMZI_CLUSTER_LABEL]: props.identity.name, ...(pool ? { [STRIMZI_POOL_LABEL]: pool } : {}) };
    return {
      // Only the region label: Strimzi sets the pods' app.kubernetes.io/* labels itself (name, instance, part-of, managed-by).
      metadata: { labels: { [REGION_LABEL]: props.region }, ...(Object.keys(props.podAnnotations).length > 0 ? { annotations: { ...props.podAnnotations } } : {}) },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: Object.keys(nodeLabels).sort().map((key) => ({ key, operator: 'In', values: [nodeLabels[key]] })) }],
          },
        },
      },
      ...(taint ? { tolerations: [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }] } : {}),
      ...(pool ? {
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: KAFKA_DEFAULTS.rackTopologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: spreadLabels } }],
      } : {}),
    };
  }

  private pool(
    props: KafkaClusterProps, poolName: string, role: KafkaNodePoolSpecRoles, replicas: number, resources: Resources, storage: Storage,
    meta: (n: string, l?: Record<string, string>) => { name: string; namespace: string; labels: Record<string, string> },
  ): KafkaNodePool {
    const quantities = <T>(q: { cpu?: string; memory: string }, make: (v: string) => T) =>
      Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, make(v as string)]));
    return new KafkaNodePool(this, poolName, {
      metadata: meta(poolName, { [STRIMZI_CLUSTER_LABEL]: props.identity.name }),
      spec: {
        replicas,
        roles: [role],
        storage: {
          type: KafkaNodePoolSpecStorageType.JBOD,
          volumes: [{
            id: 0,
            type: KafkaNodePoolSpecStorageVolumesType.PERSISTENT_HYPHEN_CLAIM,
            size: storage.size,
            ...(storage.storageClassName ? { class: storage.storageClassName } : {}),
            deleteClaim: storage.deleteClaim ?? false,
            // The metadata log shares the data volume (Strimzi's KRaft examples).
            kraftMetadata: KafkaNodePoolSpecStorageVolumesKraftMetadata.SHARED,
          }],
        },
        resources: {
          requests: quantities(resources.requests, (v) => KafkaNodePoolSpecResourcesRequests.fromString(v)),
          limits: quantities(resources.limits, (v) => KafkaNodePoolSpecResourcesLimits.fromString(v)),
        },
        template: { pod: this.podTemplate(props, poolName) as never },
      },
    });
  }
}
