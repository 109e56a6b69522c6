/** The one-pass ApiObject.toJson gives cdk8s' own JSON, on every rendered object and on the odd values. */
import { ApiObject, App, Chart, JsonPatch, Lazy } from 'cdk8s';
import { fastMetadataJson, originalMetadataToJson, originalToJson } from '../../src/compile/fast-to-json';
import { platformCharts } from '../../src/compile';
import { IntOrString } from '../../src/constructs/k8s';
import { PLATFORMS } from '../../platforms';

/** The base method both ways (an L1 class's own toJson converts what its super.toJson() gives). */
function both(object: ApiObject): { fast: unknown; cdk8s: unknown } {
  return { fast: ApiObject.prototype.toJson.call(object), cdk8s: originalToJson.call(object) };
}

describe('fast toJson', () => {
  it('is installed on ApiObject', () => {
    expect(ApiObject.prototype.toJson).not.toBe(originalToJson);
  });

  it.each(PLATFORMS.map((p) => p.name))('gives cdk8s\' JSON for every object of %s', (name) => {
    const app = new App({ outdir: '.unused' });
    const files = platformCharts(app, PLATFORMS.find((p) => p.name === name)!);
    let objects = 0;
    for (const { chart } of files) {
      for (const object of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
        const { fast, cdk8s } = both(object);
        expect(fast).toStrictEqual(cdk8s);
        objects++;
      }
    }
    expect(objects).toBeGreaterThan(50);
  });

  describe('on values a construct may hold', () => {
    let chart: Chart;
    beforeEach(() => { chart = new Chart(new App({ outdir: '.unused' }), 'c'); });
    const object = (spec: unknown) => new ApiObject(chart, `o${Math.random()}`.replace('.', ''), { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec } as any);

    it('Lazy values, implicit tokens, number/string unions, nested and repeated', () => {
      const token = { resolve: () => ({ b: 2, a: Lazy.any({ produce: () => [1, null, { z: undefined, y: 'y' }] }) }) };
      const o = object({ lazy: Lazy.any({ produce: () => token }), port: IntOrString.fromNumber(8080), name: IntOrString.fromString('http'), n: null, u: undefined, list: [undefined, null, 0, ''] });
      const { fast, cdk8s } = both(o);
      expect(fast).toStrictEqual(cdk8s);
      expect((fast as any).spec.lazy).toEqual({ a: [1, undefined, { y: 'y' }], b: 2 });
      expect((fast as any).spec.port).toEqual({ value: 8080 });
    });

    it('keys sorted, apiVersion, kind and metadata first, JSON patches applied', () => {
      const o = object({ zeta: 1, alpha: { d: 1, c: 2 } });
      o.addJsonPatch(JsonPatch.add('/spec/beta', 3), JsonPatch.remove('/spec/zeta'));
      const { fast, cdk8s } = both(o);
      expect(fast).toStrictEqual(cdk8s);
      expect(Object.keys(fast as object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
      expect(Object.keys((fast as any).spec)).toEqual(['alpha', 'beta']);
      expect(Object.keys((fast as any).spec.alpha)).toEqual(['c', 'd']);
    });

    it('rejects a non-plain object with cdk8s\' message', () => {
      class Opaque { x = 1; }
      const o = object({ thing: new Opaque() });
      expect(() => o.toJson()).toThrow("can't render non-simple object of type 'Opaque'");
      expect(() => originalToJson.call(o)).toThrow("can't render non-simple object of type 'Opaque'");
    });

    it('metadata: empty lists and maps dropped (also nested), keys sorted, Lazy and tokens resolved', () => {
      const o = new ApiObject(chart, 'meta', {
        apiVersion: 'v1', kind: 'Thing',
        metadata: {
          name: 'x', finalizers: [], ownerReferences: [],
          labels: { b: Lazy.any({ produce: () => 'two' }), a: 'one' },
          extra: { empty: {}, list: [], deep: { none: { gone: undefined } }, kept: [[], null, { z: 1 }] },
        } as any,
      });
      o.metadata.addAnnotation('z', 'last');
      const fast = fastMetadataJson(o.metadata);
      expect(fast).toStrictEqual(originalMetadataToJson.call(o.metadata));
      expect(fast).toStrictEqual({ annotations: { z: 'last' }, extra: { kept: [undefined, undefined, { z: 1 }] }, labels: { a: 'one', b: 'two' }, name: 'x' });
      expect(Object.keys((fast as any).labels)).toEqual(['a', 'b']);
      const bare = new ApiObject(chart, 'bare', { apiVersion: 'v1', kind: 'Thing' } as any);
      expect(fastMetadataJson(bare.metadata)).toStrictEqual(originalMetadataToJson.call(bare.metadata));
      expect(both(bare).fast).toStrictEqual(both(bare).cdk8s);
    });

    it('falls back to cdk8s\' own method when the App has a resolver of its own', () => {
      const app = new App({ outdir: '.unused', resolvers: [{ resolve: (c) => { if (c.value === 'secret') c.replaceValue('redacted'); } }] });
      const o = new ApiObject(new Chart(app, 'c'), 'o', { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'x' }, spec: { a: 'secret' } } as any);
      expect((o.toJson() as any).spec.a).toBe('redacted');
    });
  });
});
