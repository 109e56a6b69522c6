/**
 * The chart layer's one call: given a platform's rendered cluster folders, the add-on Applications
 * every cluster needs and the AppProject that confines them.
 */
import { Construct } from 'constructs';
import { Application } from '../../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../../imports/argocd-appproject-argoproj.io';
import { MESH_DEFAULTS } from '../../model/defaults';
import type { EdgeModel } from '../../model/types';
import { TracingSpec } from '../../spec/mesh/types';
import { addonApplications, addonsProject, DEFAULT_EDGE, DEFAULT_TRACING_SERVICE, selectAddons } from './addon-application';
import { AddonEntry } from './catalogue';
import { EdgeAddonInputs, TracingProvider } from './addon-values';
import { ClusterRenderFacts } from './render-facts';

/** The edge identities the compiler rendered, from the resolved model. */
export function edgeAddonInputs(edge: EdgeModel | undefined, priorityClassName?: string): EdgeAddonInputs {
  if (!edge) return DEFAULT_EDGE;
  return {
    namespace: edge.namespace,
    nginx: { serviceAccount: edge.nginx.serviceAccount, ingressClassName: edge.nginx.ingressClassName },
    kong: { serviceAccount: edge.kong.serviceAccount, ingressClassName: edge.kong.ingressClassName, proxyPort: edge.kong.proxyPort, replicas: edge.kong.replicas, ...(edge.kong.resources ? { resources: edge.kong.resources } : {}) },
    loadBalancerServiceName: edge.loadBalancer.serviceName,
    kongServiceName: edge.kongService.name,
    ...(priorityClassName ? { priorityClassName } : {}),
  };
}

/**
 * The tracing provider istiod must define for the spec's Telemetry. The spec names the collector's
 * pods, not its Service, so the Service name is a parameter (Jaeger's chart calls it `jaeger-collector`).
 */
export function tracingProvider(tracing: TracingSpec | undefined, collectorService = 'jaeger-collector'): TracingProvider[] {
  if (!tracing) return [];
  return [{
    name: tracing.provider ?? MESH_DEFAULTS.tracingProvider,
    service: `${collectorService}.${tracing.collector.namespace}.svc.cluster.local`,
    port: tracing.collector.ports?.[0] ?? DEFAULT_TRACING_SERVICE.port,
  }];
}

export interface AddonsForRenderProps {
  readonly platformName: string;
  /** The cluster folders' facts: `renderFactsFromCharts(files)` in a chart, `renderFacts(objects)` from JSON. */
  readonly facts: ReadonlyMap<string, ClusterRenderFacts>;
  /** @default DEFAULT_EDGE */
  readonly edge?: EdgeAddonInputs;
  /** @default the default service for each provider the Telemetry objects name */
  readonly tracing?: readonly TracingProvider[];
}

/** No AppProject when no cluster needs an add-on (then the chart can skip the file). */
export function addonsForRender(scope: Construct, props: AddonsForRenderProps): { applications: Application[]; project?: AppProject } {
  const applications: Application[] = [];
  const clusters: { name: string; addons: AddonEntry[] }[] = [];
  for (const facts of props.facts.values()) {
    const input = {
      cluster: facts.cluster,
      platformName: props.platformName,
      requiredKinds: facts.kinds,
      ingressClasses: facts.ingressClasses,
      podsMetrics: facts.podsMetrics,
      meshed: facts.meshed,
      terminationDrainSeconds: facts.terminationDrainSeconds,
      tracing: props.tracing ?? facts.tracingProviders.map((name) => ({ name, ...DEFAULT_TRACING_SERVICE })),
      namespaceLabels: facts.namespaceLabels,
      edge: props.edge,
    };
    applications.push(...addonApplications(scope, input));
    clusters.push({ name: facts.cluster, addons: selectAddons(input) });
  }
  if (applications.length === 0) return { applications };
  return { applications, project: addonsProject(scope, { platformName: props.platformName, clusters }) };
}
