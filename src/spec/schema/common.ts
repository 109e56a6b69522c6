/** Schema pieces shared by services and async workloads: resources, probes, HPA behavior, disruption. */
import { z } from 'zod';
import { int32, intOrString, named } from './primitives';

export const resourceQuantitiesSchema = named('ResourceQuantities', z.strictObject({
  cpu: z.string().optional(),
  memory: z.string().optional(),
}).describe("Kubernetes resource quantities, e.g. `{ cpu: '2', memory: '4Gi' }`."));

export const resourcesSchema = named('Resources', z.strictObject({
  requests: z.strictObject({ cpu: z.string(), memory: z.string() })
    .describe('What the scheduler reserves; HPA utilization targets are percentages of these.'),
  limits: resourceQuantitiesSchema
    .describe('Upper bounds. A memory limit is required (an unbounded pod can take a node down).'),
  ephemeralStorage: z.strictObject({ request: z.string(), limit: z.string() }).optional()
    .describe("Per-container ephemeral storage (logs, the /tmp volume). @default { request: '256Mi', limit: '1Gi' }"),
}));

export const httpProbeSchema = named('HttpProbe', z.strictObject({
  path: z.string().describe('HTTP path probed on the service port.'),
  periodSeconds: int32().optional().describe('@default 10'),
  timeoutSeconds: int32().optional().describe('@default 1'),
  failureThreshold: int32().optional().describe('@default 3'),
  initialDelaySeconds: int32().optional().describe('@default 0'),
}));

export const probesSchema = z.strictObject({
  readiness: httpProbeSchema.describe('Gates traffic: a pod only joins the Service once ready.'),
  liveness: httpProbeSchema.describe('Restarts a wedged process. Must be more lenient than readiness.'),
  startup: httpProbeSchema.describe('Holds liveness off while the app boots (imports, migrations check, warm caches).'),
});

export const scalingPolicySchema = z.strictObject({
  type: z.enum(['Percent', 'Pods']),
  value: int32(),
  periodSeconds: int32(),
}).describe('One HPA scaling policy, exactly as autoscaling/v2 HPAScalingPolicy.');

/** The HPA API's bound (autoscaling/v2 validation); KEDA accepts more, and then its HPA is never created. */
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

export const scalingRulesSchema = named('ScalingRules', z.strictObject({
  stabilizationWindowSeconds: z.number().int()
    .min(0, { error: 'a stabilization window cannot be negative' })
    .max(MAX_STABILIZATION_WINDOW_SECONDS, {
      error: `the HPA API allows at most ${MAX_STABILIZATION_WINDOW_SECONDS} s (1 h); KEDA accepts a longer window, but then the HPA it creates is rejected and the workload never scales`,
    })
    .describe(`Seconds a recommendation must hold before the HPA acts on it: 0-${MAX_STABILIZATION_WINDOW_SECONDS}.`),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']),
  policies: z.array(scalingPolicySchema),
}));

export const behaviorSchema = named('Behavior', z.strictObject({
  scaleUp: scalingRulesSchema,
  scaleDown: scalingRulesSchema,
}).describe('autoscaling/v2 HorizontalPodAutoscalerBehavior, with every field spelled out.'));

/** A profile name (built-in or from `behaviorProfiles`) or an inline behavior. */
export const behaviorRefSchema = named('BehaviorRef', z.union([z.string(), behaviorSchema]));

export const disruptionSchema = named('Disruption', z.strictObject({
  maxUnavailable: intOrString().optional(),
  minAvailable: intOrString().optional(),
}).describe("How many pods may be voluntarily evicted at once. Give at most one field; by default `maxUnavailable: '10%'` (rounded up by Kubernetes, so never 0 with pods running)."));
