/** NetworkPolicies: default deny for every pod, then exactly the declared traffic. */
import { findObject, renderObjects } from '../support/fixtures';
import { meshShop } from '../support/mesh-fixtures';

const ns = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const pods = (name: string) => ({ matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `shop-${name}` } });
const tcp = (port: number | string) => ({ port, protocol: 'TCP' });

describe('network policies', () => {
  const objects = renderObjects(meshShop());
  const policy = (file: string, name: string) => findObject(objects, `shop/east/${file}`, 'NetworkPolicy', name).spec;

  it.each(['10-store.yaml', '10-payments.yaml', '10-edge.yaml'])('%s: denies all ingress and egress for every pod (podSelector {})', (file) => {
    expect(policy(file, 'default-deny-all')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] });
  });

  it('lets every pod resolve names through kube-dns, over UDP and TCP', () => {
    expect(policy('10-store.yaml', 'allow-dns-egress')).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: ns('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });

  it("lets every pod's sidecar reach istiod and the Jaeger collector", () => {
    expect(policy('10-store.yaml', 'allow-mesh-egress')).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        { to: [{ namespaceSelector: ns('istio-system'), podSelector: { matchLabels: { app: 'istiod' } } }], ports: [tcp(15012)] },
        { to: [{ namespaceSelector: ns('tracing'), podSelector: { matchLabels: { app: 'jaeger' } } }], ports: [tcp(9411)] },
      ],
    });
  });

  it('lets Prometheus scrape the merged metrics ports of every pod', () => {
    expect(policy('10-store.yaml', 'allow-monitoring-ingress')).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: ns('monitoring'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
        ports: [tcp(15020), tcp(15090)],
      }],
    });
  });

  it('admits declared callers into a service and lets it reach what it calls, on their ports', () => {
    expect(policy('10-store.yaml', 'cart')).toEqual({
      podSelector: pods('cart'),
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: ns('store'), podSelector: pods('web') }], ports: [tcp(8080)] }],
      egress: [{ to: [{ namespaceSelector: ns('payments'), podSelector: pods('checkout') }], ports: [tcp(9090)] }],
    });
  });

  it('admits the Kong gateway into exposed services (the ingress path)', () => {
    expect(policy('10-store.yaml', 'web').ingress).toEqual([
      { from: [{ namespaceSelector: ns('edge'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kong' } } }], ports: [tcp(8080)] },
    ]);
  });

  it('lets a service reach external dependencies: CIDRs outside the cluster, pods inside it', () => {
    expect(policy('10-payments.yaml', 'checkout').egress).toEqual([
      { to: [{ namespaceSelector: ns('data'), podSelector: { matchLabels: { app: 'ledger' } } }], ports: [tcp(5432)] },
      { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [tcp(443)] },
    ]);
  });

  it('registers out-of-cluster dependencies with the mesh, in the namespace that calls them only', () => {
    const entry = findObject(objects, 'shop/east/10-payments.yaml', 'ServiceEntry', 'stripe');
    expect(entry.spec).toEqual({
      hosts: ['api.stripe.com'], exportTo: ['.'], location: 'MESH_EXTERNAL', resolution: 'DNS',
      ports: [{ number: 443, name: 'tls-443', protocol: 'TLS' }],
    });
    expect(objects.filter((o) => o.object.kind === 'ServiceEntry').map((o) => o.file)).toEqual(['shop/east/10-payments.yaml', 'shop/west/10-payments.yaml']);
  });

  it('selects exactly the pods the Deployment runs', () => {
    for (const name of ['web', 'cart']) {
      const deployment = findObject(objects, 'shop/east/10-store.yaml', 'Deployment', name);
      expect(policy('10-store.yaml', name).podSelector).toEqual(deployment.spec.selector);
    }
  });

  describe('edge', () => {
    it('exempts the edge policies from kube-score\'s pod check: their pods come from the controllers\' installs', () => {
      for (const name of ['default-deny-all', 'allow-dns-egress', 'ingress-nginx', 'kong']) {
        expect(findObject(objects, 'shop/east/10-edge.yaml', 'NetworkPolicy', name).metadata.annotations['kube-score/ignore']).toBe('networkpolicy-targets-pod');
      }
      expect(findObject(objects, 'shop/east/10-store.yaml', 'NetworkPolicy', 'default-deny-all').metadata.annotations).not.toHaveProperty('kube-score/ignore');
    });

    it('NGINX: in from the NLB on http/https and from the API server to its webhook; out to Kong and the API server', () => {
      expect(policy('10-edge.yaml', 'ingress-nginx')).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [tcp('http'), tcp('https')] },
          { from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [tcp('webhook')] },
        ],
        egress: [
          { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kong' } } }], ports: [tcp(8000)] },
          { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [tcp(443)] },
        ],
      });
    });

    it('Kong: in from NGINX only; out to the exposed services and the API server', () => {
      expect(policy('10-edge.yaml', 'kong')).toEqual({
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kong' } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } } }], ports: [tcp(8000)] }],
        egress: [
          { to: [{ namespaceSelector: ns('store'), podSelector: pods('web') }], ports: [tcp(8080)] },
          { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [tcp(443)] },
        ],
      });
    });

    it('opens NGINX → cert-manager solver pods only with an HTTP-01 issuer', () => {
      expect(objects.some((o) => o.object.metadata.name === 'acme-http01-solver')).toBe(false);
      const http01 = renderObjects(meshShop({
        platform: { regions: { east: { zones: ['a'] } } },
        mesh: { edge: { ...meshShop().mesh!.edge!, issuer: { name: 'le', acme: { server: 'https://acme.example/dir', email: 'a@b.io', privateKeySecretName: 'le-key', solver: { http01: {} } } } } },
      }));
      expect(findObject(http01, 'shop/east/10-edge.yaml', 'NetworkPolicy', 'acme-http01-solver').spec.ingress).toEqual([
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } } }], ports: [tcp(8089)] },
      ]);
      expect(findObject(http01, 'shop/east/10-edge.yaml', 'NetworkPolicy', 'ingress-nginx').spec.egress[1]).toEqual(
        { to: [{ podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } } }], ports: [tcp(8089)] },
      );
    });
  });
});
