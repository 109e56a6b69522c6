import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { DEFAULT_DISRUPTION } from '../spec/disruption';
import { BehaviorSpec, DisruptionSpec, HttpProbeSpec, NodePoolSpec, ServiceSpec } from '../spec/types';
import * as k8s from './k8s';
import { WorkloadIdentity, recommendedLabels, selectorLabels } from './labels';
import { serviceEventTriggers } from './keda-triggers';
import { KubeDeploymentWithNewerFields } from './newer-fields';
import { PULL_POLICY_EXEMPTION, containerResources, nodePoolPlacement } from './pod-template';
import { TMP_MOUNT, TMP_VOLUME, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './pod-security';
import { QueueScaler } from './queue-scaler';

export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
export const DEFAULT_RPS_METRIC = 'http_requests_per_second';

export interface ScalableServiceProps {
  /** Names and labels; the selector is derived from it, never from the construct path. */
  readonly identity: WorkloadIdentity;
  readonly namespace: string;
  /** The service as this region runs it (overrides already applied). */
  readonly spec: ServiceSpec;
  /**
   * The HPA behavior, resolved from a profile name. Required with `spec.autoscaling` and with
   * `spec.eventScaling` (where it shapes the HPA that KEDA creates).
   */
  readonly behavior?: BehaviorSpec;
  /** The node pool the pods run on: selected by its labels, its taint tolerated. */
  readonly nodePool: NodePoolSpec;
  /** Pods metric the HPA reads for requests per second. @default 'http_requests_per_second' */
  readonly requestsPerSecondMetric?: string;
  /** Extra annotations on every object (e.g. Argo CD sync waves, linter exemptions with reasons). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * One HTTP workload: ServiceAccount, Deployment, Service, HorizontalPodAutoscaler (autoscaling/v2)
 * and PodDisruptionBudget, hardened to the Pod Security "restricted" profile.
 */
export class ScalableService extends Construct {
  public readonly deployment: KubeDeploymentWithNewerFields;
  public readonly service: k8s.KubeService;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** KEDA ScaledObject, instead of the HPA, when `spec.eventScaling` is set. */
  public readonly eventScaler?: QueueScaler;
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: ScalableServiceProps) {
    super(scope, id);
    const { identity, spec, namespace } = props;
    const metadata = (): k8s.ObjectMeta => ({
      name: identity.name,
      namespace,
      labels: recommendedLabels(identity),
      ...(props.annotations ? { annotations: { ...props.annotations } } : {}),
    });

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: metadata(),
      // The app never talks to the Kubernetes API; a mounted token would only be attack surface.
      automountServiceAccountToken: false,
    });

    this.deployment = new KubeDeploymentWithNewerFields(this, 'deployment', {
      metadata: { ...metadata(), annotations: { ...props.annotations, ...PULL_POLICY_EXEMPTION } },
      spec: {
        // Under an HPA (KEDA's too), spec.replicas must stay unset: every apply would reset its count.
        ...(spec.autoscaling || spec.eventScaling ? {} : { replicas: spec.replicas }),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(identity) },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: intOrString(spec.rollout?.maxSurge ?? '25%'),
            maxUnavailable: intOrString(spec.rollout?.maxUnavailable ?? 0),
          },
        },
        template: {
          metadata: { labels: recommendedLabels(identity) },
          spec: podSpec(props),
        },
      },
    });
    // Native preStop sleep (Kubernetes ≥ 1.30): needs no shell or sleep binary in the image.
    this.deployment.addNewerFieldPatch(JsonPatch.add('/spec/template/spec/containers/0/lifecycle', {
      preStop: { sleep: { seconds: spec.shutdown.preStopSleepSeconds } },
    }));

    this.service = new k8s.KubeService(this, 'service', {
      metadata: metadata(),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(identity),
        ports: [{ name: 'http', port: spec.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP', appProtocol: 'http' }],
      },
    });

    if (spec.eventScaling) {
      // Never together with an HPA (a spec error): KEDA creates and owns the HPA of this Deployment.
      const es = spec.eventScaling;
      if (!props.behavior) throw new Error(`ScalableService ${identity.name}: eventScaling needs a resolved behavior`);
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
        triggers: serviceEventTriggers(es),
      });
    } else if (spec.autoscaling) {
      if (!props.behavior) throw new Error(`ScalableService ${identity.name}: autoscaling needs a resolved behavior`);
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata: metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: identity.name },
          minReplicas: spec.autoscaling.minReplicas,
          maxReplicas: spec.autoscaling.maxReplicas,
          metrics: autoscalingMetrics(spec, props.requestsPerSecondMetric ?? DEFAULT_RPS_METRIC),
          behavior: hpaBehavior(props.behavior),
        },
      });
    }

    const budget = disruptionBudgetFor(spec);
    if (budget) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
        metadata: metadata(),
        spec: {
          selector: { matchLabels: selectorLabels(identity) },
          ...(budget.maxUnavailable !== undefined ? { maxUnavailable: intOrString(budget.maxUnavailable) } : {}),
          ...(budget.minAvailable !== undefined ? { minAvailable: intOrString(budget.minAvailable) } : {}),
          // Pods that are not Ready serve nothing; letting them be evicted keeps drains moving
          // even when a bad rollout leaves the budget exhausted.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }
  }

  /** Every API object of this service, in apply order. */
  public get apiObjects(): ApiObject[] {
    return [this.serviceAccount, this.service, this.deployment, this.autoscaler, this.eventScaler?.scaledObject, this.disruptionBudget]
      .filter((o): o is NonNullable<typeof o> => o !== undefined);
  }
}

