import { Construct } from 'constructs';
import { AuthorizationPolicy, AuthorizationPolicySpecAction } from '../../imports/istio-authorizationpolicy-security.istio.io';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface MeshAuthorizationProps {
  readonly metadata: ObjectMetadata;
  /** Pods the policy protects (a service's selector labels). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** mTLS identities allowed in, `<trust domain>/ns/<namespace>/sa/<service account>`. Empty: nobody. */
  readonly principals: readonly string[];
  /** The only ports callers may reach. @default every port */
  readonly ports?: readonly number[];
}

/**
 * Least-privilege access to one workload, as an Istio ALLOW AuthorizationPolicy: only the listed
 * peer identities (proven by mutual TLS, which PeerAuthentication STRICT makes mandatory) get in.
 * With no principals the policy has no rules, and an ALLOW policy without rules admits nothing.
 */
export class MeshAuthorization extends Construct {
  public readonly policy: AuthorizationPolicy;

  constructor(scope: Construct, id: string, props: MeshAuthorizationProps) {
    super(scope, id);
    const principals = [...new Set(props.principals)].sort();
    const ports = [...new Set(props.ports ?? [])].sort((a, b) => a - b).map(String);
    this.policy = new AuthorizationPolicy(this, 'policy', {
      metadata: toApiMetadata(props.metadata),
      spec: {
        selector: { matchLabels: { ...props.podLabels } },
        action: AuthorizationPolicySpecAction.ALLOW,
        ...(principals.length > 0 ? {
          rules: [{
            from: [{ source: { principals } }],
            ...(ports.length > 0 ? { to: [{ operation: { ports } }] } : {}),
          }],
        } : {}),
      },
    });
  }
}
