/**
 * The `rabbitmq-cluster` workload kind on the RabbitMQ cluster operator (rabbitmq.com/v1beta1):
 * - `RabbitmqCluster <name>`: nodes, storage, resources and placement; the operator creates the
 *   StatefulSet, the client Service `<name>` and the Secret `<name>-default-user`;
 * - `Job <name>-declare-queues`: declares the queues the Celery workers consume, through the
 *   management API, idempotently (a PUT of an identical queue changes nothing). Why a Job: the
 *   messaging-topology operator's Queue CRD is not vendored (the render gate could not check it),
 *   and a boot-time definitions import would stop RabbitMQ from creating the operator's default
 *   user (RabbitMQ skips default data when definitions are configured to load);
 * - NetworkPolicies: clients on AMQP, KEDA, the operator and the Job on the management API
 *   (15672), node to node (epmd, distribution), and Prometheus on 15692.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  RabbitmqCluster, RabbitmqClusterSpecPersistenceStorage, RabbitmqClusterSpecResourcesLimits, RabbitmqClusterSpecResourcesRequests,
} from '../../../imports/rabbitmq-rabbitmqcluster-rabbitmq.com';
import { PodMonitor } from '../../../imports/prometheus-podmonitor-monitoring.coreos.com';
import type { RabbitmqClusterWorkload } from '../../model/workloads/rabbitmq-cluster';
import { addonEntry } from '../addons/catalogue';
import * as k8s from '../k8s';
import { EXTERNAL_PODS_POLICY as OPERATOR_PODS_POLICY } from '../edge-gateway';
import { NetworkPeer, WorkloadNetworkPolicy } from '../network-policy';
import { TMP_MOUNT, TMP_VOLUME, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../pod-security';
import { annotateCheckovExemptions } from '../linter-exemptions';
import { PULL_POLICY_EXEMPTION, nodePoolPlacement } from '../pod-template';

export interface RabbitmqClusterProps extends RabbitmqClusterWorkload {
  readonly annotations: Readonly<Record<string, string>>;
}

/** Exit code of the declare script when a queue exists with other arguments (HTTP 400): retrying cannot help. */
const DECLARE_PERMANENT_EXIT_CODES = [3];

/** A JSON string as a single-quoted shell word. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * One `rabbitmqadmin declare queue` per queue (the management image ships rabbitmqadmin). It
 * waits for the API, and stops on a queue that exists with different arguments (a classic queue
 * cannot become a quorum queue in place).
 */
export function declareQueuesScript(queues: readonly string[], vhost: string, queueType: string, host: string, port: number): string {
  const admin = `rabbitmqadmin --host=${host} --port=${port} --vhost=${shellQuote(vhost)} --username="$RABBITMQ_USERNAME" --password="$RABBITMQ_PASSWORD"`;
  const args = JSON.stringify({ 'x-queue-type': queueType });
  return [
    'set -eu',
    `until ${admin} list vhosts >/dev/null 2>&1; do echo "waiting for the management API"; sleep 5; done`,
    ...queues.map((q) => `${admin} declare queue name=${shellQuote(q)} durable=true arguments=${shellQuote(args)} || { echo "queue ${q.replace(/[^A-Za-z0-9_.-]/g, '')} exists with other arguments"; exit 3; }`),
    `echo "declared ${queues.length} queue(s)"`,
  ].join('\n');
}

export class RabbitmqClusterConstruct extends Construct {
  public readonly cluster: RabbitmqCluster;
  public readonly declareJob?: k8s.KubeJob;
  public readonly networkPolicies: readonly WorkloadNetworkPolicy[];

