import { PLATFORMS } from '../../platforms';
import { renderPlatforms } from '../../src/compile';
import { loadRenderedObjects, schemaErrors } from '../support/schema';

describe('every rendered object validates against its upstream schema', () => {
  const objects = loadRenderedObjects(renderPlatforms(PLATFORMS));

  it('renders objects at all', () => {
    expect(objects.length).toBeGreaterThan(10);
  });

  it.each(objects.map((o) => [`${o.file} ${o.object.kind}/${(o.object as any).metadata?.name}`, o.object]))('%s', (_name, object) => {
    expect(schemaErrors(object as any)).toEqual([]);
  });
});

describe('the schema check can fail', () => {
  it('rejects a core object with a wrong type', () => {
    expect(schemaErrors({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'many' } } as any))
      .not.toEqual([]);
  });
  it('rejects a CRD object with an unknown field and a bad enum', () => {
    const errors = schemaErrors({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'x' },
      spec: { generators: [], template: { metadata: {}, spec: { project: 'p', destination: {} } }, bogus: true },
    } as any);
    expect(errors.join('\n')).toContain("'bogus'");
  });
  it('rejects an unknown kind', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Nope' } as any)).not.toEqual([]);
  });
});
