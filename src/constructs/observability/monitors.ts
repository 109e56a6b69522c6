/**
 * Scrape targets for Prometheus (prometheus-operator): a ServiceMonitor per HTTP service and a
 * PodMonitor per async workload. Both select by the workload's immutable selector labels, so a
 * monitor follows its workload across releases; both carry the workload's recommended labels.
 * The operator adds the target's `namespace` and `pod` labels to every series itself, which is
 * what the prometheus-adapter rule (addons/metrics-rules.ts) maps to the pods an HPA averages over.
 */
import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpointsScheme } from '../../../imports/prometheus-podmonitor-monitoring.coreos.com';
import { ServiceMonitor, ServiceMonitorSpecEndpointsScheme } from '../../../imports/prometheus-servicemonitor-monitoring.coreos.com';
import { MESH_DEFAULTS, OBSERVABILITY_DEFAULTS } from '../../model/defaults';
import type { MetricsPort } from '../../model/types';
import { recommendedLabels, selectorLabels, WorkloadIdentity } from '../labels';

export interface MonitorProps {
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

function metadata(props: MonitorProps) {
  return {
    name: props.identity.name,
    namespace: props.namespace,
    labels: recommendedLabels(props.identity),
    ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
  };
}

/** Scrapes the Service of one HTTP service on `metricsPort` (a Service port name). */
export class HttpServiceMonitor extends Construct {
  public readonly monitor: ServiceMonitor;

  constructor(scope: Construct, id: string, props: MonitorProps & { readonly metricsPort: MetricsPort }) {
    super(scope, id);
    this.monitor = new ServiceMonitor(this, 'service-monitor', {
      metadata: metadata(props),
      spec: {
        selector: { matchLabels: selectorLabels(props.identity) },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{
          port: props.metricsPort.name,
          path: props.metricsPort.path,
          interval: OBSERVABILITY_DEFAULTS.scrapeInterval,
          scheme: ServiceMonitorSpecEndpointsScheme.HTTP,
        }],
      },
    });
  }
}

/**
 * Scrapes the pods of one async workload on Istio's merged-metrics port (15020, /stats/prometheus):
 * Celery and the consumers serve no HTTP port of their own, the sidecar reports for them.
 */
export class MeshPodMonitor extends Construct {
  public readonly monitor: PodMonitor;

  constructor(scope: Construct, id: string, props: MonitorProps) {
    super(scope, id);
    this.monitor = new PodMonitor(this, 'pod-monitor', {
      metadata: metadata(props),
      spec: {
        selector: { matchLabels: selectorLabels(props.identity) },
        namespaceSelector: { matchNames: [props.namespace] },
        podMetricsEndpoints: [{
          // The sidecar declares no container port for 15020, so it is addressed by number.
          portNumber: MESH_DEFAULTS.monitoringPorts[0],
          path: OBSERVABILITY_DEFAULTS.meshMetricsPath,
          interval: OBSERVABILITY_DEFAULTS.scrapeInterval,
          scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
        }],
      },
    });
  }
}
