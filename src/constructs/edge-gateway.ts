import { Construct } from 'constructs';
import {
  Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy,
} from '../../imports/certmanager-certificate-cert-manager.io';
import { HTTP01_SOLVER_LABEL } from './certificate-issuer';
import { CircuitBreaker } from './circuit-breaker';
import * as k8s from './k8s';
import { MeshAuthorization } from './mesh-authorization';
import { NetworkPeer, NetworkRule, WorkloadNetworkPolicy } from './network-policy';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

/** ingress-nginx's container ports (Helm chart names); the NLB targets the pods on them. */
const NGINX_PORTS = { http: 'http', https: 'https', webhook: 'webhook' } as const;
/** Port of cert-manager's HTTP-01 solver pods. */
const HTTP01_SOLVER_PORT = 8089;
const AWS_LB = 'service.beta.kubernetes.io/aws-load-balancer';
/**
 * The controllers' pods come from their own installs (Helm) and the solver pods from cert-manager,
 * not from these manifests, so kube-score cannot find what these Services and policies select.
 */
export const EXTERNAL_PODS_SERVICE = { 'kube-score/ignore': 'service-targets-pod' } as const;
export const EXTERNAL_PODS_POLICY = { 'kube-score/ignore': 'networkpolicy-targets-pod' } as const;

export interface EdgeController {
  readonly ingressClassName: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
}

export interface EdgeGatewayProps {
  /** Namespace, labels and annotations of every object. */
  readonly metadata: Omit<ObjectMetadata, 'name'> & { readonly namespace: string };
  /** Public host names: certificate DNS names and NGINX rules. */
  readonly hosts: readonly string[];
  /** ClusterIssuer that signs the certificate. */
  readonly issuerName: string;
  /** Secret the certificate is written to (and NGINX serves). */
  readonly tlsSecretName: string;
  readonly loadBalancer: {
    /** Name of the NLB Service. */
    readonly serviceName: string;
    readonly scheme: 'internet-facing' | 'internal';
    /** Client ranges the NLB admits. */
    readonly sourceRanges: readonly string[];
  };
  /** API server endpoints both controllers watch (and that call NGINX's admission webhook). */
  readonly apiServer: { readonly cidrs: readonly string[]; readonly ports: readonly number[] };
  readonly nginx: EdgeController;
  readonly kong: EdgeController & { readonly proxyPort: number };
  /** The ClusterIP Service of Kong's proxy: name, port, and its fully qualified host. */
  readonly kongService: { readonly name: string; readonly port: number; readonly host: string };
  /** mTLS identity of NGINX, the only caller Kong admits. */
  readonly nginxPrincipal: string;
  /** Pods Kong routes to (exposed services and their split targets). */
  readonly upstreams: readonly { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly port: number }[];
  /** Whether cert-manager answers HTTP-01 challenges through NGINX in this namespace. @default false */
  readonly http01Solver?: boolean;
}

/**
 * The edge's two ingress tiers, wired to each other and to the mesh:
 *
 *   NLB (L4, TCP pass-through) → NGINX (public TLS from cert-manager) → Kong (auth, rate limits)
 *   → mesh services.
 *
 * Hand-over: NGINX runs with an Istio sidecar whose inbound capture is off (install-time
 * `traffic.sidecar.istio.io/includeInboundPorts: ""`), so the NLB reaches it directly, while its
 * upstream call leaves through the sidecar: the Ingress targets Kong's Service address
 * (`service-upstream`) with the Host set to Kong's Service host (`upstream-vhost`), which Envoy
 * routes as mesh traffic under ISTIO_MUTUAL. Kong therefore sees NGINX's mTLS identity (the only
 * one its AuthorizationPolicy admits) and Kong's own sidecar applies each service's
 * VirtualService and DestinationRule. Kong routes on paths; the public host is in X-Forwarded-Host.
 */
export class EdgeGateway extends Construct {
  public readonly loadBalancer: k8s.KubeService;
  public readonly certificate: Certificate;
  public readonly ingress: k8s.KubeIngress;
  public readonly kongService: k8s.KubeService;

