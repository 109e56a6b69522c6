import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { markSpecPath } from '../src/constructs/provenance';
import { EXTERNAL_PODS_POLICY, EdgeGateway } from '../src/constructs/edge-gateway';
import { EdgeModel, PlatformModel } from '../src/model/types';
import { addMeshBaseline, platformLabels } from './mesh-objects';

export interface EdgeChartProps {
  readonly model: PlatformModel;
  readonly edge: EdgeModel;
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
    const { model, edge, region } = props;
    super(scope, id, { namespace: edge.namespace, disableResourceNameHashes: true });
    markSpecPath(this, `${model.name}.mesh.edge`);
    // Every pod of the edge namespace comes from the controllers' own installs.
    addMeshBaseline(this, model, region, edge.namespace, EXTERNAL_PODS_POLICY);
    new EdgeGateway(this, 'mesh:edge-gateway', {
      metadata: { namespace: edge.namespace, labels: platformLabels(model, region, 'edge') },
      hosts: edge.hosts,
      issuerName: edge.issuer.name,
      tlsSecretName: edge.tlsSecretName,
      loadBalancer: edge.loadBalancer,
      apiServer: edge.apiServer,
      nginx: edge.nginx,
      kong: edge.kong,
      kongService: edge.kongService,
      nginxPrincipal: edge.nginxPrincipal,
      upstreams: edge.upstreams,
      http01Solver: edge.http01Solver,
    });
  }
}
