/** A rendered-object finding names the spec path that produced the object, so the fix is findable. */
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { hyperscale } from '../../platforms/hyperscale';
import { modelCharts, renderFiles } from '../../src/compile';
import { resolvePlatform } from '../../src/model';
import { formatGateFinding, RenderGateError } from '../../src/render/gate';

function brokenRender(mutate: (objects: ApiObject[]) => void): RenderGateError {
  const app = new App({ outdir: '.unused' });
  const files = modelCharts(app, resolvePlatform(hyperscale));
  mutate(files.flatMap((f) => f.chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)));
  try {
    renderFiles(files);
  } catch (e) {
    if (e instanceof RenderGateError) return e;
    throw e;
  }
  throw new Error('the render gate passed a broken object');
}

describe('render gate findings carry the spec path', () => {
  it('a workload object points at its service entry', () => {
    const error = brokenRender((objects) => {
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.name === 'api' && o.chart.node.id === 'hyperscale-us-east-web');
      hpa!.addJsonPatch(JsonPatch.replace('/spec/maxReplicas', 'many'));
    });
    const usEast = error.findings.filter((f) => f.file === 'hyperscale/us-east/10-web.yaml' && f.rule === 'upstream-schema');
    expect(usEast).toEqual([expect.objectContaining({
      rule: 'upstream-schema',
      object: 'HorizontalPodAutoscaler web/api',
      path: 'spec.maxReplicas',
      specPath: 'hyperscale.namespaces.web.services.api',
    })]);
    expect(formatGateFinding(usEast[0])).toMatch(/\(from spec path hyperscale\.namespaces\.web\.services\.api\)$/);
  });

  it('a Namespace points at its region, and the ApplicationSet at gitops', () => {
    const error = brokenRender((objects) => {
      objects.find((o) => o.kind === 'Namespace' && o.name === 'web' && o.chart.node.id.includes('apac'))!.addJsonPatch(JsonPatch.add('/metadata/labels/bad', 7));
      objects.find((o) => o.kind === 'ApplicationSet')!.addJsonPatch(JsonPatch.add('/metadata/labels/bad', 7));
    });
    const byFile = Object.fromEntries(error.findings.map((f) => [f.file, f.specPath]));
    expect(byFile).toEqual({
      'hyperscale/apac/00-cluster.yaml': 'hyperscale.regions.apac',
      'hyperscale/applicationset.yaml': 'hyperscale.gitops',
    });
  });
});
