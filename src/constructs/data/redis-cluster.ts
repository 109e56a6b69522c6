import { createHash } from 'node:crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { parseImage } from '../../spec/image';
import { parseQuantity } from '../../spec/quantity';
import * as k8s from '../k8s';
import { annotateCheckovExemptions, checkovExemptions } from '../linter-exemptions';
import { PULL_POLICY_EXEMPTION } from '../pod-template';
import { TMP_MOUNT, TMP_VOLUME, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../pod-security';
import { exporterContainer } from '../observability/data-tier-monitor';
import { REDIS_BOOTSTRAP_SCRIPT } from './redis-bootstrap-script';
import { REDIS_PRE_STOP_SCRIPT } from './redis-pre-stop-script';
import { CLUSTER_BUS_PORT_OFFSET, MaxmemoryPolicy, RedisPersistence, renderRedisConf } from './redis-config';

export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
export const REDIS_CONF_KEY = 'redis.conf';
/** The data volume: nodes.conf, and any RDB/AOF. */
export const DATA_DIR = '/data';
export const BOOTSTRAP_SCRIPT_KEY = 'bootstrap.sh';
export const PRE_STOP_SCRIPT_KEY = 'pre-stop.sh';
/** podFailurePolicy fails the Job at once on these: retrying cannot fix bad input or a partly formed cluster. */
export const BOOTSTRAP_PERMANENT_EXIT_CODES = [2, 3];

export interface RedisToleration {
  readonly key: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface RedisClusterProps {
  /** Base name: StatefulSet, client Service, PDB; `<name>-headless`, `<name>-config`, `<name>-bootstrap`. */
  readonly name: string;
  readonly namespace: string;
  /** Recommended labels (app.kubernetes.io/*) for every object and the pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** The immutable subset used by the StatefulSet, Services and PDB; must be contained in `labels`. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Primaries; at least 3 (failover needs a majority of primaries). */
  readonly shards: number;
  readonly replicasPerShard: number;
  /** Pinned (tag other than latest, or digest); Debian-based, as the bootstrap needs bash and getent. */
  readonly image: string;
  /** Memory request must equal the limit: a Redis node's memory is its dataset. */
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu?: string; readonly memory: string };
  };
  /** The memory-optimized pool. */
  readonly nodePool: { readonly nodeSelector: Readonly<Record<string, string>>; readonly tolerations?: readonly RedisToleration[] };
  /** Zones the pods are spread over (and confined to). */
  readonly zones: readonly string[];
  readonly maxmemoryPolicy: MaxmemoryPolicy;
  readonly persistence: RedisPersistence;
  /** Holds nodes.conf (node identity) and, on a replica's full resync, the received RDB. */
  readonly dataVolume: { readonly size: string; readonly storageClassName?: string };
  /** @default 6379 */
  readonly port?: number;
  /** requirepass/masterauth from this Secret key; referenced by name, never rendered. */
  readonly passwordSecret?: { readonly name: string; readonly key: string };
  readonly maxclients?: number;
  /** @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** Extra annotations on every object (e.g. Argo CD sync waves). */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the bootstrap Job only, e.g. an Argo CD hook with
   * `hook-delete-policy: BeforeHookCreation`: a Job's pod template is immutable, so a changed
   * shape needs a new Job rather than an update.
   */
  readonly bootstrapJobAnnotations?: Readonly<Record<string, string>>;
  /** Extra annotations on the pods of the StatefulSet and the Job (e.g. opting out of sidecar injection). */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** A metrics exporter sidecar beside each node (redis_exporter), reading the local node. @default none */
  readonly exporter?: { readonly image: string; readonly port: number; readonly healthPath: string; readonly resources: { readonly cpu: string; readonly memory: string; readonly cpuLimit: string } };
}

/**
 * A Redis Cluster: ConfigMap (redis.conf + bootstrap script), StatefulSet of
 * shards × (1 + replicas) pods, headless and client Services, PDB, and a bootstrap Job.
 */
