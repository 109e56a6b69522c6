/** Renders a platform with its add-on Applications (dist/<platform>/addons.yaml), as synth does. */
import { App } from 'cdk8s';
import { platformCharts } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';

export const ADDONS_FILE = (platform: string) => `${platform}/addons.yaml`;

export function renderWithAddons(platform: PlatformSpec): { file: string; object: any }[] {
  const app = new App({ outdir: '.unused' });
  return platformCharts(app, platform).flatMap((f) => f.chart.toJson().map((object: any) => ({ file: f.path, object })));
}
