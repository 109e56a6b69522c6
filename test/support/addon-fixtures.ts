/** Renders a platform plus its add-on Applications (one management file), as the charts would assemble them. */
import { App, Chart } from 'cdk8s';
import { platformCharts } from '../../charts/platform-charts';
import { ARGOCD_NAMESPACE } from '../../src/constructs/addons/addon-application';
import { addonsForRender, edgeAddonInputs, tracingProvider } from '../../src/constructs/addons/addons-for-render';
import { renderFactsFromCharts } from '../../src/constructs/addons/render-facts';
import { resolveEdge } from '../../src/spec/mesh/plan';
import { PlatformSpec } from '../../src/spec/types';

export const ADDONS_FILE = (platform: string) => `${platform}/addons.yaml`;

export function renderWithAddons(platform: PlatformSpec): { file: string; object: any }[] {
  const app = new App({ outdir: '.unused' });
  const files = platformCharts(app, platform);
  const rendered = files.flatMap((f) => f.chart.toJson().map((object: any) => ({ file: f.path, object })));
  const chart = new Chart(app, `${platform.name}-addons`, { namespace: ARGOCD_NAMESPACE, disableResourceNameHashes: true });
  addonsForRender(chart, {
    platformName: platform.name,
    facts: renderFactsFromCharts(files),
    edge: edgeAddonInputs(resolveEdge(platform)),
    tracing: tracingProvider(platform.mesh?.tracing),
  });
  return [...rendered, ...chart.toJson().map((object: any) => ({ file: ADDONS_FILE(platform.name), object }))];
}