export class RedisCluster extends Construct {
  public readonly configMap: k8s.KubeConfigMap;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  public readonly headlessService: k8s.KubeService;
  public readonly clientService: k8s.KubeService;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  public readonly bootstrapJob: k8s.KubeJob;
  public readonly podCount: number;

  constructor(scope: Construct, id: string, props: RedisClusterProps) {
    super(scope, id);
    validateProps(props);
    const port = props.port ?? 6379;
    const busPort = port + CLUSTER_BUS_PORT_OFFSET;
    const names = redisObjectNames(props.name);
    this.podCount = props.shards * (1 + props.replicasPerShard);
    const meta = (name: string, extra: Record<string, string> = {}): k8s.ObjectMeta => ({
      name,
      namespace: props.namespace,
      labels: { ...props.labels },
      ...(props.annotations || Object.keys(extra).length ? { annotations: { ...props.annotations, ...extra } } : {}),
    });
    const selector = { ...props.selectorLabels };

    const redisConf = renderRedisConf({
      port, memoryLimit: props.resources.limits.memory, maxmemoryPolicy: props.maxmemoryPolicy,
      persistence: props.persistence, maxclients: props.maxclients,
    });
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: meta(names.config),
      data: { [REDIS_CONF_KEY]: redisConf, [BOOTSTRAP_SCRIPT_KEY]: REDIS_BOOTSTRAP_SCRIPT, [PRE_STOP_SCRIPT_KEY]: REDIS_PRE_STOP_SCRIPT },
    });

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: meta(props.name),
      // Neither Redis nor the bootstrap talks to the Kubernetes API.
      automountServiceAccountToken: false,
    });

    const ports = [
      { name: 'redis', port, targetPort: k8s.IntOrString.fromString('redis'), protocol: 'TCP' },
      { name: 'cluster-bus', port: busPort, targetPort: k8s.IntOrString.fromString('cluster-bus'), protocol: 'TCP' },
    ];
    this.headlessService = new k8s.KubeService(this, 'headless', {
      metadata: meta(names.headless),
      spec: {
        clusterIp: 'None',
        // Pod DNS names must resolve before the pods are Ready: the bootstrap Job forms the
        // cluster from them (the nodes themselves keep peer IPs in nodes.conf).
        publishNotReadyAddresses: true,
        selector,
        ports,
      },
    });
    this.clientService = new k8s.KubeService(this, 'client', {
      metadata: meta(props.name),
      // Clients only need a first node to read the slot map from; they then talk to pod IPs.
      spec: { type: 'ClusterIP', selector, ports: [ports[0]] },
    });

    const authEnv: k8s.EnvVar[] = props.passwordSecret
      ? [{ name: 'REDISCLI_AUTH', valueFrom: { secretKeyRef: { name: props.passwordSecret.name, key: props.passwordSecret.key } } }]
      : [];
    // $(VAR) is expanded by the kubelet, not a shell. Once started, Redis overwrites its argv with
    // its process title (seen: /proc/<pid>/cmdline is `redis-server *:6379`), so the expanded
    // password does not stay in ps. Replicas authenticate to their primaries with masterauth.
    const authArgs = props.passwordSecret ? ['--requirepass', '$(REDISCLI_AUTH)', '--masterauth', '$(REDISCLI_AUTH)'] : [];
    const ping = (failureThreshold: number, periodSeconds: number): k8s.Probe => ({
      exec: { command: ['sh', '-c', `redis-cli -p ${port} ping | grep -qx PONG`] },
      periodSeconds, failureThreshold, timeoutSeconds: 3, successThreshold: 1,
    });
    const podAnnotations = {
      ...PULL_POLICY_EXEMPTION,
      ...props.podAnnotations,
      // redis.conf is read at start only: a changed config must roll the pods.
      'platform-compiler.dev/redis-conf-sha256': createHash('sha256').update(redisConf).digest('hex'),
    };

    this.statefulSet = new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: meta(props.name, PULL_POLICY_EXEMPTION),
      spec: {
        serviceName: names.headless,
        replicas: this.podCount,
        // All pods at once: the cluster forms only when every node is up, and a node is
        // Ready (answers PING) long before it is part of a cluster.
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...props.labels }, annotations: podAnnotations },
          spec: {
            serviceAccountName: props.name,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            // Room for the preStop hand-over (at most 15 s) and a clean shutdown.
            terminationGracePeriodSeconds: 30,
            securityContext: restrictedPodSecurityContext(),
            nodeSelector: { ...props.nodePool.nodeSelector },
            ...tolerations(props.nodePool.tolerations),
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_TOPOLOGY_KEY, operator: 'In', values: [...props.zones] }] }],
                },
              },
              // Soft: two nodes of one shard on one host lose the shard with the host, but a hard
              // rule would leave pods Pending whenever the pool is short of hosts.
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [{
                  weight: 100, podAffinityTerm: { topologyKey: HOSTNAME_TOPOLOGY_KEY, labelSelector: { matchLabels: selector } },
                }],
              },
            },
            topologySpreadConstraints: [{
              maxSkew: 1,
              topologyKey: ZONE_TOPOLOGY_KEY,
              whenUnsatisfiable: 'DoNotSchedule',
              // Counts a listed zone with no eligible node as empty, so pods never pile into the rest.
              minDomains: props.zones.length,
              labelSelector: { matchLabels: selector },
              nodeAffinityPolicy: 'Honor',
              nodeTaintsPolicy: 'Honor',
            }],
            containers: [{
              name: 'redis',
              image: props.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['redis-server'],
              args: [`/etc/redis/${REDIS_CONF_KEY}`, '--dir', DATA_DIR, ...authArgs],
              ports: [
                { name: 'redis', containerPort: port, protocol: 'TCP' },
                { name: 'cluster-bus', containerPort: busPort, protocol: 'TCP' },
              ],
              env: [{ name: 'REDIS_PORT', value: String(port) }, ...authEnv],
              resources: redisResources(props.resources),
              // A primary hands its slots to a replica first, so a restart does not empty its shard.
              lifecycle: { preStop: { exec: { command: ['bash', `/scripts/${PRE_STOP_SCRIPT_KEY}`] } } },
              startupProbe: ping(30, 2),
              readinessProbe: ping(3, 5),
              // Liveness asks less than readiness: a node busy loading its data or resyncing still
              // accepts connections, and must not be restarted for it (which would lose the resync).
              livenessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(port) }, periodSeconds: 10, failureThreshold: 6, timeoutSeconds: 3, successThreshold: 1 },
              // Redis writes only to its dir (the data volume), so the root stays read-only.
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                { name: 'config', mountPath: '/etc/redis', readOnly: true },
                { name: 'data', mountPath: DATA_DIR },
                { name: 'scripts', mountPath: '/scripts', readOnly: true },
              ],
            }, ...(props.exporter ? [exporterContainer({
              name: 'exporter',
              ...props.exporter,
              // The local node only: each node's series are its own, and a scrape never crosses the network.
              env: [
                { name: 'REDIS_ADDR', value: `redis://localhost:${port}` },
                ...(props.passwordSecret ? [{ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: props.passwordSecret.name, key: props.passwordSecret.key } } }] : []),
              ],
            })] : [])],
            volumes: [
              { name: 'config', configMap: { name: names.config, items: [{ key: REDIS_CONF_KEY, path: REDIS_CONF_KEY }] } },
              { name: 'scripts', configMap: { name: names.config, items: [{ key: PRE_STOP_SCRIPT_KEY, path: PRE_STOP_SCRIPT_KEY }] } },
            ],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: { ...props.labels } },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(props.dataVolume.storageClassName ? { storageClassName: props.dataVolume.storageClassName } : {}),
            resources: { requests: { storage: k8s.Quantity.fromString(props.dataVolume.size) } },
          },
        }],
      },
    });

    // From the rendered pod spec, so whatever the pod gains later is reflected in the exemptions.
    annotateCheckovExemptions(this.statefulSet);

    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: meta(props.name),
      // One node at a time: a drain then never takes a primary and its replica together.
      spec: { selector: { matchLabels: selector }, maxUnavailable: k8s.IntOrString.fromNumber(1) },
    });

    const jobSpec = bootstrapJobSpec(props, names, authEnv);
    this.bootstrapJob = new k8s.KubeJob(this, 'bootstrap', {
      metadata: meta(names.bootstrap, { ...PULL_POLICY_EXEMPTION, ...checkovExemptions(jobSpec.template.spec!), ...props.bootstrapJobAnnotations }),
      spec: jobSpec,
    });
    // The 1.28 types require onPodConditions; the API wants exactly one of it and onExitCodes.
    this.bootstrapJob.addJsonPatch(JsonPatch.remove('/spec/podFailurePolicy/rules/0/onPodConditions'));
  }

  /** Every API object, in apply order. */
  public get apiObjects(): ApiObject[] {
    return [this.configMap, this.serviceAccount, this.headlessService, this.clientService, this.statefulSet, this.disruptionBudget, this.bootstrapJob];
  }
}

