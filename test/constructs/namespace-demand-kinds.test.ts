/** The namespace quota is sized from DEMAND_KINDS only: every other kind changes nothing in the demand. */
import { ApiObject, App } from 'cdk8s';
import { platformCharts } from '../../src/compile';
import { DEMAND_KINDS, namespaceDemand } from '../../src/constructs/namespace-budget';
import { PLATFORMS } from '../../platforms';

describe('DEMAND_KINDS', () => {
  it.each(PLATFORMS.map((p) => p.name))('gives the same demand as every object of each namespace of %s', (name) => {
    const files = platformCharts(new App({ outdir: '.unused' }), PLATFORMS.find((p) => p.name === name)!);
    let namespaces = 0;
    for (const { path, chart } of files.filter((f) => /\/10-[^/]+\.yaml$/.test(f.path))) {
      const all = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind !== 'ResourceQuota').map((o) => o.toJson());
      const read = all.filter((o) => DEMAND_KINDS.has(o.kind));
      for (const meshed of [false, true]) expect({ path, demand: namespaceDemand(read, meshed) }).toEqual({ path, demand: namespaceDemand(all, meshed) });
      namespaces++;
    }
    expect(namespaces).toBeGreaterThan(0);
  });
});
