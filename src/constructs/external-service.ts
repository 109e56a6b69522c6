import { Construct } from 'constructs';
import { ServiceEntry, ServiceEntrySpecLocation, ServiceEntrySpecResolution } from '../../imports/istio-serviceentry-networking.istio.io';
import { ExternalPortProtocol } from '../spec/mesh/types';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

export interface ExternalServiceProps {
  readonly metadata: ObjectMetadata;
  /** DNS names the workloads call. */
  readonly hosts: readonly string[];
  readonly ports: readonly { readonly number: number; readonly protocol: ExternalPortProtocol }[];
}

/**
 * A dependency outside the cluster, registered with the mesh as an Istio ServiceEntry
 * (MESH_EXTERNAL, resolved by DNS), so sidecars route it even under a REGISTRY_ONLY outbound
 * policy and report it in metrics and traces. Exported only to its own namespace: each namespace
 * declares what it calls.
 */
export class ExternalService extends Construct {
  public readonly serviceEntry: ServiceEntry;

  constructor(scope: Construct, id: string, props: ExternalServiceProps) {
    super(scope, id);
    this.serviceEntry = new ServiceEntry(this, 'service-entry', {
      metadata: toApiMetadata(props.metadata),
      spec: {
        hosts: [...props.hosts],
        exportTo: ['.'],
        location: ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
        resolution: ServiceEntrySpecResolution.DNS,
        ports: props.ports.map((p) => ({ number: p.number, name: `${p.protocol.toLowerCase()}-${p.number}`, protocol: p.protocol })),
      },
    });
  }
}