export function redisObjectNames(name: string) {
  return { config: `${name}-config`, headless: `${name}-headless`, bootstrap: `${name}-bootstrap` };
}

/** Pod DNS names through the headless Service, in ordinal order: the first `shards` become primaries. */
export function redisNodeAddresses(props: Pick<RedisClusterProps, 'name' | 'namespace' | 'shards' | 'replicasPerShard' | 'port' | 'clusterDomain'>): string[] {
  const count = props.shards * (1 + props.replicasPerShard);
  const headless = redisObjectNames(props.name).headless;
  const domain = props.clusterDomain ?? 'cluster.local';
  return Array.from({ length: count }, (_, i) => `${props.name}-${i}.${headless}.${props.namespace}.svc.${domain}:${props.port ?? 6379}`);
}

function bootstrapJobSpec(props: RedisClusterProps, names: ReturnType<typeof redisObjectNames>, authEnv: k8s.EnvVar[]): k8s.JobSpec {
  // Its own name label, so the StatefulSet, Services and PDB never select the Job's pod.
  const labels: Record<string, string> = { ...props.labels, 'app.kubernetes.io/name': names.bootstrap, 'app.kubernetes.io/component': 'redis-bootstrap' };
  const env: k8s.EnvVar[] = [
    { name: 'REDIS_NODES', value: redisNodeAddresses(props).join(' ') },
    { name: 'REDIS_SHARDS', value: String(props.shards) },
    { name: 'REDIS_REPLICAS_PER_SHARD', value: String(props.replicasPerShard) },
    { name: 'REDIS_WAIT_SECONDS', value: '600' },
    ...authEnv,
  ];
  if (Object.entries(props.selectorLabels).every(([k, v]) => labels[k] === v)) {
    throw new Error(`RedisCluster ${props.name}: the selector must include app.kubernetes.io/name, or it would select the bootstrap pod`);
  }
  return {
    backoffLimit: 6,
    // Bounds the whole Job, retries included: room for about three full 600 s waits for the pods.
    activeDeadlineSeconds: 1800,
    // Keep the finished Job (and its log) a day for inspection, then let it go.
    ttlSecondsAfterFinished: 86400,
    podFailurePolicy: {
      rules: [{ action: 'FailJob', onExitCodes: { containerName: 'bootstrap', operator: 'In', values: BOOTSTRAP_PERMANENT_EXIT_CODES }, onPodConditions: [] }],
    },
    template: {
      metadata: { labels, annotations: { ...PULL_POLICY_EXEMPTION, ...props.podAnnotations } },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: props.name,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        nodeSelector: { ...props.nodePool.nodeSelector },
        ...tolerations(props.nodePool.tolerations),
        containers: [{
          name: 'bootstrap',
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['bash', `/scripts/${BOOTSTRAP_SCRIPT_KEY}`],
          env,
          resources: {
            requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
            // A bounded CPU limit: a one-off Job must never starve the shards it is forming.
            limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('128Mi'), 'ephemeral-storage': k8s.Quantity.fromString('64Mi') },
          },
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [{ name: 'scripts', mountPath: '/scripts', readOnly: true }, TMP_MOUNT],
        }],
        volumes: [
          { name: 'scripts', configMap: { name: names.config, items: [{ key: BOOTSTRAP_SCRIPT_KEY, path: BOOTSTRAP_SCRIPT_KEY }] } },
          TMP_VOLUME,
        ],
      },
    },
  };
}

