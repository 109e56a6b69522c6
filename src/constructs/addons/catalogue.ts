/**
 * Every cluster controller the rendered objects depend on, as data: where its Helm chart lives,
 * the pinned chart version, the namespace it runs in, the API kinds it serves and its sync wave.
 *
 * Each version was read from the upstream chart itself (tag → Chart.yaml or the release's
 * packaging), never guessed; the comment above each entry names the source. Waves order the
 * add-on Applications when a parent Application syncs them: CRDs first, then the mesh control
 * plane, then operators, then controllers that need an operator's CRDs; the platform's own
 * namespaces follow at -10.
 */

export interface GroupKind {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly kind: string;
}

export type AddonId =
  | 'istio-base' | 'istio-cni' | 'istiod'
  | 'cert-manager' | 'keda' | 'kube-prometheus-stack' | 'prometheus-adapter'
  | 'ingress-nginx' | 'kong'
  | 'cloudnative-pg' | 'strimzi' | 'rabbitmq-cluster-operator' | 'vertical-pod-autoscaler' | 'k6-operator';

export interface AddonEntry {
  readonly id: AddonId;
  /** Helm repository: an https index, or an OCI registry path (no scheme) when `oci` is true. */
  readonly repoURL: string;
  /** OCI Helm repository: Argo CD needs it registered with `enableOCI: "true"`. */
  readonly oci?: boolean;
  readonly chart: string;
  /** Exact chart version; never a range, so a sync is reproducible. */
  readonly version: string;
  /** Version of the software the chart installs, for readers (not used by Argo CD). */
  readonly appVersion: string;
  readonly namespace: string;
  /** Custom resource kinds whose CRDs (and controller) this add-on installs. */
  readonly provides: readonly GroupKind[];
  /** IngressClass names whose controller this add-on runs. */
  readonly ingressClasses?: readonly string[];
  readonly wave: number;
  /** Cluster-scoped kinds the chart creates: what the add-ons AppProject must whitelist. */
  readonly clusterScopedKinds: readonly GroupKind[];
}

const gk = (group: string, ...kinds: string[]): GroupKind[] => kinds.map((kind) => ({ group, kind }));

