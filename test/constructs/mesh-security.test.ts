/** mTLS, least-privilege AuthorizationPolicies from declared dependencies, and tracing, per mesh namespace. */
import { findObject, renderObjects, shopPlatform, webService } from '../support/fixtures';
import { meshShop } from '../support/mesh-fixtures';
import { schemaErrors } from '../support/schema';

describe('mesh security from declared dependencies', () => {
  const objects = renderObjects(meshShop());
  const files = ['shop/east/10-store.yaml', 'shop/east/10-payments.yaml', 'shop/east/10-edge.yaml'];

  it.each(files)('%s: PeerAuthentication default STRICT and an allow-nothing baseline', (file) => {
    const namespace = file.split('10-')[1].replace('.yaml', '');
    const pa = findObject(objects, file, 'PeerAuthentication', 'default');
    expect(pa.apiVersion).toBe('security.istio.io/v1');
    expect(pa.metadata.namespace).toBe(namespace);
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(findObject(objects, file, 'AuthorizationPolicy', 'allow-nothing').spec).toEqual({});
  });

  it("admits only the declared callers' service accounts, on the service port", () => {
    const cart = findObject(objects, 'shop/east/10-store.yaml', 'AuthorizationPolicy', 'cart');
    expect(cart.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cart', 'app.kubernetes.io/instance': 'shop-cart' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/store/sa/web'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    // Across namespaces: checkout (payments) is called by cart (store).
    expect(findObject(objects, 'shop/east/10-payments.yaml', 'AuthorizationPolicy', 'checkout').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/store/sa/cart']);
  });

  it('admits the Kong gateway into exposed services, and NGINX into Kong', () => {
    expect(findObject(objects, 'shop/east/10-store.yaml', 'AuthorizationPolicy', 'web').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/edge/sa/kong']);
    expect(findObject(objects, 'shop/east/10-edge.yaml', 'AuthorizationPolicy', 'kong').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'kong' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/edge/sa/ingress-nginx'] } }], to: [{ operation: { ports: ['8000'] } }] }],
    });
  });

  it('uses the trust domain from the spec', () => {
    const custom = renderObjects(meshShop({ mesh: { trustDomain: 'shop.example' } }));
    expect(findObject(custom, 'shop/east/10-store.yaml', 'AuthorizationPolicy', 'cart').spec.rules[0].from[0].source.principals)
      .toEqual(['shop.example/ns/store/sa/web']);
  });

  it('closes a service nobody calls: an ALLOW policy without rules admits nothing', () => {
    const lonely = renderObjects(meshShop({ store: { audit: webService({ image: 'registry.internal/shop/audit:1.0.0' }) } }));
    expect(findObject(lonely, 'shop/east/10-store.yaml', 'AuthorizationPolicy', 'audit').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'audit', 'app.kubernetes.io/instance': 'shop-audit' } },
      action: 'ALLOW',
    });
  });

  it("lets a service's callers reach the other service its split routes to (their sidecars connect to it directly)", () => {
    const platform = meshShop({
      cart: { loadBalancer: undefined, trafficSplit: { current: { weight: 90 }, next: { service: 'cart-next', weight: 10 } } },
      store: { 'cart-next': webService({ image: 'registry.internal/shop/cart:3.0.0' }) },
    });
    expect(findObject(renderObjects(platform), 'shop/east/10-store.yaml', 'AuthorizationPolicy', 'cart-next').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/store/sa/web']);
  });

  it('labels mesh namespaces for sidecar injection, and leaves platforms without a mesh alone', () => {
    for (const ns of ['store', 'payments', 'edge']) {
      expect(findObject(objects, 'shop/east/00-cluster.yaml', 'Namespace', ns).metadata.labels).toMatchObject({
        'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted',
      });
    }
    const plain = renderObjects(shopPlatform());
    expect(findObject(plain, 'shop/east/00-cluster.yaml', 'Namespace', 'store').metadata.labels).not.toHaveProperty('istio-injection');
    expect(plain.filter((o) => o.object.apiVersion.includes('istio.io'))).toEqual([]);
  });

  it.each(files)('%s: Telemetry sends traces to Jaeger at the spec sampling rate', (file) => {
    const telemetry = findObject(objects, file, 'Telemetry', 'tracing');
    expect(telemetry.apiVersion).toBe('telemetry.istio.io/v1');
    expect(telemetry.spec).toEqual({ tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 10 }] });
  });

  it('renders no Telemetry without a tracing section', () => {
    expect(renderObjects(meshShop({ mesh: { tracing: undefined } })).some((o) => o.object.kind === 'Telemetry')).toBe(false);
  });

  it('validates every PeerAuthentication, AuthorizationPolicy and Telemetry against its CRD schema', () => {
    const security = objects.filter((o) => ['PeerAuthentication', 'AuthorizationPolicy', 'Telemetry'].includes(o.object.kind));
    expect(security.length).toBeGreaterThan(10);
    for (const { object } of security) expect(schemaErrors(object)).toEqual([]);
  });
});