function tolerations(list: readonly RedisToleration[] | undefined): Pick<k8s.PodSpec, 'tolerations'> {
  if (!list || list.length === 0) return {};
  return { tolerations: list.map((t) => ({ key: t.key, operator: t.operator ?? 'Equal', ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect })) };
}

function redisResources(r: RedisClusterProps['resources']): k8s.ResourceRequirements {
  const q = (v: string) => k8s.Quantity.fromString(v);
  return {
    // Redis writes nothing outside the data volume; the bound only covers container logs.
    requests: { cpu: q(r.requests.cpu), memory: q(r.requests.memory), 'ephemeral-storage': q('64Mi') },
    limits: { ...(r.limits.cpu ? { cpu: q(r.limits.cpu) } : {}), memory: q(r.limits.memory), 'ephemeral-storage': q('256Mi') },
  };
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Construct-level guards; the spec validator reports the same with spec paths. */
export function validateProps(p: RedisClusterProps): void {
  const fail = (msg: string) => { throw new Error(`RedisCluster ${p.name}: ${msg}`); };
  // StatefulSet pods carry controller-revision-hash=<name>-<hash>; the label value caps the name.
  if (!DNS_LABEL.test(p.name) || p.name.length > 52) fail('name must be a DNS label of at most 52 characters');
  if (!Number.isInteger(p.shards) || p.shards < 3) fail(`shards must be an integer ≥ 3 (failover needs a majority of primaries), got ${p.shards}`);
  if (!Number.isInteger(p.replicasPerShard) || p.replicasPerShard < 0) fail(`replicasPerShard must be a non-negative integer, got ${p.replicasPerShard}`);
  const port = p.port ?? 6379;
  if (!Number.isInteger(port) || port < 1 || port + CLUSTER_BUS_PORT_OFFSET > 65535) fail(`port ${port} leaves no room for the cluster bus port (port + ${CLUSTER_BUS_PORT_OFFSET})`);
  const image = parseImage(p.image);
  if (!image.digest && (!image.tag || image.tag === 'latest')) fail(`image '${p.image}' must be pinned to a version tag or digest`);
  if (p.zones.length === 0 || new Set(p.zones).size !== p.zones.length) fail('zones must be a non-empty list without duplicates');
  const [request, limit] = [parseQuantity(p.resources.requests.memory), parseQuantity(p.resources.limits.memory)];
  if (!(request > 0) || request !== limit) {
    fail(`memory request '${p.resources.requests.memory}' must equal the limit '${p.resources.limits.memory}': a node below its limit can be overcommitted and OOM-killed`);
  }
  for (const [k, v] of Object.entries(p.selectorLabels)) if (p.labels[k] !== v) fail(`selector label ${k}=${v} is not among the labels`);
  if (Object.keys(p.selectorLabels).length === 0) fail('selectorLabels must not be empty');
  if (!(parseQuantity(p.dataVolume.size) > 0)) fail(`data volume size '${p.dataVolume.size}' is not a positive quantity`);
}
