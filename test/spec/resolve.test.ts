/** Region overrides: explicit, merged onto the platform-wide service, reported at their own path. */
import { resolveRegions } from '../../src/spec/resolve';
import { shopPlatform, webService } from '../support/fixtures';

describe('resolveRegions', () => {
  const platform = shopPlatform({
    regions: {
      west: { zones: ['w-a'], services: { web: { autoscaling: { maxReplicas: 40 }, env: { REGION_ONLY: '1' } } } },
      east: { zones: ['e-a', 'e-b'] },
    },
  }, { env: { SHARED: 'yes' } });
  const [east, west] = resolveRegions(platform);

  it('orders regions, namespaces and services by name', () => {
    expect([east.name, west.name]).toEqual(['east', 'west']);
    expect(east.namespaces.map((n) => n.name)).toEqual(['store']);
  });

  it('leaves regions without overrides on the platform-wide spec', () => {
    expect(east.namespaces[0].services[0].spec).toEqual(webService({ env: { SHARED: 'yes' } }));
  });

  it('merges an override field by field (autoscaling shallowly, env by key)', () => {
    const web = west.namespaces[0].services[0].spec;
    expect(web.autoscaling).toEqual({ ...webService().autoscaling, maxReplicas: 40 });
    expect(web.env).toEqual({ SHARED: 'yes', REGION_ONLY: '1' });
  });

  it('points a field at the override that sets it, else at the platform-wide spec', () => {
    const web = west.namespaces[0].services[0];
    expect(web.pathOf('autoscaling')).toBe('shop.regions.west.services.web.autoscaling');
    expect(web.pathOf('image')).toBe('shop.namespaces.store.services.web.image');
    expect(east.namespaces[0].services[0].pathOf('autoscaling')).toBe('shop.namespaces.store.services.web.autoscaling');
  });
});
