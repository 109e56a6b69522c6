import { Construct } from 'constructs';
import { AuthorizationPolicy } from '../../imports/istio-authorizationpolicy-security.istio.io';
import { PeerAuthentication, PeerAuthenticationSpecMtlsMode } from '../../imports/istio-peerauthentication-security.istio.io';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface MeshNamespaceSecurityProps {
  /** Namespace, labels and annotations; the objects are named `default` and `allow-nothing`. */
  readonly metadata: Omit<ObjectMetadata, 'name'> & { readonly namespace: string };
}

/**
 * The zero-trust baseline of one mesh namespace:
 * - PeerAuthentication `default`, mode STRICT: sidecars accept mutual TLS only, so every caller
 *   has a verifiable identity (and plaintext from outside the mesh is refused);
 * - AuthorizationPolicy `allow-nothing` (empty spec): denies every request that no other ALLOW
 *   policy admits, so a workload without its own policy is closed rather than open.
 */
export class MeshNamespaceSecurity extends Construct {
  public readonly peerAuthentication: PeerAuthentication;
  public readonly allowNothing: AuthorizationPolicy;

  constructor(scope: Construct, id: string, props: MeshNamespaceSecurityProps) {
    super(scope, id);
    this.peerAuthentication = new PeerAuthentication(this, 'peer-authentication', {
      metadata: toApiMetadata({ ...props.metadata, name: 'default' }),
      spec: { mtls: { mode: PeerAuthenticationSpecMtlsMode.STRICT } },
    });
    this.allowNothing = new AuthorizationPolicy(this, 'allow-nothing', {
      metadata: toApiMetadata({ ...props.metadata, name: 'allow-nothing' }),
      spec: {},
    });
  }
}
