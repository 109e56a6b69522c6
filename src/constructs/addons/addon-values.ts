/**
 * The Helm values the rendered objects depend on, per add-on. Each value says which rendered
 * object needs it; `VALUE_PATHS` names where each one lives so the render rule reads the same
 * place this file writes.
 */
import { AddonId } from './catalogue';
import { requestRateRule } from './metrics-rules';
import type { KongResources } from '../../model/types';

export interface TracingProvider {
  /** extensionProvider name the rendered Telemetry objects reference, e.g. `jaeger`. */
  readonly name: string;
  /** Zipkin-protocol collector Service host. */
  readonly service: string;
  readonly port: number;
}

/** The edge controllers' identities as the rendered edge objects expect them. */
export interface EdgeAddonInputs {
  readonly namespace: string;
  readonly nginx: { readonly serviceAccount: string; readonly ingressClassName: string };
  readonly kong: { readonly serviceAccount: string; readonly ingressClassName: string; readonly proxyPort: number; readonly replicas?: number; readonly resources?: KongResources };
  /** The rendered NLB Service in front of NGINX (its address is what Ingress status publishes). */
  readonly loadBalancerServiceName: string;
  /** The rendered ClusterIP Service in front of Kong's proxy. */
  readonly kongServiceName: string;
  /** The rendered serving PriorityClass both controllers run under. @default none */
  readonly priorityClassName?: string;
}

export interface AddonValuesContext {
  readonly terminationDrainSeconds: number;
  readonly podsMetrics: readonly string[];
  readonly tracing: readonly TracingProvider[];
  readonly edge: EdgeAddonInputs;
  /** Whether cert-manager runs in the cluster (then it issues the admission webhooks' certificates). */
  readonly certManager: boolean;
  /** Whether the cluster runs the mesh (then request metrics come from the sidecars). @default false */
  readonly meshed?: boolean;
}

export const VALUE_PATHS = {
  nginxProxyProtocol: ['controller', 'config', 'use-proxy-protocol'],
  nginxServiceEnabled: ['controller', 'service', 'enabled'],
  nginxInboundPorts: ['controller', 'podAnnotations', 'traffic.sidecar.istio.io/includeInboundPorts'],
  nginxServiceAccount: ['serviceAccount', 'name'],
  kongServiceAccount: ['deployment', 'serviceAccount', 'name'],
  kongDatabase: ['env', 'database'],
  kongProxyType: ['proxy', 'type'],
  kongInboundPorts: ['podAnnotations', 'traffic.sidecar.istio.io/includeInboundPorts'],
  nginxPriorityClass: ['controller', 'priorityClassName'],
  kongPriorityClass: ['priorityClassName'],
  istiodDrain: ['meshConfig', 'defaultConfig', 'terminationDrainDuration'],
  istiodHoldApplication: ['meshConfig', 'defaultConfig', 'holdApplicationUntilProxyStarts'],
  istiodNativeSidecars: ['env', 'ENABLE_NATIVE_SIDECARS'],
  istiodCni: ['cni', 'enabled'],
  istiodProviders: ['meshConfig', 'extensionProviders'],
  adapterRules: ['rules', 'custom'],
} as const;

/** Where KIC finds Kong's own proxy Service; renamed so it never collides with the rendered `kong-proxy`. */
export const KONG_CHART_PROXY_SERVICE = 'kong-gateway';
/** KIC release whose CRDs are the vendored Kong/kubernetes-configuration v1.5.2. */
export const KONG_INGRESS_CONTROLLER_TAG = '3.5.13';
export const PROMETHEUS_SERVICE = { url: 'http://kube-prometheus-stack-prometheus.monitoring.svc', port: 9090 } as const;

type Values = Record<string, unknown>;

