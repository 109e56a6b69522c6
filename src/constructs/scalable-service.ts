import { PULL_POLICY_EXEMPTION } from './pod-template';
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_DISRUPTION, SERVICE_DEFAULTS } from '../model/defaults';
import { HttpServiceWorkload } from '../model/types';
import { BehaviorSpec, DisruptionSpec, HttpProbeSpec, ServiceSpec } from '../spec/types';
import * as k8s from './k8s';
import { HardenedWorkload, rollingUpdate } from './hardened-workload';
import { recommendedLabels, selectorLabels } from './labels';
import { serviceEventTriggers } from './keda-triggers';
import { QueueScaler } from './queue-scaler';
import { VerticalAutoscaler } from './vertical-autoscaler';

export const DEFAULT_RPS_METRIC = SERVICE_DEFAULTS.requestsPerSecondMetric;

/** What a ScalableService is built from: the model's HTTP service workload (and the chart's annotations). */
export interface ScalableServiceProps extends Pick<HttpServiceWorkload, 'identity' | 'namespace' | 'spec' | 'nodePool'> {
  /**
   * The HPA behavior, resolved from a profile name. Required with `spec.autoscaling` and with
   * `spec.eventScaling` (where it shapes the HPA that KEDA creates).
   */
  readonly behavior?: BehaviorSpec;
  /** Pods metric the HPA reads for requests per second. @default SERVICE_DEFAULTS.requestsPerSecondMetric */
  readonly requestsPerSecondMetric?: string;
  /** Annotations of the Service object only (Kong's upstream settings when exposed at the edge). @default none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** The port Prometheus scrapes; a port other than `http` (Istio's 15020) is added to the Service. @default the `http` port */
  readonly metricsPort?: HttpServiceWorkload['metricsPort'];
  /** Extra annotations on every object (e.g. Argo CD sync waves). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The serving PriorityClass. @default none (priority 0) */
  readonly priorityClassName?: string;
}

/**
 * One HTTP workload: ServiceAccount, Deployment, Service, HorizontalPodAutoscaler (autoscaling/v2)
 * and PodDisruptionBudget, on the hardened workload base (Pod Security "restricted").
 */
export class ScalableService extends HardenedWorkload {
  public readonly service: k8s.KubeService;
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** KEDA ScaledObject, instead of the HPA, when `spec.eventScaling` is set. */
  public readonly eventScaler?: QueueScaler;
  /** VerticalPodAutoscaler, when `spec.verticalScaling` is set (recommendations beside the HPA). */
  public readonly verticalAutoscaler?: VerticalAutoscaler;

  constructor(scope: Construct, id: string, props: ScalableServiceProps) {
    const { identity, spec } = props;
    const rollout = { ...SERVICE_DEFAULTS.rollout, ...spec.rollout };
    super(scope, id, {
      identity,
      namespace: props.namespace,
      annotations: props.annotations,
      // Under an HPA (KEDA's too), spec.replicas must stay unset: every apply would reset its count.
      replicas: spec.autoscaling || spec.eventScaling ? undefined : spec.replicas,
      strategy: rollingUpdate(rollout.maxSurge, rollout.maxUnavailable),
      pod: {
        image: spec.image,
        command: spec.command,
        args: spec.args,
        ports: [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }],
        env: containerEnv(spec),
        resources: spec.resources,
        nodePool: props.nodePool,
        priorityClassName: props.priorityClassName,
        terminationGracePeriodSeconds: spec.shutdown.terminationGracePeriodSeconds,
        probes: { startup: httpProbe(spec.probes.startup), readiness: httpProbe(spec.probes.readiness), liveness: httpProbe(spec.probes.liveness) },
        zoneSpread: 'hard',
        sysctls: spec.sysctls,
      },
    });
    const namespace = props.namespace;
    // Native preStop sleep (Kubernetes ≥ 1.30): needs no shell or sleep binary in the image.
    this.deployment.addNewerFieldPatch(JsonPatch.add('/spec/template/spec/containers/0/lifecycle', {
      preStop: { sleep: { seconds: spec.shutdown.preStopSleepSeconds } },
    }));

    const serviceAnnotations = props.serviceAnnotations ?? {};
    this.service = new k8s.KubeService(this, 'service', {
      metadata: this.metadata(Object.keys(serviceAnnotations).length > 0 ? serviceAnnotations : undefined),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(identity),
        ports: [
          { name: 'http', port: spec.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP', appProtocol: 'http' },
          // The sidecar's port is not a container port of the app, so it is targeted by number.
          ...(props.metricsPort && props.metricsPort.name !== 'http'
            ? [{ name: props.metricsPort.name, port: props.metricsPort.port, targetPort: k8s.IntOrString.fromNumber(props.metricsPort.port), protocol: 'TCP', appProtocol: 'http' }]
            : []),
        ],
      },
    });

