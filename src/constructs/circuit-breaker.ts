import { Construct } from 'constructs';
import {
  DestinationRule, DestinationRuleSpecTrafficPolicy, DestinationRuleSpecTrafficPolicyLoadBalancer,
  DestinationRuleSpecTrafficPolicyLoadBalancerSimple, DestinationRuleSpecTrafficPolicyTlsMode,
} from '../../imports/istio-destinationrule-networking.istio.io';
import { CircuitBreakerProfileSpec, LoadBalancerSpec } from '../spec/mesh/types';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export const VERSION_LABEL = 'app.kubernetes.io/version';

export interface CircuitBreakerProps {
  readonly metadata: ObjectMetadata;
  /** Fully qualified host of the destination Service, e.g. `api.web.svc.cluster.local`. */
  readonly host: string;
  /** Connection pool and outlier detection. @default none: only mTLS and load balancing */
  readonly profile?: CircuitBreakerProfileSpec;
  /** @default { algorithm: 'LEAST_REQUEST' } */
  readonly loadBalancer?: LoadBalancerSpec;
  /** connectionPool.http.maxRetries, the retry budget. @default the profile's, else none (Istio: unlimited) */
  readonly retryBudget?: number;
  /** Version subsets for weighted routes: subset name → app.kubernetes.io/version of its pods. @default none */
  readonly subsets?: Readonly<Record<string, string>>;
}

/**
 * The caller-side policy for one destination, as an Istio DestinationRule: Istio mutual TLS,
 * load balancing, and the circuit breaker (connectionPool limits + outlierDetection ejection).
 */
export class CircuitBreaker extends Construct {
  public readonly destinationRule: DestinationRule;

  constructor(scope: Construct, id: string, props: CircuitBreakerProps) {
    super(scope, id);
    const subsets = Object.keys(props.subsets ?? {}).sort()
      .map((name) => ({ name, labels: { [VERSION_LABEL]: props.subsets![name] } }));
    this.destinationRule = new DestinationRule(this, 'destination-rule', {
      metadata: toApiMetadata(props.metadata),
      spec: {
        host: props.host,
        trafficPolicy: trafficPolicy(props),
        ...(subsets.length > 0 ? { subsets } : {}),
      },
    });
  }
}

function trafficPolicy(props: CircuitBreakerProps): DestinationRuleSpecTrafficPolicy {
  const { profile } = props;
  const od = profile?.outlierDetection;
  // The retry budget goes with the routes' retries, with or without a profile pool of its own.
  const http = props.retryBudget !== undefined ? { ...profile?.connectionPool?.http, maxRetries: props.retryBudget } : profile?.connectionPool?.http;
  const pool = profile?.connectionPool || http ? { ...profile?.connectionPool, ...(http ? { http } : {}) } : undefined;
  return {
    // Explicit, not left to auto-mTLS: a destination without a sidecar fails loudly instead of in plaintext.
    tls: { mode: DestinationRuleSpecTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL },
    loadBalancer: loadBalancer(props.loadBalancer),
    ...(pool ? {
      connectionPool: {
        ...(pool.tcp ? { tcp: { maxConnections: pool.tcp.maxConnections, connectTimeout: pool.tcp.connectTimeout } } : {}),
        ...(pool.http ? {
          http: {
            http1MaxPendingRequests: pool.http.http1MaxPendingRequests,
            http2MaxRequests: pool.http.http2MaxRequests,
            maxRequestsPerConnection: pool.http.maxRequestsPerConnection,
            maxRetries: pool.http.maxRetries,
            idleTimeout: pool.http.idleTimeout,
          },
        } : {}),
      },
    } : {}),
    ...(od ? {
      outlierDetection: {
        consecutive5XxErrors: od.consecutive5xxErrors,
        consecutiveGatewayErrors: od.consecutiveGatewayErrors,
        interval: od.interval,
        baseEjectionTime: od.baseEjectionTime,
        maxEjectionPercent: od.maxEjectionPercent,
        minHealthPercent: od.minHealthPercent,
      },
    } : {}),
  };
}

function loadBalancer(spec: LoadBalancerSpec | undefined): DestinationRuleSpecTrafficPolicyLoadBalancer {
  if (spec?.algorithm === 'CONSISTENT_HASH') {
    const by = spec.hashBy ?? {};
    if (by.header !== undefined) return { consistentHash: { httpHeaderName: by.header } };
    if (by.cookie !== undefined) return { consistentHash: { httpCookie: { name: by.cookie.name, ttl: by.cookie.ttl, path: by.cookie.path } } };
    return { consistentHash: { useSourceIp: true } };
  }
  return {
    simple: spec?.algorithm === 'ROUND_ROBIN'
      ? DestinationRuleSpecTrafficPolicyLoadBalancerSimple.ROUND_UNDERSCORE_ROBIN
      : DestinationRuleSpecTrafficPolicyLoadBalancerSimple.LEAST_UNDERSCORE_REQUEST,
  };
}