  constructor(scope: Construct, id: string, props: RabbitmqClusterProps) {
    super(scope, id);
    const name = props.identity.name;
    const { ports } = props;
    const meta = (objectName: string, extra: Record<string, string> = {}, labels: Record<string, string> = props.labels) => ({
      name: objectName, namespace: props.namespace, labels: { ...labels },
      ...(Object.keys(props.annotations).length + Object.keys(extra).length > 0 ? { annotations: { ...props.annotations, ...extra } } : {}),
    });
    const placement = nodePoolPlacement(props.nodePool);
    const nodeLabels = props.nodePool.nodeLabels;
    const q = <T>(values: { cpu?: string; memory: string }, make: (v: string) => T) =>
      Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => [k, make(v as string)]));
    // Restricted Pod Security: the operator's containers get no escalation and no capabilities.
    const containerSecurity = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

    this.cluster = new RabbitmqCluster(this, 'cluster', {
      metadata: meta(name),
      spec: {
        replicas: props.replicas,
        image: props.image,
        resources: {
          requests: q(props.resources.requests, (v) => RabbitmqClusterSpecResourcesRequests.fromString(v)),
          limits: q(props.resources.limits, (v) => RabbitmqClusterSpecResourcesLimits.fromString(v)),
        },
        persistence: {
          storage: RabbitmqClusterSpecPersistenceStorage.fromString(props.spec.storage.size),
          ...(props.spec.storage.storageClassName ? { storageClassName: props.spec.storage.storageClassName } : {}),
        },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: Object.keys(nodeLabels).sort().map((key) => ({ key, operator: 'In', values: [nodeLabels[key]] })) }],
            },
          },
        },
        ...(placement.tolerations ? { tolerations: placement.tolerations.map((t) => ({ key: t.key, operator: t.operator, value: t.value, effect: t.effect })) } : {}),
        override: {
          statefulSet: {
            spec: {
              template: {
                ...(Object.keys(props.podAnnotations).length > 0 ? { metadata: { annotations: { ...props.podAnnotations } } } : {}),
                spec: {
                  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
                  // A zone outage takes at most a minority of the nodes (and of each quorum queue).
                  topologySpreadConstraints: [{
                    maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule',
                    labelSelector: { matchLabels: { ...props.podLabels } },
                  }],
                  containers: [{ name: 'rabbitmq', securityContext: containerSecurity }],
                  initContainers: [{ name: 'setup-container', securityContext: containerSecurity }],
                },
              },
            },
          },
        } as never,
      },
    });

    const jobName = `${name}-declare-queues`;
    const jobPods = { 'app.kubernetes.io/name': jobName, 'app.kubernetes.io/instance': props.identity.instance };
    if (props.queues.length > 0) {
      const host = `${name}.${props.namespace}.svc`;
      const script = declareQueuesScript([...new Set(props.queues.map((x) => x.name))], props.vhost, props.queueType, host, ports.management);
      const credential = (key: string): k8s.EnvVarSource => ({ secretKeyRef: { name: props.defaultUserSecret, key } });
      this.declareJob = new k8s.KubeJob(this, 'declare-queues', {
        metadata: meta(jobName, { ...PULL_POLICY_EXEMPTION, ...props.declareJobAnnotations }),
        spec: {
          backoffLimit: 6,
          activeDeadlineSeconds: 1800,
          ttlSecondsAfterFinished: 86400,
          podFailurePolicy: {
            rules: [{ action: 'FailJob', onExitCodes: { containerName: 'declare', operator: 'In', values: DECLARE_PERMANENT_EXIT_CODES }, onPodConditions: [] }],
          },
          template: {
            metadata: { labels: { ...props.labels, ...jobPods, 'app.kubernetes.io/component': 'queue-declare' }, annotations: { ...PULL_POLICY_EXEMPTION, ...props.podAnnotations } },
            spec: {
              restartPolicy: 'Never',
              automountServiceAccountToken: false,
              enableServiceLinks: false,
              securityContext: restrictedPodSecurityContext(),
              ...placement,
              containers: [{
                name: 'declare',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-c', script],
                env: [
                  { name: 'HOME', value: '/tmp' },
                  { name: 'RABBITMQ_USERNAME', valueFrom: credential('username') },
                  { name: 'RABBITMQ_PASSWORD', valueFrom: credential('password') },
                ],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
                  limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('128Mi'), 'ephemeral-storage': k8s.Quantity.fromString('64Mi') },
                },
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [TMP_MOUNT],
              }],
              volumes: [TMP_VOLUME],
            },
          },
        },
      });
      // The 1.28 types require onPodConditions; the API wants exactly one of it and onExitCodes.
      this.declareJob.addJsonPatch(JsonPatch.remove('/spec/podFailurePolicy/rules/0/onPodConditions'));
      annotateCheckovExemptions(this.declareJob);
    }

    // The rabbitmq_prometheus plugin's endpoint (container port `prometheus`, 15692).
    new PodMonitor(this, 'pod-monitor', {
      metadata: meta(name),
      spec: {
        selector: { matchLabels: { ...props.podLabels } },
        namespaceSelector: { matchNames: [props.namespace] },
        podMetricsEndpoints: [{ port: 'prometheus', path: '/metrics' }],
      },
    });

    const nodes: NetworkPeer = { podLabels: props.podLabels };
    const consumers = [...new Set(props.queues.map((x) => x.consumerNamespace))];
    const amqpClients: NetworkPeer[] = [
      ...props.spec.allowFrom.map((c) => ({ namespace: c.namespace, ...(c.podLabels ? { podLabels: c.podLabels } : {}) })),
      ...consumers.filter((ns) => !props.spec.allowFrom.some((c) => c.namespace === ns)).map((namespace) => ({ namespace })),
    ];
    const managementClients: NetworkPeer[] = [
      // KEDA's rabbitmq scaler reads queue lengths from the management API (managementUrlKey).
      { namespace: addonEntry('keda').namespace },
      // The operator configures users, plugins and node lifecycle through it.
      { namespace: addonEntry('rabbitmq-cluster-operator').namespace },
      ...(this.declareJob ? [{ podLabels: jobPods }] : []),
    ];
    const monitoring = addonEntry('kube-prometheus-stack').namespace;
    this.networkPolicies = [
      new WorkloadNetworkPolicy(this, 'network-policy', {
        // The RabbitMQ pods are the operator's (its StatefulSet), not in these manifests.
        metadata: meta(name, OPERATOR_PODS_POLICY),
        podLabels: props.podLabels,
        ingress: [
          ...(amqpClients.length > 0 ? [{ peers: amqpClients, ports: [{ port: ports.amqp }] }] : []),
          { peers: managementClients, ports: [{ port: ports.management }] },
          { peers: [nodes], ports: [{ port: ports.epmd }, { port: ports.distribution }, { port: ports.management }] },
          { peers: [{ namespace: monitoring }], ports: [{ port: ports.prometheus }] },
        ],
        egress: [{ peers: [nodes], ports: [{ port: ports.epmd }, { port: ports.distribution }] }],
      }),
      ...(this.declareJob ? [new WorkloadNetworkPolicy(this, 'declare-network-policy', {
        metadata: meta(jobName),
        podLabels: jobPods,
        ingress: [],
        egress: [
          { peers: [nodes], ports: [{ port: ports.management }] },
          { peers: [{ namespace: props.dns.namespace, podLabels: props.dns.podLabels }], ports: props.dns.ports.flatMap((port) => [{ port, protocol: 'UDP' as const }, { port, protocol: 'TCP' as const }]) },
        ],
      })] : []),
    ];
  }

  public get apiObjects(): ApiObject[] {
    return [this.cluster, ...(this.declareJob ? [this.declareJob] : []), ...this.networkPolicies.map((p) => p.policy)];
  }
}