    if (spec.eventScaling) {
      // Never together with an HPA (a spec error): KEDA creates and owns the HPA of this Deployment.
      const es = spec.eventScaling;
      if (!props.behavior) throw new Error(`ScalableService ${identity.name}: eventScaling needs a resolved behavior`);
      // kube-score looks for an HPA object; KEDA creates this one at run time from the ScaledObject,
      // whose floor already keeps at least two pods.
      if (es.minReplicas >= 2) {
        this.deployment.metadata.addAnnotation('kube-score/ignore', `${PULL_POLICY_EXEMPTION['kube-score/ignore']},deployment-replicas`);
      }
      this.eventScaler = new QueueScaler(this, 'event-scaler', {
        name: identity.name,
        namespace,
        labels: recommendedLabels(identity),
        annotations: props.annotations,
        minReplicas: es.minReplicas,
        maxReplicas: es.maxReplicas,
        pollingIntervalSeconds: es.pollingIntervalSeconds,
        cooldownSeconds: es.cooldownSeconds,
        behavior: props.behavior,
        fallbackReplicas: es.fallbackReplicas,
        triggers: serviceEventTriggers(es),
      });
    } else if (spec.autoscaling) {
      if (!props.behavior) throw new Error(`ScalableService ${identity.name}: autoscaling needs a resolved behavior`);
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata: this.metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: identity.name },
          minReplicas: spec.autoscaling.minReplicas,
          maxReplicas: spec.autoscaling.maxReplicas,
          metrics: autoscalingMetrics(spec, props.requestsPerSecondMetric ?? DEFAULT_RPS_METRIC),
          behavior: hpaBehavior(props.behavior),
        },
      });
    }

    if (spec.verticalScaling) {
      this.verticalAutoscaler = new VerticalAutoscaler(this, 'vertical-autoscaler', {
        metadata: this.metadata(), deploymentName: identity.name, containerName: identity.name, spec: spec.verticalScaling,
      });
    }

    const budget = disruptionBudgetFor(spec);
    if (budget) this.addDisruptionBudget(budget);
  }

  /** Every API object of this service, in apply order. */
  public get apiObjects(): ApiObject[] {
    return [this.serviceAccount, this.service, this.deployment, this.autoscaler, this.eventScaler?.scaledObject, this.verticalAutoscaler?.vpa, this.disruptionBudget]
      .filter((o): o is NonNullable<typeof o> => o !== undefined);
  }
}

/**
 * The PDB a service gets, or none: a single fixed replica gets no budget, because any budget
 * for one pod either blocks every drain or protects nothing.
 */
export function disruptionBudgetFor(spec: ServiceSpec): DisruptionSpec | undefined {
  if (!spec.autoscaling && !spec.eventScaling && (spec.replicas ?? SERVICE_DEFAULTS.replicas) <= 1) return undefined;
  return spec.disruption ?? DEFAULT_DISRUPTION;
}

function httpProbe(probe: HttpProbeSpec): k8s.Probe {
  return {
    httpGet: { path: probe.path, port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' },
    periodSeconds: probe.periodSeconds ?? SERVICE_DEFAULTS.probe.periodSeconds,
    timeoutSeconds: probe.timeoutSeconds ?? SERVICE_DEFAULTS.probe.timeoutSeconds,
    failureThreshold: probe.failureThreshold ?? SERVICE_DEFAULTS.probe.failureThreshold,
    successThreshold: SERVICE_DEFAULTS.probe.successThreshold,
    initialDelaySeconds: probe.initialDelaySeconds ?? SERVICE_DEFAULTS.probe.initialDelaySeconds,
  };
}

function containerEnv(spec: ServiceSpec): k8s.EnvVar[] {
  const plain = Object.keys(spec.env ?? {}).sort().map((name) => ({ name, value: spec.env![name] }));
  const secret = Object.keys(spec.secretEnv ?? {}).sort().map((name) => ({
    name,
    valueFrom: { secretKeyRef: { name: spec.secretEnv![name].secret, key: spec.secretEnv![name].key } },
  }));
  return [...plain, ...secret];
}

function autoscalingMetrics(spec: ServiceSpec, rpsMetric: string): k8s.MetricSpecV2[] {
  const a = spec.autoscaling!;
  const metrics: k8s.MetricSpecV2[] = [];
  if (a.cpuUtilization !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: a.cpuUtilization } } });
  }
  if (a.memoryUtilization !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
  }
  if (a.requestsPerSecondPerPod !== undefined) {
    metrics.push({
      type: 'Pods',
      pods: {
        metric: { name: rpsMetric },
        target: { type: 'AverageValue', averageValue: k8s.Quantity.fromString(String(a.requestsPerSecondPerPod)) },
      },
    });
  }
  return metrics;
}

function hpaBehavior(behavior: BehaviorSpec): k8s.HorizontalPodAutoscalerBehaviorV2 {
  const rules = (r: BehaviorSpec['scaleUp']): k8s.HpaScalingRulesV2 => ({
    stabilizationWindowSeconds: r.stabilizationWindowSeconds,
    selectPolicy: r.selectPolicy,
    policies: r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
  });
  return { scaleUp: rules(behavior.scaleUp), scaleDown: rules(behavior.scaleDown) };
}
