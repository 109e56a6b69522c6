/**
 * The platform spec: one source of truth for every region's cluster.
 *
 * platform → regions (one cluster each) → namespaces → services. Services are declared once per
 * namespace; a region changes them only through an explicit override
 * (`regions.<region>.services.<service>`), so every difference between clusters is written down.
 */
import { z } from 'zod';
import { behaviorRefSchema, behaviorSchema, disruptionSchema, resourceQuantitiesSchema, probesSchema, resourcesSchema } from './common';
import { meshPlatformSchema, serviceMeshSchema } from './mesh';
import { finite, int32, intOrString, mapOf, named, port, stringMap } from './primitives';
import { asyncWorkloadsSchema, envSchema, secretEnvSchema, serviceEventScalingSchema } from './workers';

export const autoscalingSchema = named('Autoscaling', z.strictObject({
  minReplicas: int32(),
  maxReplicas: int32(),
  cpuUtilization: int32().optional().describe('Target average CPU utilization, % of the CPU request.'),
  memoryUtilization: int32().optional().describe('Target average memory utilization, % of the memory request.'),
  requestsPerSecondPerPod: finite().optional().describe('Target requests per second per pod, served to the HPA as a Pods metric (named by `requestsPerSecondMetric`) by a custom-metrics adapter.'),
  peakRequestsPerSecond: finite().optional().describe("Peak requests per second one region's instance of the service must serve. With `requestsPerSecondPerPod` it proves `maxReplicas` can carry the peak."),
  behavior: behaviorRefSchema.describe('A named profile from `behaviorProfiles` or the built-in ones, or an inline behavior.'),
}));

export const shutdownSchema = named('Shutdown', z.strictObject({
  preStopSleepSeconds: int32().describe('Seconds the container sleeps in preStop before SIGTERM, so endpoints and load balancers stop sending new connections before the server stops accepting them.'),
  terminationGracePeriodSeconds: int32().describe("Must exceed the preStop sleep plus the server's own drain time."),
}));

export const rolloutSchema = named('Rollout', z.strictObject({
  maxSurge: intOrString().optional().describe("@default '25%'"),
  maxUnavailable: intOrString().optional().describe('@default 0 (capacity never drops during a rollout)'),
}));

export const serviceSchema = named('Service', z.strictObject({
  image: z.string().describe('`repo:tag` or `repo@sha256:<digest>`; never `latest`, never untagged.'),
  version: z.string().optional()
    .describe('app.kubernetes.io/version. Derived from the tag when omitted; required with a bare digest.'),
  component: z.string().optional().describe("app.kubernetes.io/component. @default 'api'"),
  command: z.array(z.string()).optional().describe("The container's entrypoint, as a list of arguments."),
  args: z.array(z.string()).optional(),
  env: envSchema.optional(),
  secretEnv: secretEnvSchema.optional(),
  port: port().describe('Container (and Service) port.'),
  resources: resourcesSchema,
  probes: probesSchema,
  nodePool: z.string().describe('A key of `PlatformSpec.nodePools`.'),
  replicas: int32().optional()
    .describe('Fixed replica count, for workloads that are not autoscaled. Exclusive with `autoscaling`.'),
  autoscaling: autoscalingSchema.optional(),
  disruption: disruptionSchema.optional(),
  shutdown: shutdownSchema,
  rollout: rolloutSchema.optional(),
  mesh: serviceMeshSchema.optional(),
  eventScaling: serviceEventScalingSchema.optional()
    .describe('Event-driven scaling by KEDA (cron windows, queue depth) instead of a plain HPA.'),
}));

export const serviceOverrideSchema = named('ServiceOverride', z.strictObject({
  image: z.string().optional(),
  version: z.string().optional(),
  replicas: int32().optional(),
  autoscaling: autoscalingSchema.partial().optional(),
  resources: resourcesSchema.optional(),
  env: envSchema.optional(),
  disruption: disruptionSchema.optional(),
}).describe('What a region may change about a service; everything else is platform-wide.'));

export const namespaceSchema = named('Namespace', z.strictObject({
  labels: stringMap().optional().describe('Extra labels on the Namespace object.'),
  services: mapOf(serviceSchema),
  async: asyncWorkloadsSchema.optional(),
}));

export const taintSchema = z.strictObject({
  key: z.string(),
  value: z.string(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

export const nodePoolSchema = named('NodePool', z.strictObject({
  nodeLabels: stringMap(),
  taint: taintSchema.optional(),
  capacityPerRegion: resourceQuantitiesSchema.optional().describe("Allocatable CPU and memory of the pool in each region's cluster. When given, the validator checks that the pool fits every workload at minReplicas (error) and at maxReplicas (warning)."),
}).describe('A class of nodes: pods select it by label and tolerate its taint.'));

export const regionSchema = named('Region', z.strictObject({
  zones: z.array(z.string()).describe("Availability zones of the region's cluster; pods spread across them."),
  services: mapOf(serviceOverrideSchema).optional().describe('Explicit per-region changes, keyed by service name.'),
}));

const GITOPS_MISSING = "Argo CD delivers every cluster from Git: add gitops: { repoURL: 'https://…/your-gitops-repo.git' } (the repository dist/ is committed to)";

export const gitOpsSchema = named('GitOps', z.strictObject({
  repoURL: z.string().min(1, { error: 'the Git repository URL Argo CD clones, e.g. https://git.example.com/platform/gitops.git' })
    .describe('The Git repository Argo CD clones: the one this dist/ folder is committed to, as Argo CD knows it (https or ssh URL). Required.'),
  targetRevision: z.string().optional().describe("@default 'main'"),
  project: z.string().optional().describe('Argo CD AppProject. @default the platform name (never Argo CD\'s built-in `default`)'),
}, { error: (issue) => (issue.input === undefined ? GITOPS_MISSING : undefined) }).describe('Where Argo CD finds the rendered manifests. Required: every cluster is delivered by Argo CD.'));

export const platformSchema = z.strictObject({
  name: z.string().describe('DNS-1123 label; the first segment of every error path and the dist/ folder name.'),
  description: z.string().optional(),
  partOf: z.string().optional().describe('app.kubernetes.io/part-of. @default name'),
  nodePools: mapOf(nodePoolSchema),
  regions: mapOf(regionSchema),
  namespaces: mapOf(namespaceSchema),
  behaviorProfiles: mapOf(behaviorSchema).optional()
    .describe('Platform-specific behavior profiles, added to the built-in ones.'),
  requestsPerSecondMetric: z.string().optional()
    .describe("Pods metric name for requests per second. @default 'http_requests_per_second'"),
  mesh: meshPlatformSchema.optional(),
  gitops: gitOpsSchema,
}).describe("A platform spec of platform-compiler: regions (one cluster each) → namespaces → services. Every difference between clusters is an explicit region override.");