  constructor(scope: Construct, id: string, props: EdgeGatewayProps) {
    super(scope, id);
    const meta = (name: string, annotations: Readonly<Record<string, string>> = {}): ObjectMetadata =>
      ({ ...props.metadata, name, annotations: { ...props.metadata.annotations, ...annotations } });

    this.loadBalancer = new k8s.KubeService(this, 'load-balancer', {
      metadata: toApiMetadata(meta(props.loadBalancer.serviceName, {
        ...EXTERNAL_PODS_SERVICE,
        // AWS Load Balancer Controller: an NLB that targets pod IPs directly (no NodePort hop).
        [`${AWS_LB}-type`]: 'external',
        [`${AWS_LB}-nlb-target-type`]: 'ip',
        [`${AWS_LB}-scheme`]: props.loadBalancer.scheme,
        // Pod targets lose the client address; PROXY protocol v2 carries it (NGINX: use-proxy-protocol).
        [`${AWS_LB}-proxy-protocol`]: '*',
        [`${AWS_LB}-attributes`]: 'load_balancing.cross_zone.enabled=true',
      })),
      spec: {
        type: 'LoadBalancer',
        selector: { ...props.nginx.podLabels },
        allocateLoadBalancerNodePorts: false,
        loadBalancerSourceRanges: [...props.loadBalancer.sourceRanges],
        ports: [
          { name: 'http', port: 80, targetPort: k8s.IntOrString.fromString(NGINX_PORTS.http), protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: k8s.IntOrString.fromString(NGINX_PORTS.https), protocol: 'TCP' },
        ],
      },
    });

    this.certificate = new Certificate(this, 'certificate', {
      metadata: toApiMetadata(meta(props.tlsSecretName)),
      spec: {
        secretName: props.tlsSecretName,
        dnsNames: [...props.hosts],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: props.issuerName },
        // A fresh key at every renewal: a leaked key expires with its certificate.
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
      },
    });

    this.kongService = new k8s.KubeService(this, 'kong-service', {
      metadata: toApiMetadata(meta(props.kongService.name, EXTERNAL_PODS_SERVICE)),
      spec: {
        type: 'ClusterIP',
        selector: { ...props.kong.podLabels },
        ports: [{ name: 'http', port: props.kongService.port, targetPort: k8s.IntOrString.fromNumber(props.kong.proxyPort), protocol: 'TCP', appProtocol: 'http' }],
      },
    });
    new CircuitBreaker(this, 'kong-destination', { metadata: meta(props.kongService.name), host: props.kongService.host });
    new MeshAuthorization(this, 'kong-authorization', {
      metadata: meta('kong'), podLabels: props.kong.podLabels, principals: [props.nginxPrincipal], ports: [props.kong.proxyPort],
    });

    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: toApiMetadata(meta('edge', {
        'nginx.ingress.kubernetes.io/service-upstream': 'true',
        'nginx.ingress.kubernetes.io/upstream-vhost': props.kongService.host,
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      })),
      spec: {
        ingressClassName: props.nginx.ingressClassName,
        tls: [{ hosts: [...props.hosts], secretName: props.tlsSecretName }],
        // Everything goes to Kong, which owns routing, auth and limits (and answers 404 itself).
        rules: props.hosts.map((host) => ({
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: props.kongService.name, port: { number: props.kongService.port } } } }] },
        })),
      },
    });

    this.networkPolicies(props, meta);
  }

  private networkPolicies(props: EdgeGatewayProps, meta: (name: string, annotations: Readonly<Record<string, string>>) => ObjectMetadata): void {
    const nginx: NetworkPeer = { podLabels: props.nginx.podLabels };
    const kong: NetworkPeer = { podLabels: props.kong.podLabels };
    const apiServer: NetworkRule = { peers: [{ cidrs: props.apiServer.cidrs }], ports: props.apiServer.ports.map((port) => ({ port })) };
    const solver: NetworkPeer = { podLabels: { [HTTP01_SOLVER_LABEL]: 'true' } };
    new WorkloadNetworkPolicy(this, 'nginx-network-policy', {
      metadata: meta('ingress-nginx', EXTERNAL_PODS_POLICY),
      podLabels: props.nginx.podLabels,
      ingress: [
        // The NLB's own addresses reach the pods (client ranges are enforced by the NLB), so any source.
        { peers: [{ cidrs: ['0.0.0.0/0'] }], ports: [{ port: NGINX_PORTS.http }, { port: NGINX_PORTS.https }] },
        { peers: [{ cidrs: props.apiServer.cidrs }], ports: [{ port: NGINX_PORTS.webhook }] },
      ],
      egress: [
        { peers: [kong], ports: [{ port: props.kong.proxyPort }] },
        ...(props.http01Solver ? [{ peers: [solver], ports: [{ port: HTTP01_SOLVER_PORT }] }] : []),
        apiServer,
      ],
    });
    new WorkloadNetworkPolicy(this, 'kong-network-policy', {
      metadata: meta('kong', EXTERNAL_PODS_POLICY),
      podLabels: props.kong.podLabels,
      ingress: [{ peers: [nginx], ports: [{ port: props.kong.proxyPort }] }],
      egress: [
        ...props.upstreams.map((u): NetworkRule => ({ peers: [{ namespace: u.namespace, podLabels: u.podLabels }], ports: [{ port: u.port }] })),
        apiServer,
      ],
    });
    if (props.http01Solver) {
      new WorkloadNetworkPolicy(this, 'solver-network-policy', {
        metadata: meta('acme-http01-solver', EXTERNAL_PODS_POLICY),
        podLabels: solver.podLabels!,
        ingress: [{ peers: [nginx], ports: [{ port: HTTP01_SOLVER_PORT }] }],
      });
    }
  }
}
