/** Seed 000's mesh and edge on the hyperscale reference platform, with seed 001's breaker and seed 002's NLB. */
import { hyperscale } from '../../platforms/hyperscale';
import { BUILTIN_CIRCUIT_BREAKERS } from '../../src/spec/mesh/circuit-breakers';
import { durationMs } from '../../src/spec/mesh/duration';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

describe('hyperscale mesh and edge', () => {
  const objects = renderObjects(hyperscale);

  it('is valid (mesh rules raise nothing)', () => {
    expect(validatePlatform(hyperscale).filter((i) => i.severity !== 'warning')).toEqual([]);
  });

  describe.each(['us-east', 'eu-west', 'apac'])('region %s', (region) => {
    const web = `hyperscale/${region}/10-web.yaml`;
    const edge = `hyperscale/${region}/10-edge.yaml`;

    it('breaks the API circuit like seed 001, with per-caller connection limits', () => {
      const dr = findObject(objects, web, 'DestinationRule', 'api').spec;
      expect(dr.host).toBe('api.web.svc.cluster.local');
      expect(dr.trafficPolicy.outlierDetection).toEqual(BUILTIN_CIRCUIT_BREAKERS['opossum-seed-001'].outlierDetection);
      expect(dr.trafficPolicy.outlierDetection.baseEjectionTime).toBe('30s');
      expect(dr.trafficPolicy.connectionPool).toEqual({
        tcp: { maxConnections: 2000, connectTimeout: '1s' },
        http: { http1MaxPendingRequests: 500, http2MaxRequests: 2000, maxRequestsPerConnection: 1000, maxRetries: 200, idleTimeout: '4s' },
      });
      expect(dr.trafficPolicy.loadBalancer).toEqual({ simple: 'LEAST_REQUEST' });
      expect(dr.trafficPolicy.tls).toEqual({ mode: 'ISTIO_MUTUAL' });
    });

    it("times out after opossum's 3 s, with retries that fit in it", () => {
      const http = findObject(objects, web, 'VirtualService', 'api').spec.http[0];
      expect(http.timeout).toBe('3s');
      // The API takes writes: only failures where the request never reached a pod are retried.
      expect(http.retries).toEqual({ attempts: 2, perTryTimeout: '1s', retryOn: 'connect-failure,refused-stream,reset-before-request' });
      expect((http.retries.attempts + 1) * durationMs(http.retries.perTryTimeout)!).toBeLessThanOrEqual(durationMs(http.timeout)!);
    });

    it('admits only Kong into the API, and lets the API reach PgBouncer, Redis and RabbitMQ', () => {
      expect(findObject(objects, web, 'AuthorizationPolicy', 'api').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/edge/sa/kong']);
      const egress = findObject(objects, web, 'NetworkPolicy', 'api').spec.egress;
      expect(egress.map((r: any) => [r.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'], r.ports[0].port])).toEqual([
        ['data', 5432], ['messaging', 5672], ['data', 6379],
      ]);
    });

    it('serves api.atw.com through an internet-facing NLB, NGINX with a Let’s Encrypt certificate, and Kong', () => {
      expect(findObject(objects, edge, 'Service', 'ingress-nginx').metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internet-facing');
      expect(findObject(objects, edge, 'Certificate', 'api-atw-com-tls').spec.dnsNames).toEqual(['api.atw.com']);
      expect(findObject(objects, edge, 'Ingress', 'edge').spec.rules[0].host).toBe('api.atw.com');
      expect(findObject(objects, `hyperscale/${region}/00-cluster.yaml`, 'ClusterIssuer', 'letsencrypt-prod').spec.acme.solvers)
        .toEqual([{ dns01: { route53: { region: 'us-east-1' } } }]);
      const route = findObject(objects, web, 'Ingress', 'api-gateway');
      expect(route.metadata.annotations['konghq.com/plugins']).toBe('api-auth,api-rate-limit');
      expect(route.spec.rules[0].http.paths[0].path).toBe('/v1/');
    });

    it('traces 1 % of requests to Jaeger in every mesh namespace', () => {
      for (const file of [web, edge]) {
        expect(findObject(objects, file, 'Telemetry', 'tracing').spec.tracing).toEqual([{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 1 }]);
      }
    });
  });

  it('validates every Istio, cert-manager and Kong object against its CRD schema', () => {
    const crds = objects.filter((o) => /istio\.io|cert-manager\.io|konghq\.com/.test(o.object.apiVersion));
    expect(new Set(crds.map((o) => o.object.kind))).toEqual(new Set([
      'DestinationRule', 'VirtualService', 'PeerAuthentication', 'AuthorizationPolicy', 'Telemetry', 'Certificate', 'ClusterIssuer', 'KongPlugin',
    ]));
    for (const { object } of crds) expect(schemaErrors(object)).toEqual([]);
  });
});
