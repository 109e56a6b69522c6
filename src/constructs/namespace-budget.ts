/**
 * A namespace's ResourceQuota and LimitRange, sized from the objects rendered into it: every pod
 * owner at its ceiling (HPA or ScaledObject maxReplicas, else spec.replicas; a TestRun's runners),
 * each pod with its containers, its restartable init containers and, in a meshed namespace, the
 * injected Istio proxy. The render rule (src/render/namespace-rules.ts) recomputes the same demand
 * from the written tree and checks the quota admits it.
 */
import { Construct } from 'constructs';
import { NAMESPACE_BUDGET_DEFAULTS } from '../model/defaults';
import { parseQuantity } from '../spec/quantity';
import * as k8s from './k8s';
import { ObjectMetadata, toApiMetadata } from './object-metadata';

type Json = Record<string, any>;

/** Cores and bytes. */
export interface Amount { readonly cpu: number; readonly memory: number }

export interface PodOwnerDemand {
  /** `Kind name`. */
  readonly owner: string;
  /** Pods at the ceiling. */
  readonly pods: number;
  /** Extra pods a rolling update at the ceiling adds (maxSurge). */
  readonly surge: number;
  readonly requests: Amount;
  readonly limits: Amount;
}

export interface NamespaceDemand {
  readonly owners: readonly PodOwnerDemand[];
  /** Σ pods × per-pod amounts at the ceilings, without surge. */
  readonly atMax: { readonly pods: number; readonly requests: Amount; readonly limits: Amount };
  /** The same with every Deployment's surge. */
  readonly withSurge: { readonly pods: number; readonly requests: Amount; readonly limits: Amount };
  /** The largest container limit (and request), the LimitRange's per-container max. */
  readonly largestContainer: Amount;
}

const q = (v: unknown): number => (v === undefined || v === null ? 0 : parseQuantity(String(v)) || 0);
const asJson = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});

const SIDECAR = {
  requests: { cpu: q(NAMESPACE_BUDGET_DEFAULTS.meshSidecar.requests.cpu), memory: q(NAMESPACE_BUDGET_DEFAULTS.meshSidecar.requests.memory) },
  limits: { cpu: q(NAMESPACE_BUDGET_DEFAULTS.meshSidecar.limits.cpu), memory: q(NAMESPACE_BUDGET_DEFAULTS.meshSidecar.limits.memory) },
};

/** A pod's effective requests and limits as quota admission counts them (containers + sidecars, or the largest init container). */
function podAmounts(podSpec: Json, podAnnotations: Json, meshed: boolean, largest: { cpu: number; memory: number }) {
  const sum = { requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } };
  const add = (r: Json) => {
    sum.requests.cpu += q(r.requests?.cpu);
    sum.requests.memory += q(r.requests?.memory);
    sum.limits.cpu += q(r.limits?.cpu);
    sum.limits.memory += q(r.limits?.memory);
    largest.cpu = Math.max(largest.cpu, q(r.limits?.cpu), q(r.requests?.cpu));
    largest.memory = Math.max(largest.memory, q(r.limits?.memory), q(r.requests?.memory));
  };
  for (const c of podSpec.containers ?? []) add(asJson(c.resources));
  const inits: Json[] = podSpec.initContainers ?? [];
  for (const c of inits.filter((i) => i.restartPolicy === 'Always')) add(asJson(c.resources));
  if (meshed && podAnnotations['sidecar.istio.io/inject'] !== 'false') add(SIDECAR);
  for (const c of inits.filter((i) => i.restartPolicy !== 'Always')) {
    const r = asJson(c.resources);
    sum.requests.cpu = Math.max(sum.requests.cpu, q(r.requests?.cpu));
    sum.requests.memory = Math.max(sum.requests.memory, q(r.requests?.memory));
    sum.limits.cpu = Math.max(sum.limits.cpu, q(r.limits?.cpu));
    sum.limits.memory = Math.max(sum.limits.memory, q(r.limits?.memory));
  }
  return sum;
}

/** Pods a rolling update adds at `replicas`: maxSurge as a count or a percentage, rounded up (as the Deployment controller does). */
function surgeOf(deployment: Json, replicas: number): number {
  const surge = deployment.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%';
  if (deployment.spec?.strategy?.type === 'Recreate') return 0;
  if (typeof surge === 'number') return surge;
  const pct = /^(\d+)%$/.exec(String(surge));
  return pct ? Math.ceil((replicas * Number(pct[1])) / 100) : 0;
}

/** The demand of one namespace's objects (plain JSON, as rendered). */
/** The kinds namespaceDemand reads (autoscalers for ceilings, pod owners for pods); it ignores every other. */
export const DEMAND_KINDS: ReadonlySet<string> = new Set(['HorizontalPodAutoscaler', 'ScaledObject', 'Deployment', 'StatefulSet', 'Job', 'TestRun']);

