/**
 * Cluster add-ons as Argo CD Applications: one per controller a cluster's rendered objects need,
 * each a Helm chart at its pinned version with the values those objects depend on, in the
 * earliest sync waves, confined by an add-ons AppProject.
 *
 * The Applications live on the management cluster (Argo CD's namespace) and target the workload
 * cluster by name, so they belong in a platform-level file, not in a cluster folder.
 */
import { Construct } from 'constructs';
import {
  Application, ApplicationSpecIgnoreDifferences,
} from '../../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../../imports/argocd-appproject-argoproj.io';
import { MANAGED_BY, REGION_LABEL } from '../labels';
import { AddonEntry, AddonId, ADDON_CATALOGUE, GroupKind, groupKindKey } from './catalogue';
import { addonValues, EdgeAddonInputs, TracingProvider } from './addon-values';

export const ARGOCD_NAMESPACE = 'argocd';
export const ADDON_LABEL = 'platform-compiler.dev/addon';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** The edge as the compiler renders it by default (src/spec/mesh/plan.ts EDGE_DEFAULTS). */
export const DEFAULT_EDGE: EdgeAddonInputs = {
  namespace: 'edge',
  nginx: { serviceAccount: 'ingress-nginx', ingressClassName: 'nginx' },
  kong: { serviceAccount: 'kong', ingressClassName: 'kong', proxyPort: 8000 },
  loadBalancerServiceName: 'ingress-nginx',
  kongServiceName: 'kong-proxy',
};

/** Istio's tracing provider as the compiler's mesh opens it: Zipkin protocol on 9411 in `observability`. */
export const DEFAULT_TRACING_SERVICE = { service: 'jaeger-collector.observability.svc.cluster.local', port: 9411 } as const;

export interface AddonSelectionInput {
  /** Group/kinds of the cluster's rendered objects (built-in kinds are ignored). */
  readonly requiredKinds: readonly GroupKind[];
  /** IngressClass names the rendered Ingresses use. */
  readonly ingressClasses?: readonly string[];
  /** Pods metrics the rendered HPAs read (they need the custom-metrics adapter and Prometheus). */
  readonly podsMetrics?: readonly string[];
  /** Whether the cluster's namespaces are meshed. @default true when any Istio kind is required */
  readonly meshed?: boolean;
}

/**
 * The add-ons a cluster needs: those providing a required kind or ingress class, plus what they
 * in turn need: the mesh's CNI and control plane when meshed, the adapter and Prometheus when an
 * HPA reads a Pods metric. Returned in wave order (catalogue order within a wave).
 */
export function selectAddons(input: AddonSelectionInput): AddonEntry[] {
  const kinds = new Set(input.requiredKinds.map(groupKindKey));
  const classes = new Set(input.ingressClasses ?? []);
  const meshed = input.meshed ?? input.requiredKinds.some((k) => k.group.endsWith('.istio.io'));
  const selected = new Set<AddonId>();
  for (const entry of ADDON_CATALOGUE) {
    if (entry.provides.some((k) => kinds.has(groupKindKey(k))) || (entry.ingressClasses ?? []).some((c) => classes.has(c))) {
      selected.add(entry.id);
    }
  }
  if (meshed) for (const id of ['istio-base', 'istio-cni', 'istiod'] as const) selected.add(id);
  if ((input.podsMetrics ?? []).length > 0) for (const id of ['kube-prometheus-stack', 'prometheus-adapter'] as const) selected.add(id);
  // Array.prototype.sort is stable: catalogue order holds within a wave.
  return ADDON_CATALOGUE.filter((e) => selected.has(e.id)).sort((a, b) => a.wave - b.wave);
}

export interface AddonApplicationsProps extends AddonSelectionInput {
  /** The workload cluster, as registered in Argo CD (the region name). */
  readonly cluster: string;
  readonly platformName: string;
  /** Longest preStop sleep plus drain of the cluster's rendered pods (`renderFacts(...).terminationDrainSeconds`). */
  readonly terminationDrainSeconds: number;
  /** Tracing providers the rendered Telemetry objects name. @default none */
  readonly tracing?: readonly TracingProvider[];
  /** Edge identities the rendered edge objects expect. @default DEFAULT_EDGE */
  readonly edge?: EdgeAddonInputs;
  /**
   * Labels of the rendered Namespaces: an add-on installed into one of them (the edge controllers)
   * creates it with the same injection and Pod Security labels, whichever Application syncs first.
   */
  readonly namespaceLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default `${platformName}-addons` */
  readonly project?: string;
}

/** Labels whose absence would change what runs in a namespace: sidecar injection and Pod Security. */
function enforcedNamespaceLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (!labels) return undefined;
  const kept = Object.entries(labels).filter(([key]) => key === 'istio-injection' || key.startsWith('pod-security.kubernetes.io/'));
  // Code-unit order: the same on every machine (localeCompare follows the locale, and loads ICU's collator).
  return kept.length ? Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined;
}

/**
 * Controllers patch their own webhook and APIService CA bundles (and istiod the validator's failure
 * policy) after install; Argo CD must neither report that as drift nor undo it.
 */
