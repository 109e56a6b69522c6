import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ARGOCD_NAMESPACE } from '../src/constructs/addons/addon-application';
import { addonsForRender, edgeAddonInputs, tracingProvider } from '../src/constructs/addons/addons-for-render';
import { renderFactsFromCharts } from '../src/constructs/addons/render-facts';
import { PlatformModel } from '../src/model/types';

export interface AddonsChartProps {
  readonly model: PlatformModel;
  /** The platform's cluster folders, already built: the add-ons follow from what they hold. */
  readonly clusterFiles: readonly { readonly path: string; readonly chart: IConstruct }[];
}

/**
 * The controllers every cluster needs (Istio, KEDA, cert-manager, the ingress tiers, the metrics
 * stack, operators of the data tier), as Argo CD Applications on the management cluster, beside
 * the ApplicationSet. They are chosen from the kinds and settings the cluster folders render, and
 * carry the values those objects depend on (src/constructs/addons).
 */
export class AddonsChart extends Chart {
  readonly hasApplications: boolean;

  constructor(scope: Construct, id: string, props: AddonsChartProps) {
    super(scope, id, { namespace: ARGOCD_NAMESPACE, disableResourceNameHashes: true });
    const { model } = props;
    const { applications } = addonsForRender(this, {
      platformName: model.name,
      facts: renderFactsFromCharts(props.clusterFiles),
      edge: model.edge ? edgeAddonInputs(model.edge, model.servingPriorityClassName) : undefined,
      tracing: tracingProvider(model.mesh?.tracing),
    });
    this.hasApplications = applications.length > 0;
  }
}
