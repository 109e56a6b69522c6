/** Chart-level conventions: where objects land in Argo CD's sync order and how namespaces are hardened. */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Argo CD applies lower waves first and waits for each wave to be healthy. The operators and
 * their CRDs are the add-on Applications (waves -30 to -15, src/constructs/addons/catalogue.ts);
 * a cluster folder then goes namespaces → configuration → workloads → autoscalers and policy.
 */
export const WAVES = {
  namespaces: '-10',
  /** What pods and controllers read at start: identities, RBAC, priority, issuers, KEDA credentials. */
  configuration: '-5',
  workloads: '0',
  /** What acts on running workloads: autoscalers, disruption budgets, network and mesh policy, routes. */
  policy: '5',
} as const;

export type Wave = keyof typeof WAVES;

/** The one table of which wave each rendered kind syncs in. */
export const WAVE_OF_KIND: Readonly<Record<string, Wave>> = {
  Namespace: 'namespaces',
  ConfigMap: 'configuration',
  Secret: 'configuration',
  ServiceAccount: 'configuration',
  Role: 'configuration',
  RoleBinding: 'configuration',
  ClusterRole: 'configuration',
  ClusterRoleBinding: 'configuration',
  PriorityClass: 'configuration',
  ClusterIssuer: 'configuration',
  Issuer: 'configuration',
  Certificate: 'configuration',
  TriggerAuthentication: 'configuration',
  KongPlugin: 'configuration',
  KongClusterPlugin: 'configuration',
  // Before any pod: quota and container defaults are admission-time checks.
  ResourceQuota: 'configuration',
  LimitRange: 'configuration',
  Deployment: 'workloads',
  StatefulSet: 'workloads',
  DaemonSet: 'workloads',
  Job: 'workloads',
  CronJob: 'workloads',
  TestRun: 'workloads',
  Service: 'workloads',
  Cluster: 'workloads',
  Pooler: 'workloads',
  Kafka: 'workloads',
  KafkaNodePool: 'workloads',
  RabbitmqCluster: 'workloads',
  // Topics after their cluster: the Topic Operator reconciles them once the cluster runs.
  KafkaTopic: 'policy',
  HorizontalPodAutoscaler: 'policy',
  VerticalPodAutoscaler: 'policy',
  ScaledObject: 'policy',
  ScaledJob: 'policy',
  PodDisruptionBudget: 'policy',
  NetworkPolicy: 'policy',
  AuthorizationPolicy: 'policy',
  PeerAuthentication: 'policy',
  DestinationRule: 'policy',
  VirtualService: 'policy',
  ServiceEntry: 'policy',
  Sidecar: 'policy',
  Telemetry: 'policy',
  Ingress: 'policy',
  ServiceMonitor: 'policy',
  PodMonitor: 'policy',
  PrometheusRule: 'policy',
  AlertmanagerConfig: 'configuration',
};

/** The wave of a kind; a kind without one is a render error, so a new kind gets its place here. */
export function waveOf(kind: string): string {
  const wave = Object.prototype.hasOwnProperty.call(WAVE_OF_KIND, kind) ? WAVE_OF_KIND[kind] : undefined;
  if (!wave) throw new Error(`no Argo CD sync wave for kind ${kind}: add it to WAVE_OF_KIND in charts/labels.ts`);
  return WAVES[wave];
}

/** Annotates every API object below `scope` with its kind's sync wave. */
export function applySyncWaves(scope: IConstruct): void {
  for (const object of scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
    object.metadata.addAnnotation(SYNC_WAVE, waveOf(object.kind));
  }
}

/** Pod Security Admission: enforce the restricted profile, and audit and warn on it too. */
export const RESTRICTED_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};
