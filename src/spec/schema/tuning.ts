/**
 * Spec sections of seeds 001 and 002: vertical scaling (VPA), kernel tuning (pod sysctls and
 * node-level tuning), per-region service selection, connection budgets of external services,
 * and the seed's own statements the validator holds the render against.
 */
import { z } from 'zod';
import { int32, mapOf, named, stringMap } from './primitives';

export const vpaUpdateModeSchema = z.enum(['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'Auto']);
export const vpaResourceSchema = z.enum(['cpu', 'memory']);

export const verticalScalingSchema = named('VerticalScaling', z.strictObject({
  updateMode: vpaUpdateModeSchema.describe("VPA updatePolicy.updateMode. 'Off' only recommends (status.recommendation), never changes a pod. A mode that applies requests (Recreate, InPlaceOrRecreate, Auto) may not control a resource the HPA scales on (rule vpa-hpa-conflict)."),
  controlledResources: z.array(vpaResourceSchema).optional()
    .describe("Resources the VPA recommends for. @default ['cpu', 'memory']"),
  minAllowed: z.strictObject({ cpu: z.string().optional(), memory: z.string().optional() }).optional()
    .describe('Lower bound of the recommendation.'),
  maxAllowed: z.strictObject({ cpu: z.string().optional(), memory: z.string().optional() }).optional()
    .describe('Upper bound of the recommendation (keep it within one node of the pool).'),
}).describe('A VerticalPodAutoscaler for the service (autoscaling.k8s.io/v1; the vertical-pod-autoscaler add-on). Beside an HPA use updateMode Off: the HPA scales on utilization, a percentage of the requests, so a VPA changing the same requests moves the HPA\'s target under it.'));

export const podSysctlsSchema = named('PodSysctls', stringMap()
  .describe("Kernel parameters set in the pod's network/IPC namespace (pod securityContext.sysctls), e.g. `{ 'net.ipv4.ip_local_port_range': '1024 65535' }`. Only Kubernetes' safe set is allowed (rule pod-sysctl-safe): Pod Security baseline and restricted reject every other one, and the kubelet refuses unsafe ones unless allow-listed per node."));

export const nodeTuningSchema = named('NodeTuning', z.strictObject({
  sysctls: stringMap().describe('Node-level (not namespaced) kernel parameters, written to /etc/sysctl.d by the node bootstrap of this pool.'),
  reasons: stringMap().optional().describe('Why each parameter has its value, by parameter name.'),
}).describe("Kernel tuning a pod cannot do: set on the pool's nodes at boot (launch template / node bootstrap), never by a privileged DaemonSet, which the restricted Pod Security profile forbids. Rendered as a ConfigMap per namespace using the pool, for review and for the node bootstrap to read."));

export const externalConnectionBudgetSchema = named('ExternalConnectionBudget', z.strictObject({
  maxConnections: int32().min(1).describe("Connections the dependency accepts from one region's cluster."),
  clients: mapOf(z.strictObject({
    connectionsPerPod: int32().min(1).describe("Connections one pod keeps open (its driver's pool size)."),
  })).describe('Services (by name) that use the dependency: Σ maxReplicas × connectionsPerPod ≤ maxConnections in every region (rule external-connection-budget).'),
}));

export const seedClaimSchema = named('SeedClaim', z.strictObject({
  says: z.string().describe("The seed's own words, quoted."),
  redis: z.string().optional().describe('A Redis Cluster (data.redis key) the claim is about.'),
  kongInstances: z.literal(true).optional().describe('The claim is about Kong pods across every region.'),
  region: z.string().optional().describe('The claim holds for this region only. @default every region'),
  shards: int32().optional().describe('Redis primaries the seed says.'),
  memoryPerNode: z.string().optional().describe('Memory of one Redis node the seed says.'),
  instances: int32().optional().describe('Kong pods the seed says, summed over the regions.'),
  postgres: z.string().optional().describe('A PostgreSQL database (data.postgres key) the claim is about.'),
  connections: int32().optional().describe('Connections the seed says reach PostgreSQL, held against max_connections less the reserved ones.'),
  because: z.string().describe('Why the render differs when it does: what the other numbers of the seed imply.'),
}).describe("A number of the seed, held against the render: when the rendered value differs, validate warns with the seed's words (rule seed-contradiction)."));

export const runsOnlySchema = mapOf(z.string().min(1))
  .describe("Only these services (by name) run in the region's cluster, each with the reason it is needed there. @default every service");

export const seedClaimsSchema = z.array(seedClaimSchema);