export function addonValues(id: AddonId, ctx: AddonValuesContext): Values | undefined {
  switch (id) {
    case 'istiod': return istiodValues(ctx);
    case 'ingress-nginx': return nginxValues(ctx);
    case 'kong': return kongValues(ctx);
    case 'cert-manager':
      // No other installer of cert-manager's CRDs exists here (shared/crds serves the tests only); keep them
      // when the Application goes, or every Certificate and ClusterIssuer would be deleted with them.
      return { crds: { enabled: true, keep: true } };
    case 'kube-prometheus-stack':
      return {
        // The chart's CRDs are the pinned operator's (v0.93.0); server-side apply handles their size.
        crds: { enabled: true },
        prometheus: {
          prometheusSpec: {
            // The platform's monitors and rules carry the platform's labels, not this release's: select them all.
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
          },
        },
        // One AlertmanagerConfig per cluster routes every alert by severity (constructs/observability/alert-routing.ts):
        // the platform's alerts do not all carry the config's namespace as their `namespace` label.
        alertmanager: { alertmanagerSpec: { alertmanagerConfigMatcherStrategy: { type: 'None' }, alertmanagerConfigSelector: {}, alertmanagerConfigNamespaceSelector: {} } },
        // The dashboards' ConfigMaps live beside their workloads (label grafana_dashboard: "1"), not in Grafana's namespace.
        grafana: { sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' } } },
      };
    case 'prometheus-adapter':
      return {
        prometheus: { ...PROMETHEUS_SERVICE },
        rules: {
          // Only the metrics the HPAs read: no default rules, and no resource or external metrics API
          // (metrics-server owns metrics.k8s.io, KEDA owns external.metrics.k8s.io).
          default: false,
          // Under the mesh the sidecars count requests; without it, the app's own counter (README: the application contract).
          custom: ctx.podsMetrics.map((m) => requestRateRule(m, ctx.meshed ? 'mesh' : 'app')),
          external: [],
        },
      };
    case 'strimzi':
      return {
        // Kafka resources live in the platform's namespaces, not the operator's.
        watchAnyNamespace: true,
        // The platform's namespaces enforce restricted Pod Security; Strimzi's default (baseline)
        // security contexts would be refused there (docs: "Enabling the Restricted Provider").
        extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
      };
    default:
      return undefined;
  }
}

function istiodValues(ctx: AddonValuesContext): Values {
  return {
    // Restricted Pod Security forbids istio-init (NET_ADMIN): the istio-cni agent redirects traffic instead.
    cni: { enabled: true },
    // Native sidecars (Kubernetes ≥ 1.29): the proxy starts before and stops after the app containers, so
    // workers finishing long tasks and Jobs keep (and then release) their mesh connection.
    env: { ENABLE_NATIVE_SIDECARS: 'true' },
    meshConfig: {
      defaultConfig: {
        // Where native sidecars are unavailable: apps wait for the proxy instead of failing their first calls.
        holdApplicationUntilProxyStarts: true,
        // The proxy keeps serving for the longest preStop sleep plus drain of the rendered pods.
        terminationDrainDuration: `${ctx.terminationDrainSeconds}s`,
      },
      // The providers the rendered Telemetry objects name.
      extensionProviders: ctx.tracing.map((t) => ({ name: t.name, zipkin: { service: t.service, port: t.port } })),
    },
  };
}

function nginxValues(ctx: AddonValuesContext): Values {
  const { edge } = ctx;
  return {
    fullnameOverride: 'ingress-nginx',
    // The rendered AuthorizationPolicy on Kong admits exactly this identity.
    serviceAccount: { create: true, name: edge.nginx.serviceAccount },
    controller: {
      ingressClass: edge.nginx.ingressClassName,
      ingressClassResource: { name: edge.nginx.ingressClassName, enabled: true, default: false },
      // The rendered NLB Service sends PROXY protocol v2 (aws-load-balancer-proxy-protocol: "*").
      config: { 'use-proxy-protocol': 'true' },
      // The rendered NLB Service fronts these pods; the chart's own LoadBalancer would be a second, open one.
      service: { enabled: false },
      // Ingress status shows the NLB's address (the chart's publish-service needs its own Service).
      extraArgs: { 'publish-service': `${edge.namespace}/${edge.loadBalancerServiceName}` },
      // The NLB reaches NGINX directly (the rendered NetworkPolicy admits it, PeerAuthentication is STRICT):
      // the sidecar captures no inbound port, only NGINX's outbound call to Kong.
      podAnnotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '' },
      // The patch Jobs would need API-server egress the namespace's default-deny forbids; cert-manager issues instead.
      ...(ctx.certManager ? { admissionWebhooks: { certManager: { enabled: true } } } : {}),
      // The edge serves every request: it schedules ahead of (and preempts) the workers.
      ...(edge.priorityClassName ? { priorityClassName: edge.priorityClassName } : {}),
    },
  };
}

function kongValues(ctx: AddonValuesContext): Values {
  const { edge } = ctx;
  return {
    fullnameOverride: 'kong',
    ...(edge.priorityClassName ? { priorityClassName: edge.priorityClassName } : {}),
    // The rate limits count per pod: the validator's rate-limit-per-pod warning multiplies by this.
    ...(edge.kong.replicas !== undefined ? { replicaCount: edge.kong.replicas } : {}),
    // The proxy container's size (the chart's top-level `resources`).
    ...(edge.kong.resources ? { resources: { requests: { ...edge.kong.resources.requests }, limits: { ...edge.kong.resources.limits } } } : {}),
    // The rendered AuthorizationPolicies of the platform's services admit exactly this identity.
    deployment: { serviceAccount: { create: true, name: edge.kong.serviceAccount } },
    // DB-less: configuration comes from the controller, no database to run.
    env: { database: 'off' },
    // The rendered `kong-proxy` ClusterIP Service fronts Kong; the chart's own stays internal and out of its way.
    proxy: { type: 'ClusterIP', nameOverride: KONG_CHART_PROXY_SERVICE },
    // Kong's sidecar must capture the proxy port: the rendered AuthorizationPolicy checks NGINX's mTLS identity there.
    podAnnotations: { 'traffic.sidecar.istio.io/includeInboundPorts': '*' },
    ingressController: {
      image: { tag: KONG_INGRESS_CONTROLLER_TAG },
      ingressClass: edge.kong.ingressClassName,
      env: { publish_service: `${edge.namespace}/${edge.kongServiceName}` },
      // The chart generates its webhook certificate at template time (changes on every Argo CD render), and the
      // rendered NetworkPolicy on Kong admits only NGINX on the proxy port, so the API server could not call it.
      admissionWebhook: { enabled: false },
    },
  };
}
