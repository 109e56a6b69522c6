import { EDGE_DEFAULTS } from '../model/defaults';
import { Construct } from 'constructs';
import { ClusterIssuer, ClusterIssuerSpecAcmeSolvers } from '../../imports/certmanager-clusterissuer-cert-manager.io';
import { IssuerSpec } from '../spec/mesh/types';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

/** Label cert-manager puts on its HTTP-01 solver pods; the edge NetworkPolicies select them by it. */
export const HTTP01_SOLVER_LABEL = 'acme.cert-manager.io/http01-solver';

export interface CertificateIssuerProps {
  /** Cluster-scoped: no namespace. */
  readonly metadata: Omit<ObjectMetadata, 'namespace'>;
  readonly issuer: IssuerSpec;
  /** Ingress class that serves HTTP-01 challenges. @default 'nginx' */
  readonly http01IngressClassName?: string;
}

/**
 * A cert-manager ClusterIssuer: ACME (e.g. Let's Encrypt; DNS-01 through Route 53 or HTTP-01
 * through NGINX) or a CA. Keys are referenced by Secret name only; cert-manager owns their content.
 */
export class CertificateIssuer extends Construct {
  public readonly clusterIssuer: ClusterIssuer;

  constructor(scope: Construct, id: string, props: CertificateIssuerProps) {
    super(scope, id);
    const { issuer } = props;
    this.clusterIssuer = new ClusterIssuer(this, 'cluster-issuer', {
      metadata: toApiMetadata(props.metadata),
      spec: issuer.acme ? {
        acme: {
          server: issuer.acme.server,
          email: issuer.acme.email,
          privateKeySecretRef: { name: issuer.acme.privateKeySecretName },
          solvers: [solver(issuer, props.http01IngressClassName ?? EDGE_DEFAULTS.nginx.ingressClassName)],
        },
      } : { ca: { secretName: issuer.ca!.secretName } },
    });
  }
}

function solver(issuer: IssuerSpec, ingressClassName: string): ClusterIssuerSpecAcmeSolvers {
  const spec = issuer.acme!.solver;
  if ('dns01Route53' in spec) {
    // Credentials come from the cert-manager pod's IAM role (IRSA / Pod Identity): no Secret at all.
    return { dns01: { route53: { region: spec.dns01Route53.region, hostedZoneId: spec.dns01Route53.hostedZoneID } } };
  }
  return {
    http01: {
      ingress: {
        ingressClassName,
        // The solver pod runs in the edge namespace; without a sidecar it can answer NGINX in
        // plaintext (the namespace's STRICT mTLS only binds pods that have one).
        podTemplate: { metadata: { annotations: { 'sidecar.istio.io/inject': 'false' }, labels: { [HTTP01_SOLVER_LABEL]: 'true' } } },
      },
    },
  };
}
