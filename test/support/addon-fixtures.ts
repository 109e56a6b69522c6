/** Renders a platform plus its add-on Applications (one management file), as the charts would assemble them. */
import { App, Chart } from 'cdk8s';
import { platformCharts } from '../../charts/platform-charts';
import { addonApplications, addonsProject, DEFAULT_TRACING_SERVICE, selectAddons } from '../../src/constructs/addons/addon-application';
import { renderFacts } from '../../src/constructs/addons/render-facts';
import { PlatformSpec } from '../../src/spec/types';

export const ADDONS_FILE = (platform: string) => `${platform}/addons.yaml`;

export function renderWithAddons(platform: PlatformSpec): { file: string; object: any }[] {
  const app = new App({ outdir: '.unused' });
  const rendered = platformCharts(app, platform).flatMap((f) => f.chart.toJson().map((object: any) => ({ file: f.path, object })));
  const chart = new Chart(app, `${platform.name}-addons`, { disableResourceNameHashes: true });
  const clusters: { name: string; addons: ReturnType<typeof selectAddons> }[] = [];
  for (const facts of renderFacts(rendered).values()) {
    const input = {
      cluster: facts.cluster,
      platformName: platform.name,
      requiredKinds: facts.kinds,
      ingressClasses: facts.ingressClasses,
      podsMetrics: facts.podsMetrics,
      meshed: facts.meshed,
      terminationDrainSeconds: facts.terminationDrainSeconds,
      tracing: facts.tracingProviders.map((name) => ({ name, ...DEFAULT_TRACING_SERVICE })),
      namespaceLabels: facts.namespaceLabels,
    };
    addonApplications(chart, input);
    clusters.push({ name: facts.cluster, addons: selectAddons(input) });
  }
  addonsProject(chart, { platformName: platform.name, clusters });
  return [...rendered, ...chart.toJson().map((object: any) => ({ file: ADDONS_FILE(platform.name), object }))];
}
