/**
 * How a data-tier workload gets monitored: an exporter sidecar in its pods (or its operator's own
 * metrics port) and a PodMonitor on that port. The PodMonitor relabels every series with
 * `workload` (the pod's app.kubernetes.io/name), so alerts and panels group by the data
 * workload whatever the exporter calls it.
 *
 * A new data kind (see ARCHITECTURE.md, "A data kind's monitor"):
 * 1. if its server has no Prometheus endpoint, add `exporterContainer(...)` to its pod template,
 *    with the exporter's pinned image and port in src/model/defaults.ts, and open that port to
 *    Prometheus in the kind's NetworkPolicy (`prometheusScrapeRule`);
 * 2. render `DataTierPodMonitor` with the pods' selector labels and the port name;
 * 3. alert on the exporter's own metric names (alert-rules.ts `dataTierGroup`).
 * Operators that ship their own monitor (CloudNativePG's `spec.monitoring.enablePodMonitor`)
 * need only steps 3 and, for the NetworkPolicy, 1's last part.
 */
import { Construct } from 'constructs';
import { PodMonitor, PodMonitorSpecPodMetricsEndpointsRelabelingsAction, PodMonitorSpecPodMetricsEndpointsScheme } from '../../../imports/prometheus-podmonitor-monitoring.coreos.com';
import { OBSERVABILITY_DEFAULTS } from '../../model/defaults';
import * as k8s from '../k8s';
import { restrictedContainerSecurityContext } from '../pod-security';
import { matchers } from './promql';

/** The label every data-tier series carries: the data workload's name. */
export const DATA_WORKLOAD_LABEL = 'workload';

export interface ExporterSpec {
  readonly name: string;
  /** Pinned: a version tag or a digest. */
  readonly image: string;
  readonly port: number;
  /** The exporter's liveness/readiness path (answers without touching the server). */
  readonly healthPath: string;
  readonly args?: readonly string[];
  readonly env?: readonly k8s.EnvVar[];
  readonly resources: { readonly cpu: string; readonly memory: string; readonly cpuLimit: string };
}

export const EXPORTER_PORT_NAME = 'metrics';

/** An exporter sidecar under the restricted profile: read-only root, no capabilities, bounded resources, its own probes. */
export function exporterContainer(e: ExporterSpec): k8s.Container {
  const q = (v: string) => k8s.Quantity.fromString(v);
  return {
    name: e.name,
    image: e.image,
    imagePullPolicy: 'IfNotPresent',
    ...(e.args ? { args: [...e.args] } : {}),
    ...(e.env ? { env: [...e.env] } : {}),
    ports: [{ name: EXPORTER_PORT_NAME, containerPort: e.port, protocol: 'TCP' }],
    resources: {
      requests: { cpu: q(e.resources.cpu), memory: q(e.resources.memory), 'ephemeral-storage': q('16Mi') },
      limits: { cpu: q(e.resources.cpuLimit), memory: q(e.resources.memory), 'ephemeral-storage': q('64Mi') },
    },
    readinessProbe: { httpGet: { path: e.healthPath, port: k8s.IntOrString.fromString(EXPORTER_PORT_NAME) }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 3, successThreshold: 1 },
    // A TCP check, unlike readiness: a slow scrape must not restart the exporter.
    livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromString(EXPORTER_PORT_NAME) }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3, successThreshold: 1 },
    securityContext: restrictedContainerSecurityContext(),
  };
}

export interface DataTierPodMonitorProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** A container port name of the pods. @default 'metrics' */
  readonly port?: string;
  /** @default '/metrics' */
  readonly path?: string;
}

export class DataTierPodMonitor extends Construct {
  public readonly monitor: PodMonitor;

  constructor(scope: Construct, id: string, props: DataTierPodMonitorProps) {
    super(scope, id);
    this.monitor = new PodMonitor(this, 'pod-monitor', {
      metadata: {
        name: props.name, namespace: props.namespace, labels: { ...props.labels },
        ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
      },
      spec: {
        selector: { matchLabels: { ...props.selectorLabels } },
        namespaceSelector: { matchNames: [props.namespace] },
        podMetricsEndpoints: [{
          port: props.port ?? EXPORTER_PORT_NAME,
          path: props.path ?? OBSERVABILITY_DEFAULTS.metricsPath,
          interval: OBSERVABILITY_DEFAULTS.scrapeInterval,
          scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
          relabelings: [{
            sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
            targetLabel: DATA_WORKLOAD_LABEL,
            action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE,
          }],
        }],
      },
    });
  }
}

/**
 * Cache hit ratio from redis_exporter's counters (`redis_keyspace_hits_total`,
 * `redis_keyspace_misses_total`, from INFO stats keyspace_hits/keyspace_misses), summed over a
 * cluster's nodes: hits ÷ (hits + misses).
 */
export function cacheHitRatioExpr(namespaces: readonly string[], window: string, workload?: string): string {
  const sel = [`namespace=~${JSON.stringify(namespaces.join('|'))}`, ...(workload ? [matchers({ [DATA_WORKLOAD_LABEL]: workload })] : [])].join(',');
  const rate = (series: string) => `sum by (namespace, ${DATA_WORKLOAD_LABEL}) (rate(${series}{${sel}}[${window}]))`;
  return `${rate('redis_keyspace_hits_total')} / (${rate('redis_keyspace_hits_total')} + ${rate('redis_keyspace_misses_total')})`;
}