function ignoredDifferences(entry: AddonEntry): ApplicationSpecIgnoreDifferences[] {
  const out: ApplicationSpecIgnoreDifferences[] = [];
  for (const k of entry.clusterScopedKinds) {
    if (k.kind === 'MutatingWebhookConfiguration' || k.kind === 'ValidatingWebhookConfiguration') {
      const paths = ['.webhooks[]?.clientConfig.caBundle'];
      // istiod switches its validators to failurePolicy Fail once it serves them.
      if (entry.id.startsWith('istio') && k.kind === 'ValidatingWebhookConfiguration') paths.push('.webhooks[]?.failurePolicy');
      out.push({ group: k.group, kind: k.kind, jqPathExpressions: paths });
    }
    if (k.kind === 'APIService') out.push({ group: k.group, kind: k.kind, jqPathExpressions: ['.spec.caBundle'] });
  }
  return out;
}

export function addonApplicationName(platformName: string, cluster: string, id: AddonId): string {
  return `${platformName}-${cluster}-${id}`;
}

/** One Argo CD Application per add-on the cluster's rendered objects need. Returns them in wave order. */
export function addonApplications(scope: Construct, props: AddonApplicationsProps): Application[] {
  const selected = selectAddons(props);
  const edge = props.edge ?? DEFAULT_EDGE;
  const context = {
    terminationDrainSeconds: props.terminationDrainSeconds,
    podsMetrics: props.podsMetrics ?? [],
    tracing: props.tracing ?? [],
    edge,
    certManager: selected.some((e) => e.id === 'cert-manager'),
    meshed: selected.some((e) => e.id === 'istiod'),
  };
  return selected.map((entry) => {
    const values = addonValues(entry.id, context);
    const ignore = ignoredDifferences(entry);
    const namespaceLabels = enforcedNamespaceLabels(props.namespaceLabels?.[entry.namespace]);
    return new Application(scope, `addon-${props.cluster}-${entry.id}`, {
      metadata: {
        name: addonApplicationName(props.platformName, props.cluster, entry.id),
        namespace: ARGOCD_NAMESPACE,
        labels: {
          'app.kubernetes.io/component': 'addon',
          'app.kubernetes.io/managed-by': MANAGED_BY,
          'app.kubernetes.io/part-of': props.platformName,
          [REGION_LABEL]: props.cluster,
          [ADDON_LABEL]: entry.id,
        },
        annotations: { [SYNC_WAVE]: String(entry.wave) },
        // No resources finalizer: deleting the Application must not uninstall a controller (and its CRDs' objects).
      },
      spec: {
        project: props.project ?? `${props.platformName}-addons`,
        source: {
          repoUrl: entry.repoURL,
          chart: entry.chart,
          targetRevision: entry.version,
          helm: {
            // Stable object names (Argo CD would otherwise use the Application name as the release name).
            releaseName: entry.id,
            ...(values ? { valuesObject: values } : {}),
          },
        },
        destination: { name: props.cluster, namespace: entry.namespace },
        ...(ignore.length ? { ignoreDifferences: ignore } : {}),
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          ...(namespaceLabels ? { managedNamespaceMetadata: { labels: namespaceLabels } } : {}),
          syncOptions: [
            // The add-on's own namespace; the platform's shared ones get the rendered labels above.
            'CreateNamespace=true',
            // CRDs beyond the client-side annotation limit (Prometheus Operator, KEDA), shared field ownership.
            'ServerSideApply=true',
            // A chart's custom resources may sync in the same pass as the CRDs that define them.
            'SkipDryRunOnMissingResource=true',
            'PruneLast=true',
            ...(ignore.length ? ['RespectIgnoreDifferences=true'] : []),
          ],
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  });
}

export interface AddonsProjectProps {
  readonly platformName: string;
  /** Each cluster with the add-ons it runs (e.g. `selectAddons(...)`). */
  readonly clusters: readonly { readonly name: string; readonly addons: readonly AddonEntry[] }[];
  /** @default `${platformName}-addons` */
  readonly name?: string;
}

/**
 * The add-ons' AppProject: exactly their chart repositories, their namespaces on their clusters,
 * and the cluster-scoped kinds their charts create (plus Namespace, for CreateNamespace).
 */
export function addonsProject(scope: Construct, props: AddonsProjectProps): AppProject {
  const repos = new Set<string>();
  const destinations = new Map<string, { name: string; namespace: string }>();
  const kinds = new Map<string, GroupKind>([['/Namespace', { group: '', kind: 'Namespace' }]]);
  for (const cluster of props.clusters) {
    for (const entry of cluster.addons) {
      repos.add(entry.repoURL);
      destinations.set(`${cluster.name}/${entry.namespace}`, { name: cluster.name, namespace: entry.namespace });
      for (const k of entry.clusterScopedKinds) kinds.set(groupKindKey(k), k);
    }
  }
  return new AppProject(scope, 'addons-project', {
    metadata: {
      name: props.name ?? `${props.platformName}-addons`,
      namespace: ARGOCD_NAMESPACE,
      labels: { 'app.kubernetes.io/component': 'addon', 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': props.platformName },
    },
    spec: {
      description: `Cluster add-ons of platform ${props.platformName}`,
      sourceRepos: [...repos].sort(),
      destinations: [...destinations.keys()].sort().map((k) => destinations.get(k)!),
      clusterResourceWhitelist: [...kinds.keys()].sort().map((k) => ({ group: kinds.get(k)!.group, kind: kinds.get(k)!.kind })),
    },
  });
}
