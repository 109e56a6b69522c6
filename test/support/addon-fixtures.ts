/** Renders a platform with its add-on Applications (dist/<platform>/addons.yaml), as synth does. */
import { App } from 'cdk8s';
import { platformCharts } from '../../src/compile';
import { PlatformSpec } from '../../src/spec/types';

export const ADDONS_FILE = (platform: string) => `${platform}/addons.yaml`;

/** Add-ons come with Argo CD delivery, so a platform without `gitops` gets this repository. */
export function renderWithAddons(platform: PlatformSpec): { file: string; object: any }[] {
  const app = new App({ outdir: '.unused' });
  const delivered = platform.gitops ? platform : { ...platform, gitops: { repoURL: 'https://git.example.com/platform.git' } };
  return platformCharts(app, delivered).flatMap((f) => f.chart.toJson().map((object: any) => ({ file: f.path, object })));
}
