import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EXTERNAL_PODS_POLICY, EdgeGateway } from '../src/constructs/edge-gateway';
import { EDGE_DEFAULTS, calleesFor, exposedServices, principal, resolveEdge, serviceHost, servicePodLabels } from '../src/spec/mesh/plan';
import { PlatformSpec } from '../src/spec/types';
import { SYNC_WAVE, WAVES } from './labels';
import { addMeshBaseline, platformLabels } from './mesh-objects';

export interface EdgeChartProps {
  readonly platform: PlatformSpec;
  readonly region: string;
}

/**
 * The edge namespace of one region's cluster: NLB → NGINX (cert-manager TLS) → Kong → mesh. The
 * two controllers are installed separately (Helm); this chart wires them: the NLB Service, the
 * certificate, NGINX's Ingress to Kong, Kong's Service, and the mesh and network policies of both.
 * Kong's routes and plugins live beside the services they expose (their namespace files).
 */
export class EdgeChart extends Chart {
  constructor(scope: Construct, id: string, props: EdgeChartProps) {
    const edge = resolveEdge(props.platform);
    if (!edge) throw new Error(`platform ${props.platform.name} has no edge`);
    super(scope, id, { namespace: edge.namespace, disableResourceNameHashes: true });
    const { platform, region } = props;
    // Every pod of the edge namespace comes from the controllers' own installs.
    addMeshBaseline(this, platform, region, edge.namespace, EXTERNAL_PODS_POLICY);
    const acme = edge.spec.issuer.acme;
    new EdgeGateway(this, 'mesh:edge-gateway', {
      metadata: { namespace: edge.namespace, labels: platformLabels(platform, region, 'edge'), annotations: { [SYNC_WAVE]: WAVES.workloads } },
      hosts: edge.spec.hosts,
      issuerName: edge.spec.issuer.name,
      tlsSecretName: edge.tlsSecretName,
      loadBalancer: { serviceName: EDGE_DEFAULTS.loadBalancerServiceName, scheme: edge.spec.loadBalancer.scheme, sourceRanges: edge.sourceRanges },
      apiServer: { cidrs: edge.spec.apiServer.cidrs, ports: edge.apiServerPorts },
      nginx: edge.nginx,
      kong: edge.kong,
      kongService: {
        name: EDGE_DEFAULTS.kongServiceName,
        port: EDGE_DEFAULTS.kongServicePort,
        host: serviceHost(platform, edge.namespace, EDGE_DEFAULTS.kongServiceName),
      },
      nginxPrincipal: principal(platform, edge.namespace, edge.nginx.serviceAccount),
      upstreams: calleesFor(platform, exposedServices(platform)).map((c) => ({
        namespace: c.namespace, podLabels: servicePodLabels(platform, c.name), port: c.port,
      })),
      http01Solver: acme !== undefined && 'http01' in acme.solver,
    });
  }
}