/**
 * The PDB a service gets, or none: a single fixed replica gets no budget, because any budget
 * for one pod either blocks every drain or protects nothing.
 */
export function disruptionBudgetFor(spec: ServiceSpec): DisruptionSpec | undefined {
  if (!spec.autoscaling && !spec.eventScaling && (spec.replicas ?? 1) <= 1) return undefined;
  return spec.disruption ?? DEFAULT_DISRUPTION;
}

function intOrString(value: number | string): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

function httpProbe(probe: HttpProbeSpec): k8s.Probe {
  return {
    httpGet: { path: probe.path, port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' },
    periodSeconds: probe.periodSeconds ?? 10,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
    successThreshold: 1,
    initialDelaySeconds: probe.initialDelaySeconds ?? 0,
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

function podSpec(props: ScalableServiceProps): k8s.PodSpec {
  const { identity, spec, nodePool } = props;
  const env = containerEnv(spec);
  return {
    serviceAccountName: identity.name,
    automountServiceAccountToken: false,
    // Service links inject env vars for every Service in the namespace: noise at this scale.
    enableServiceLinks: false,
    terminationGracePeriodSeconds: spec.shutdown.terminationGracePeriodSeconds,
    securityContext: restrictedPodSecurityContext(),
    ...nodePoolPlacement(nodePool),
    topologySpreadConstraints: [{
      // Hard across zones: losing a zone must never take more than its share of the pods.
      maxSkew: 1,
      topologyKey: ZONE_TOPOLOGY_KEY,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: selectorLabels(identity) },
      // Spread each rollout's ReplicaSet on its own, so a rollout does not skew the zones.
      matchLabelKeys: ['pod-template-hash'],
      // Count only nodes of this pool whose taints the pod tolerates as zone domains.
      nodeAffinityPolicy: 'Honor',
      nodeTaintsPolicy: 'Honor',
    }],
    affinity: {
      podAntiAffinity: {
        // Soft across nodes: at thousands of pods a hard rule would strand pods as Pending.
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: selectorLabels(identity) } },
        }],
      },
    },
    containers: [{
      name: identity.name,
      image: spec.image,
      imagePullPolicy: 'IfNotPresent',
      ...(spec.command ? { command: [...spec.command] } : {}),
      ...(spec.args ? { args: [...spec.args] } : {}),
      ports: [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }],
      ...(env.length > 0 ? { env } : {}),
      resources: containerResources(spec.resources),
      startupProbe: httpProbe(spec.probes.startup),
      readinessProbe: httpProbe(spec.probes.readiness),
      livenessProbe: httpProbe(spec.probes.liveness),
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [TMP_MOUNT],
    }],
    volumes: [TMP_VOLUME],
  };
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
