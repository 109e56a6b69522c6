import { Construct } from 'constructs';
import { Telemetry } from '../../imports/istio-telemetry-telemetry.istio.io';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface MeshTracingProps {
  readonly metadata: ObjectMetadata;
  /** Tracing extensionProvider of Istio's MeshConfig, e.g. `jaeger` (a Zipkin/OTLP collector address set at install). */
  readonly provider: string;
  /** Percentage of requests traced, 0–100. */
  readonly samplingPercentage: number;
}

/**
 * Distributed tracing for every workload of a namespace, as an Istio Telemetry resource: sidecars
 * sample requests at the given rate and report spans to the provider. Namespace-scoped on
 * purpose: the platform owns its namespaces, not the mesh-wide root configuration.
 */
export class MeshTracing extends Construct {
  public readonly telemetry: Telemetry;

  constructor(scope: Construct, id: string, props: MeshTracingProps) {
    super(scope, id);
    this.telemetry = new Telemetry(this, 'telemetry', {
      metadata: toApiMetadata(props.metadata),
      spec: {
        tracing: [{ providers: [{ name: props.provider }], randomSamplingPercentage: props.samplingPercentage }],
      },
    });
  }
}