export function namespaceDemand(objects: readonly unknown[], meshed: boolean): NamespaceDemand {
  const ceilings = new Map<string, number>();
  for (const raw of objects) {
    const o = asJson(raw);
    const ref = o.spec?.scaleTargetRef;
    if (!ref) continue;
    if (o.kind === 'HorizontalPodAutoscaler') ceilings.set(`${ref.kind}/${ref.name}`, o.spec.maxReplicas ?? 1);
    if (o.kind === 'ScaledObject') ceilings.set(`${ref.kind ?? 'Deployment'}/${ref.name}`, o.spec.maxReplicaCount ?? 100);
  }
  const largest = { cpu: 0, memory: 0 };
  const owners: PodOwnerDemand[] = [];
  for (const raw of objects) {
    const o = asJson(raw);
    const name = o.metadata?.name;
    const pod = (template: Json, pods: number, surge = 0) => {
      const amounts = podAmounts(asJson(template.spec), asJson(template.metadata?.annotations), meshed, largest);
      owners.push({ owner: `${o.kind} ${name}`, pods, surge, ...amounts });
    };
    switch (o.kind) {
      case 'Deployment': {
        const pods = ceilings.get(`Deployment/${name}`) ?? o.spec?.replicas ?? 1;
        pod(asJson(o.spec?.template), pods, surgeOf(o, pods));
        break;
      }
      case 'StatefulSet':
        pod(asJson(o.spec?.template), ceilings.get(`StatefulSet/${name}`) ?? o.spec?.replicas ?? 1);
        break;
      case 'Job':
        pod(asJson(o.spec?.template), o.spec?.parallelism ?? 1);
        break;
      case 'TestRun': {
        // k6-operator: `parallelism` runner pods, one initializer (k6 inspect) and one starter.
        const spec = asJson(o.spec);
        const runner = { metadata: { annotations: spec.runner?.metadata?.annotations }, spec: { containers: [{ resources: spec.runner?.resources }] } };
        pod(runner, spec.parallelism ?? 1);
        for (const helper of ['initializer', 'starter']) {
          pod({ metadata: { annotations: spec[helper]?.metadata?.annotations }, spec: { containers: [{ resources: spec[helper]?.resources }] } }, 1);
        }
        break;
      }
      default:
    }
  }
  const total = (withSurge: boolean) => {
    const t = { pods: 0, requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 } };
    for (const d of owners) {
      const n = d.pods + (withSurge ? d.surge : 0);
      t.pods += n;
      t.requests.cpu += n * d.requests.cpu;
      t.requests.memory += n * d.requests.memory;
      t.limits.cpu += n * d.limits.cpu;
      t.limits.memory += n * d.limits.memory;
    }
    return t;
  };
  return { owners, atMax: total(false), withSurge: total(true), largestContainer: largest };
}

const GI = 2 ** 30;
const withHeadroom = (v: number) => v * (1 + NAMESPACE_BUDGET_DEFAULTS.headroomPercent / 100);
// Rounded to a few significant digits first, so float noise (0.1 × 3) never adds a whole unit.
const up = (v: number, unit: number) => Math.ceil(Number((v / unit).toPrecision(12))) * unit;
export const cores = (v: number): string => String(up(v, NAMESPACE_BUDGET_DEFAULTS.roundCores));
export const gibibytes = (v: number): string => `${up(v / GI, NAMESPACE_BUDGET_DEFAULTS.roundMemoryGi)}Gi`;
/** A container amount as a quantity: millicores and mebibytes, exact for every rendered value. */
const milli = (v: number): string => `${Math.ceil(Number((v * 1000).toPrecision(12)))}m`;
const mebi = (v: number): string => `${Math.ceil(Number((v / 2 ** 20).toPrecision(12)))}Mi`;

/** The quota's hard limits: the ceiling with surge, plus the headroom, rounded up. */
export function quotaHard(demand: NamespaceDemand): Record<string, string> {
  const w = demand.withSurge;
  return {
    'pods': String(Math.ceil(Number(withHeadroom(w.pods).toPrecision(12)))),
    'requests.cpu': cores(withHeadroom(w.requests.cpu)),
    'requests.memory': gibibytes(withHeadroom(w.requests.memory)),
    'limits.cpu': cores(withHeadroom(w.limits.cpu)),
    'limits.memory': gibibytes(withHeadroom(w.limits.memory)),
  };
}

export interface NamespaceBudgetProps {
  /** Namespace and labels of both objects; their names are fixed (`<namespace>-quota`, `<namespace>-limits`). */
  readonly metadata: Omit<ObjectMetadata, 'name'> & { readonly namespace: string };
  readonly demand: NamespaceDemand;
}

/** The ResourceQuota and LimitRange of one namespace. */
export class NamespaceBudget extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceBudgetProps) {
    super(scope, id);
    const ns = props.metadata.namespace;
    new k8s.KubeResourceQuota(this, 'quota', {
      metadata: toApiMetadata({ ...props.metadata, name: `${ns}-quota` }),
      spec: { hard: Object.fromEntries(Object.entries(quotaHard(props.demand)).map(([k, v]) => [k, k8s.Quantity.fromString(v)])) },
    });
    const d = NAMESPACE_BUDGET_DEFAULTS.containerDefaultRequest;
    const largest = props.demand.largestContainer;
    const max = {
      cpu: k8s.Quantity.fromString(milli(Math.max(largest.cpu, q(d.cpu)))),
      memory: k8s.Quantity.fromString(mebi(Math.max(largest.memory, q(d.memory)))),
    };
    new k8s.KubeLimitRange(this, 'limits', {
      metadata: toApiMetadata({ ...props.metadata, name: `${ns}-limits` }),
      spec: {
        limits: [{
          type: 'Container',
          // No rendered container is larger; a hand-made one that is must say so here first.
          max,
          // Only for a container that declares nothing: the largest limit, so its request never exceeds it.
          default: max,
          defaultRequest: { cpu: k8s.Quantity.fromString(d.cpu), memory: k8s.Quantity.fromString(d.memory) },
        }],
      },
    });
  }
}
