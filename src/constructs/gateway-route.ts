import { EDGE_DEFAULTS } from '../model/defaults';
import { Construct } from 'constructs';
import { KongPlugin } from '../../imports/kong-kongplugin-configuration.konghq.com';
import { AuthPolicySpec, RateLimitSpec } from '../spec/mesh/types';
import * as k8s from './k8s';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface GatewayRouteProps {
  /** Name prefix, namespace and labels; objects are `<name>-gateway`, `<name>-auth`, `<name>-rate-limit`. */
  readonly metadata: ObjectMetadata;
  /** Kong's ingress class. */
  readonly ingressClassName: string;
  /** Path prefixes Kong routes to the service. */
  readonly paths: readonly string[];
  /** The Service (same namespace) and its port. */
  readonly serviceName: string;
  readonly servicePort: number;
  /** @default no rate limit */
  readonly rateLimit?: RateLimitSpec;
  /** @default no authentication */
  readonly auth?: AuthPolicySpec;
}

/**
 * One service's routes on the Kong API gateway: an Ingress of Kong's class, with the rate-limit
 * and auth KongPlugins attached to its routes (`konghq.com/plugins`). Kong runs auth before
 * rate limiting whatever the order, so per-consumer limits see the authenticated consumer.
 */
export class GatewayRoute extends Construct {
  public readonly ingress: k8s.KubeIngress;
  public readonly plugins: KongPlugin[] = [];

  constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, id);
    const meta = (suffix: string) => toApiMetadata({ ...props.metadata, name: `${props.metadata.name}-${suffix}` });
    if (props.auth) {
      this.plugins.push(new KongPlugin(this, 'auth', { metadata: meta('auth'), plugin: props.auth.type, config: authConfig(props.auth) }));
    }
    if (props.rateLimit) {
      this.plugins.push(new KongPlugin(this, 'rate-limit', { metadata: meta('rate-limit'), plugin: 'rate-limiting', config: rateLimitConfig(props.rateLimit) }));
    }
    const base = meta('gateway');
    this.ingress = new k8s.KubeIngress(this, 'ingress', {
      metadata: {
        ...base,
        annotations: {
          ...base.annotations,
          ...(this.plugins.length > 0 ? { 'konghq.com/plugins': this.plugins.map((p) => p.name).sort().join(',') } : {}),
          // The service sees the path it published, and Envoy routes on the Service's host
          // (set by konghq.com/host-header on the Service), not on the public one.
          'konghq.com/strip-path': 'false',
          'konghq.com/preserve-host': 'false',
        },
      },
      spec: {
        ingressClassName: props.ingressClassName,
        // No host: NGINX hands requests over with the Host rewritten to Kong's Service, so Kong
        // routes on paths (validated unique); the public host travels in X-Forwarded-Host.
        rules: [{
          http: {
            paths: [...props.paths].sort().map((path) => ({
              path,
              pathType: 'Prefix',
              backend: { service: { name: props.serviceName, port: { number: props.servicePort } } },
            })),
          },
        }],
      },
    });
  }
}

function rateLimitConfig(spec: RateLimitSpec): Record<string, unknown> {
  return {
    ...(spec.second !== undefined ? { second: spec.second } : {}),
    ...(spec.minute !== undefined ? { minute: spec.minute } : {}),
    ...(spec.hour !== undefined ? { hour: spec.hour } : {}),
    limit_by: spec.limitBy,
    ...(spec.headerName !== undefined ? { header_name: spec.headerName } : {}),
    // Counters in each Kong pod's memory: no shared store on the hot path at 1M req/s. The limit
    // holds per pod, so a client spread over N pods gets up to N× it (rule rate-limit-per-pod warns).
    policy: 'local',
    // Should counting fail, serve the request rather than fail it.
    fault_tolerant: true,
  };
}

function authConfig(spec: AuthPolicySpec): Record<string, unknown> {
  if (spec.type === 'jwt') {
    return {
      claims_to_verify: [...(spec.claimsToVerify ?? EDGE_DEFAULTS.jwt.claimsToVerify)],
      key_claim_name: spec.keyClaimName ?? EDGE_DEFAULTS.jwt.keyClaimName,
      ...(spec.maximumExpiration !== undefined ? { maximum_expiration: spec.maximumExpiration } : {}),
    };
  }
  return {
    key_names: [...(spec.keyNames ?? EDGE_DEFAULTS.keyAuth.keyNames)],
    hide_credentials: spec.hideCredentials ?? EDGE_DEFAULTS.keyAuth.hideCredentials,
    // Keys in query strings end up in access logs and browser history.
    key_in_query: false,
  };
}
