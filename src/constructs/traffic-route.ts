import { Construct } from 'constructs';
import { VirtualService, VirtualServiceSpecHttpRoute } from '../../imports/istio-virtualservice-networking.istio.io';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface RouteDestination {
  /** Fully qualified host of a rendered Service. */
  readonly host: string;
  readonly port: number;
  /** A subset of the host's DestinationRule. @default the whole Service */
  readonly subset?: string;
  /** Percentage of requests, 0–100. @default 100 (required when there are several destinations) */
  readonly weight?: number;
}

export interface TrafficRouteProps {
  readonly metadata: ObjectMetadata;
  /** Fully qualified host callers address, e.g. `api.web.svc.cluster.local`. */
  readonly host: string;
  /** Where requests go; several entries split by weight (canaries, weighted round robin). */
  readonly destinations: readonly RouteDestination[];
  /** Whole-request timeout, retries included. @default none (Istio: no timeout) */
  readonly timeout?: string;
  /** @default none rendered (Istio's built-in retries apply, 503 included) */
  readonly retries?: { readonly attempts: number; readonly perTryTimeout?: string; readonly retryOn: readonly string[] };
}

/** How callers' sidecars route to one service, as an Istio VirtualService: timeout, retries, weighted split. */
export class TrafficRoute extends Construct {
  public readonly virtualService: VirtualService;

  constructor(scope: Construct, id: string, props: TrafficRouteProps) {
    super(scope, id);
    const split = props.destinations.length > 1;
    const route: VirtualServiceSpecHttpRoute[] = props.destinations.map((d) => ({
      destination: { host: d.host, port: { number: d.port }, ...(d.subset !== undefined ? { subset: d.subset } : {}) },
      ...(split ? { weight: d.weight ?? 0 } : {}),
    }));
    this.virtualService = new VirtualService(this, 'virtual-service', {
      metadata: toApiMetadata(props.metadata),
      spec: {
        hosts: [props.host],
        http: [{
          name: 'default',
          route,
          ...(props.timeout !== undefined ? { timeout: props.timeout } : {}),
          ...(props.retries ? {
            retries: {
              attempts: props.retries.attempts,
              ...(props.retries.perTryTimeout !== undefined ? { perTryTimeout: props.retries.perTryTimeout } : {}),
              retryOn: props.retries.retryOn.join(','),
            },
          } : {}),
        }],
      },
    });
  }
}
