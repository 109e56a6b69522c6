/** The edge: NLB → NGINX (cert-manager TLS) → Kong (auth, rate limits) → mesh services. */
import { findObject, renderObjects } from '../support/fixtures';
import { edgeSpec, meshShop } from '../support/mesh-fixtures';
import { schemaErrors } from '../support/schema';

describe('edge', () => {
  const objects = renderObjects(meshShop());
  const edge = (kind: string, name: string) => findObject(objects, 'shop/east/10-edge.yaml', kind, name);

  it('renders the edge namespace file after the cluster file, and the edge Namespace in the cluster file', () => {
    expect([...new Set(objects.map((o) => o.file))].filter((f) => f.startsWith('shop/east/'))).toEqual([
      'shop/east/00-cluster.yaml', 'shop/east/10-payments.yaml', 'shop/east/10-store.yaml', 'shop/east/10-edge.yaml',
    ]);
    const namespace = findObject(objects, 'shop/east/00-cluster.yaml', 'Namespace', 'edge');
    expect(namespace.metadata.labels).toMatchObject({ 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted', 'platform-compiler.dev/region': 'east' });
    expect(namespace.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-10' });
  });

  it('puts an NLB in front of NGINX: AWS Load Balancer Controller annotations, pod IP targets, client ranges', () => {
    const lb = edge('Service', 'ingress-nginx');
    expect(lb.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '0',
      // NGINX's pods come from its Helm release: kube-score cannot see them in these manifests.
      'kube-score/ignore': 'service-targets-pod',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol': '*',
      'service.beta.kubernetes.io/aws-load-balancer-attributes': 'load_balancing.cross_zone.enabled=true',
    });
    expect(lb.spec).toEqual({
      type: 'LoadBalancer',
      selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      allocateLoadBalancerNodePorts: false,
      loadBalancerSourceRanges: ['203.0.113.0/24'],
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
    });
  });

  it('issues the public certificate with cert-manager from the ClusterIssuer, into a Secret referenced by name', () => {
    expect(edge('Certificate', 'edge-tls').spec).toEqual({
      secretName: 'edge-tls',
      dnsNames: ['shop.example.com', 'www.shop.example.com'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' },
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    });
  });

  it('renders an ACME ClusterIssuer with a Route 53 DNS-01 solver and no credentials', () => {
    const issuer = findObject(objects, 'shop/east/00-cluster.yaml', 'ClusterIssuer', 'letsencrypt');
    expect(issuer.metadata).not.toHaveProperty('namespace');
    expect(issuer.spec).toEqual({
      acme: {
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'ops@example.com',
        privateKeySecretRef: { name: 'letsencrypt-account' },
        solvers: [{ dns01: { route53: { region: 'us-east-1', hostedZoneID: 'Z0123456789ABC' } } }],
      },
    });
  });

  it('renders HTTP-01 through the NGINX class (solver pods without sidecar) and CA issuers', () => {
    const http01 = renderObjects(meshShop({
      platform: { regions: { east: { zones: ['a'] } } },
      mesh: { edge: edgeSpec({ issuer: { name: 'le', acme: { server: 'https://acme.example/dir', email: 'a@b.io', privateKeySecretName: 'le-key', solver: { http01: {} } } } }) },
    }));
    const solver = findObject(http01, 'shop/east/00-cluster.yaml', 'ClusterIssuer', 'le').spec.acme.solvers[0];
    expect(solver).toEqual({ http01: { ingress: { ingressClassName: 'nginx', podTemplate: { metadata: {
      annotations: { 'sidecar.istio.io/inject': 'false' }, labels: { 'acme.cert-manager.io/http01-solver': 'true' },
    } } } } });
    expect(schemaErrors(findObject(http01, 'shop/east/00-cluster.yaml', 'ClusterIssuer', 'le'))).toEqual([]);

    const ca = renderObjects(meshShop({ mesh: { edge: edgeSpec({ issuer: { name: 'internal-ca', ca: { secretName: 'internal-ca-key-pair' } } }) } }));
    const caIssuer = findObject(ca, 'shop/east/00-cluster.yaml', 'ClusterIssuer', 'internal-ca');
    expect(caIssuer.spec).toEqual({ ca: { secretName: 'internal-ca-key-pair' } });
    expect(schemaErrors(caIssuer)).toEqual([]);
  });

  it('routes every public host from NGINX to Kong, handing over through the mesh (service-upstream, Host = Kong Service)', () => {
    const ingress = edge('Ingress', 'edge');
    expect(ingress.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-wave': '5',
      'nginx.ingress.kubernetes.io/service-upstream': 'true',
      'nginx.ingress.kubernetes.io/upstream-vhost': 'kong-proxy.edge.svc.cluster.local',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    const backend = { service: { name: 'kong-proxy', port: { number: 80 } } };
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com', 'www.shop.example.com'], secretName: 'edge-tls' }],
      rules: ['shop.example.com', 'www.shop.example.com'].map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } })),
    });
  });

  it("fronts Kong's proxy with a ClusterIP Service and an ISTIO_MUTUAL DestinationRule", () => {
    expect(edge('Service', 'kong-proxy').metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0', 'kube-score/ignore': 'service-targets-pod' });
    expect(edge('Service', 'kong-proxy').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'kong' },
      ports: [{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP', appProtocol: 'http' }],
    });
    expect(edge('DestinationRule', 'kong-proxy').spec).toEqual({
      host: 'kong-proxy.edge.svc.cluster.local',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, loadBalancer: { simple: 'LEAST_REQUEST' } },
    });
  });

  describe('Kong routes, beside the exposed service', () => {
    const file = 'shop/east/10-store.yaml';

    it('routes the exposed paths on Kong with the auth and rate-limit plugins attached', () => {
      const route = findObject(objects, file, 'Ingress', 'web-gateway');
      expect(route.metadata.annotations).toEqual({
        // Routing syncs with policy, after the Service and Deployment it routes to.
        'argocd.argoproj.io/sync-wave': '5',
        'konghq.com/plugins': 'web-auth,web-rate-limit',
        'konghq.com/strip-path': 'false',
        'konghq.com/preserve-host': 'false',
      });
      expect(route.spec).toEqual({
        ingressClassName: 'kong',
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }] } }],
      });
    });

    it('configures rate limiting per Kong node and key-auth without query-string keys', () => {
      const limit = findObject(objects, file, 'KongPlugin', 'web-rate-limit');
      expect(limit.apiVersion).toBe('configuration.konghq.com/v1');
      expect(limit.plugin).toBe('rate-limiting');
      expect(limit.config).toEqual({ second: 50, minute: 1000, limit_by: 'ip', policy: 'local', fault_tolerant: true });
      const auth = findObject(objects, file, 'KongPlugin', 'web-auth');
      expect(auth.plugin).toBe('key-auth');
      expect(auth.config).toEqual({ key_names: ['apikey'], hide_credentials: true, key_in_query: false });
    });

    it('configures JWT auth', () => {
      const jwt = renderObjects(meshShop({ mesh: { edge: edgeSpec({ auth: { 'api-keys': { type: 'jwt', claimsToVerify: ['exp', 'nbf'], maximumExpiration: 900 } } }) } }));
      expect(findObject(jwt, file, 'KongPlugin', 'web-auth').config).toEqual({ claims_to_verify: ['exp', 'nbf'], key_claim_name: 'iss', maximum_expiration: 900 });
    });

    it("points Kong at the Service address and host, so Kong's sidecar applies the service's routes", () => {
      expect(findObject(objects, file, 'Service', 'web').metadata.annotations).toMatchObject({
        'ingress.kubernetes.io/service-upstream': 'true',
        'konghq.com/host-header': 'web.store.svc.cluster.local',
      });
      expect(findObject(objects, file, 'Service', 'cart').metadata.annotations).not.toHaveProperty('konghq.com/host-header');
    });
  });

  it('renders no edge without mesh.edge', () => {
    const none = renderObjects(meshShop({ web: { expose: undefined }, mesh: { edge: undefined } }));
    expect(none.some((o) => o.file.endsWith('10-edge.yaml') || ['ClusterIssuer', 'KongPlugin', 'Ingress'].includes(o.object.kind))).toBe(false);
  });

  it('validates every cert-manager, Kong and Istio edge object against its CRD schema, and the core ones against Kubernetes', () => {
    const edgeObjects = objects.filter((o) => o.file.endsWith('10-edge.yaml') || ['ClusterIssuer', 'KongPlugin', 'Ingress'].includes(o.object.kind));
    expect(edgeObjects.map((o) => o.object.kind)).toEqual(expect.arrayContaining(['Certificate', 'ClusterIssuer', 'KongPlugin', 'Ingress', 'Service', 'NetworkPolicy']));
    for (const { object } of edgeObjects) expect(schemaErrors(object)).toEqual([]);
  });
});
