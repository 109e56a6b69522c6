/** VirtualServices: timeout, retries and weighted splits (canaries, weighted round robin). */
import { findObject, renderObjects, webService } from '../support/fixtures';
import { meshShop } from '../support/mesh-fixtures';
import { schemaErrors } from '../support/schema';

describe('VirtualService per service', () => {
  const objects = renderObjects(meshShop());

  it('routes the service host to itself with timeout and retries exactly as declared', () => {
    const vs = findObject(objects, 'shop/east/10-payments.yaml', 'VirtualService', 'checkout');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.metadata).toMatchObject({ name: 'checkout', namespace: 'payments' });
    expect(vs.spec).toEqual({
      hosts: ['checkout.payments.svc.cluster.local'],
      http: [{
        name: 'default',
        route: [{ destination: { host: 'checkout.payments.svc.cluster.local', port: { number: 9090 } } }],
        // From the platform's default profile 'standard'.
        timeout: '2s',
        retries: { attempts: 2, perTryTimeout: '500ms', retryOn: 'connect-failure,refused-stream,503' },
      }],
    });
  });

  it("takes the timeout from the service's circuit breaker (seed 001: 3 s), and a service's own timeout over it", () => {
    expect(findObject(objects, 'shop/east/10-store.yaml', 'VirtualService', 'cart').spec.http[0].timeout).toBe('3s');
    const own = renderObjects(meshShop({ cart: { timeout: '1500ms' } }));
    expect(findObject(own, 'shop/east/10-store.yaml', 'VirtualService', 'cart').spec.http[0].timeout).toBe('1500ms');
  });

  it("renders only pre-connection retries when none are declared (never Istio's built-in 503 retries)", () => {
    expect(findObject(objects, 'shop/east/10-store.yaml', 'VirtualService', 'web').spec.http[0].retries)
      .toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream,reset-before-request' });
  });

  it('splits by weight between version subsets of the service (canary)', () => {
    const split = renderObjects(meshShop({ checkout: { trafficSplit: { stable: { weight: 95 }, canary: { version: '3.2.0', weight: 5 } } } }));
    const host = 'checkout.payments.svc.cluster.local';
    expect(findObject(split, 'shop/east/10-payments.yaml', 'VirtualService', 'checkout').spec.http[0].route).toEqual([
      { destination: { host, port: { number: 9090 }, subset: 'canary' }, weight: 5 },
      { destination: { host, port: { number: 9090 }, subset: 'stable' }, weight: 95 },
    ]);
  });

  it('splits by weight to another declared service, at its own host and port (weighted round robin)', () => {
    const platform = meshShop({
      cart: { loadBalancer: undefined, trafficSplit: { current: { weight: 75 }, next: { service: 'cart-next', weight: 25 } } },
      store: { 'cart-next': webService({ image: 'registry.internal/shop/cart:3.0.0', port: 8081 }) },
    });
    const rendered = renderObjects(platform);
    expect(findObject(rendered, 'shop/east/10-store.yaml', 'VirtualService', 'cart').spec.http[0].route).toEqual([
      { destination: { host: 'cart.store.svc.cluster.local', port: { number: 8080 }, subset: 'current' }, weight: 75 },
      { destination: { host: 'cart-next.store.svc.cluster.local', port: { number: 8081 } }, weight: 25 },
    ]);
    // Only version targets are subsets of the DestinationRule.
    expect(findObject(rendered, 'shop/east/10-store.yaml', 'DestinationRule', 'cart').spec.subsets)
      .toEqual([{ name: 'current', labels: { 'app.kubernetes.io/version': '2.0.1' } }]);
  });

  it('validates every VirtualService against the Istio CRD schema', () => {
    const routes = objects.filter((o) => o.object.kind === 'VirtualService');
    expect(routes).toHaveLength(6);
    for (const { object } of routes) expect(schemaErrors(object)).toEqual([]);
  });
});

describe('every DestinationRule and VirtualService host resolves to a rendered Service', () => {
  it.each([
    ['the mesh fixture', meshShop()],
    ['a split to another service', meshShop({
      cart: { loadBalancer: undefined, trafficSplit: { current: { weight: 75 }, next: { service: 'cart-next', weight: 25 } } },
      store: { 'cart-next': webService({ image: 'registry.internal/shop/cart:3.0.0' }) },
    })],
  ])('%s', (_name, platform) => {
    const objects = renderObjects(platform);
    for (const region of ['east', 'west']) {
      const inRegion = objects.filter((o) => o.file.startsWith(`shop/${region}/`)).map((o) => o.object);
      const services = new Set(inRegion.filter((o) => o.kind === 'Service').map((o) => `${o.metadata.name}.${o.metadata.namespace}.svc.cluster.local`));
      const hosts = [
        ...inRegion.filter((o) => o.kind === 'DestinationRule').map((o) => o.spec.host),
        ...inRegion.filter((o) => o.kind === 'VirtualService').flatMap((o) => [...o.spec.hosts, ...o.spec.http.flatMap((h: any) => h.route.map((r: any) => r.destination.host))]),
      ];
      expect(hosts.length).toBeGreaterThan(6);
      for (const host of hosts) expect({ host, resolves: services.has(host) }).toEqual({ host, resolves: true });
    }
  });
});