export const CRD = gk('apiextensions.k8s.io', 'CustomResourceDefinition');
const RBAC = gk('rbac.authorization.k8s.io', 'ClusterRole', 'ClusterRoleBinding');
const WEBHOOKS = gk('admissionregistration.k8s.io', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration');
const VALIDATING_WEBHOOK = gk('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration');
const ADMISSION_POLICIES = gk('admissionregistration.k8s.io', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding');
const API_SERVICE = gk('apiregistration.k8s.io', 'APIService');
const INGRESS_CLASS = gk('networking.k8s.io', 'IngressClass');

/** Istio's charts carry the release version (istio/release-builder stamps it into Chart.yaml). */
const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';
const ISTIO_VERSION = '1.30.3';

export const ADDON_CATALOGUE: readonly AddonEntry[] = [
  // istio/istio tag 1.30.3: manifests/charts/base (chart `base`; README: helm repo add istio <ISTIO_REPO>).
  // Same release as the pinned CRDs in shared/crds/istio.
  {
    id: 'istio-base', repoURL: ISTIO_REPO, chart: 'base', version: ISTIO_VERSION, appVersion: ISTIO_VERSION,
    namespace: 'istio-system', wave: -30,
    provides: [
      ...gk('networking.istio.io', 'DestinationRule', 'VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar', 'EnvoyFilter', 'WorkloadEntry', 'WorkloadGroup', 'ProxyConfig'),
      ...gk('security.istio.io', 'PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication'),
      ...gk('telemetry.istio.io', 'Telemetry'),
      ...gk('extensions.istio.io', 'WasmPlugin', 'TrafficExtension'),
    ],
    clusterScopedKinds: [...CRD, ...VALIDATING_WEBHOOK, ...ADMISSION_POLICIES],
  },
  // istio/istio tag 1.30.3: manifests/charts/istio-cni (chart `cni`).
  {
    id: 'istio-cni', repoURL: ISTIO_REPO, chart: 'cni', version: ISTIO_VERSION, appVersion: ISTIO_VERSION,
    namespace: 'istio-system', wave: -25, provides: [], clusterScopedKinds: [...RBAC],
  },
  // istio/istio tag 1.30.3: manifests/charts/istio-control/istio-discovery (chart `istiod`).
  {
    id: 'istiod', repoURL: ISTIO_REPO, chart: 'istiod', version: ISTIO_VERSION, appVersion: ISTIO_VERSION,
    namespace: 'istio-system', wave: -25, provides: [], clusterScopedKinds: [...RBAC, ...WEBHOOKS, ...ADMISSION_POLICIES],
  },
  // cert-manager/cert-manager tag v1.21.1: deploy/charts/cert-manager/README.template.md installs
  // `oci://quay.io/jetstack/charts/cert-manager --version v1.21.1` (chart version = release tag).
  {
    id: 'cert-manager', repoURL: 'quay.io/jetstack/charts', oci: true, chart: 'cert-manager', version: 'v1.21.1', appVersion: 'v1.21.1',
    namespace: 'cert-manager', wave: -20,
    provides: [...gk('cert-manager.io', 'Certificate', 'CertificateRequest', 'Issuer', 'ClusterIssuer'), ...gk('acme.cert-manager.io', 'Order', 'Challenge')],
    clusterScopedKinds: [...CRD, ...RBAC, ...WEBHOOKS],
  },
  // kedacore/charts tag v2.20.2: keda/Chart.yaml version 2.20.2, appVersion 2.20.2 (helm repo https://kedacore.github.io/charts).
  {
    id: 'keda', repoURL: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2', appVersion: '2.20.2',
    namespace: 'keda', wave: -20,
    provides: [
      ...gk('keda.sh', 'ScaledObject', 'ScaledJob', 'TriggerAuthentication', 'ClusterTriggerAuthentication'),
      ...gk('eventing.keda.sh', 'CloudEventSource', 'ClusterCloudEventSource'),
    ],
    clusterScopedKinds: [...CRD, ...RBAC, ...VALIDATING_WEBHOOK, ...API_SERVICE],
  },
  // prometheus-community/helm-charts tag kube-prometheus-stack-88.3.0: Chart.yaml appVersion v0.93.0 and
  // charts/crds annotated operator.prometheus.io/version 0.93.0; 88.4.0 moved to v0.93.1, so 88.3.0 is
  // the last chart on the pinned operator.
  {
    id: 'kube-prometheus-stack', repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack',
    version: '88.3.0', appVersion: 'v0.93.0', namespace: 'monitoring', wave: -20,
    provides: gk('monitoring.coreos.com', 'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'AlertmanagerConfig', 'Prometheus', 'Alertmanager', 'Probe', 'ScrapeConfig', 'PrometheusAgent', 'ThanosRuler'),
    clusterScopedKinds: [...CRD, ...RBAC, ...WEBHOOKS],
  },
  // prometheus-community/helm-charts tag prometheus-adapter-5.3.0: Chart.yaml version 5.3.0, appVersion v0.12.0.
  {
    id: 'prometheus-adapter', repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-adapter',
    version: '5.3.0', appVersion: 'v0.12.0', namespace: 'monitoring', wave: -15, provides: [],
    clusterScopedKinds: [...RBAC, ...API_SERVICE],
  },
  // kubernetes/ingress-nginx tag helm-chart-4.15.1: Chart.yaml version 4.15.1, appVersion 1.15.1, the newest
  // chart; the project's README announces its retirement (best-effort maintenance ended March 2026).
  {
    id: 'ingress-nginx', repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.15.1', appVersion: '1.15.1',
    namespace: 'edge', wave: -15, provides: [], ingressClasses: ['nginx'],
    clusterScopedKinds: [...RBAC, ...VALIDATING_WEBHOOK, ...INGRESS_CLASS],
  },
  // Kong/charts tag kong-3.4.1: Chart.yaml version 3.4.1 (Kong Gateway 3.9); its values pin the controller
  // only to the floating "3.5" tag, so the Application pins KIC 3.5.13 (whose CRDs are the vendored
  // Kong/kubernetes-configuration v1.5.2).
  {
    id: 'kong', repoURL: 'https://charts.konghq.com', chart: 'kong', version: '3.4.1', appVersion: '3.9',
    namespace: 'edge', wave: -15,
    provides: gk('configuration.konghq.com', 'KongPlugin', 'KongClusterPlugin', 'KongConsumer', 'KongConsumerGroup', 'KongIngress', 'TCPIngress', 'UDPIngress', 'KongUpstreamPolicy', 'KongCustomEntity', 'KongLicense', 'KongVault', 'IngressClassParameters'),
    ingressClasses: ['kong'],
    clusterScopedKinds: [...CRD, ...RBAC, ...INGRESS_CLASS],
  },
  // cloudnative-pg/charts tag cloudnative-pg-v0.29.0: Chart.yaml version 0.29.0, appVersion 1.30.0.
  {
    id: 'cloudnative-pg', repoURL: 'https://cloudnative-pg.github.io/charts', chart: 'cloudnative-pg', version: '0.29.0', appVersion: '1.30.0',
    namespace: 'cnpg-system', wave: -20,
    provides: gk('postgresql.cnpg.io', 'Cluster', 'Pooler', 'Backup', 'ScheduledBackup', 'ImageCatalog', 'ClusterImageCatalog', 'Database', 'DatabaseRole', 'Publication', 'Subscription', 'FailoverQuorum'),
    clusterScopedKinds: [...CRD, ...RBAC, ...WEBHOOKS],
  },
  // strimzi/strimzi-kafka-operator tag 1.2.0: packaging/helm-charts/helm3 Makefile packages the chart with
  // --version of the release (values defaultImageTag 1.2.0); README installs oci://quay.io/strimzi-helm/strimzi-kafka-operator
  // (the https://strimzi.io/charts/ repository is deprecated per CHANGELOG).
  {
    id: 'strimzi', repoURL: 'quay.io/strimzi-helm', oci: true, chart: 'strimzi-kafka-operator', version: '1.2.0', appVersion: '1.2.0',
    namespace: 'strimzi', wave: -20,
    provides: [
      ...gk('kafka.strimzi.io', 'Kafka', 'KafkaNodePool', 'KafkaTopic', 'KafkaUser', 'KafkaConnect', 'KafkaConnector', 'KafkaMirrorMaker2', 'KafkaBridge', 'KafkaRebalance'),
      ...gk('core.strimzi.io', 'StrimziPodSet'),
    ],
    clusterScopedKinds: [...CRD, ...RBAC],
  },
  // RabbitMQ publishes no Helm chart of its own. CloudPirates-io/helm-charts tag rabbitmq-cluster-operator-0.6.1:
  // Chart.yaml appVersion 2.22.3 and image ghcr.io/rabbitmq/cluster-operator:2.22.3 by digest (0.6.2+ ship 2.22.4).
  {
    id: 'rabbitmq-cluster-operator', repoURL: 'registry-1.docker.io/cloudpirates', oci: true, chart: 'rabbitmq-cluster-operator',
    version: '0.6.1', appVersion: '2.22.3', namespace: 'rabbitmq-system', wave: -20,
    provides: gk('rabbitmq.com', 'RabbitmqCluster'),
    clusterScopedKinds: [...CRD, ...RBAC, ...WEBHOOKS],
  },
  // kubernetes/autoscaler tag vertical-pod-autoscaler-chart-0.11.0: vertical-pod-autoscaler/charts/vertical-pod-autoscaler/Chart.yaml
  // version 0.11.0, appVersion 1.7.1; README: helm repo add autoscalers https://kubernetes.github.io/autoscaler.
  {
    id: 'vertical-pod-autoscaler', repoURL: 'https://kubernetes.github.io/autoscaler', chart: 'vertical-pod-autoscaler', version: '0.11.0', appVersion: '1.7.1',
    namespace: 'kube-system', wave: -20,
    provides: gk('autoscaling.k8s.io', 'VerticalPodAutoscaler', 'VerticalPodAutoscalerCheckpoint'),
    clusterScopedKinds: [...CRD, ...RBAC, ...WEBHOOKS],
  },
  // grafana/k6-operator tag helm-k6-operator-4.6.0: charts/k6-operator/Chart.yaml version 4.6.0, appVersion 1.6.0;
  // published to the grafana/helm-charts repository (docs/releases.md).
  {
    id: 'k6-operator', repoURL: 'https://grafana.github.io/helm-charts', chart: 'k6-operator', version: '4.6.0', appVersion: '1.6.0',
    namespace: 'k6-operator-system', wave: -20,
    provides: gk('k6.io', 'TestRun', 'PrivateLoadZone'),
    clusterScopedKinds: [...CRD, ...RBAC],
  },
];

export function addonEntry(id: AddonId): AddonEntry {
  const entry = ADDON_CATALOGUE.find((e) => e.id === id);
  if (!entry) throw new Error(`unknown add-on ${id}`);
  return entry;
}

/** The catalogue entry a rendered Application installs, by its Helm source (not by labels a hand edit could drop). */
export function addonForSource(repoURL: unknown, chart: unknown): AddonEntry | undefined {
  return ADDON_CATALOGUE.find((e) => e.repoURL === repoURL && e.chart === chart);
}

export const groupKindKey = (k: GroupKind): string => `${k.group}/${k.kind}`;
