/** Worker, KEDA and consumer rules: brokers, Celery, names, region overrides; per-workload rules live beside. */
import { isDns1035Label, isDns1123Label } from '../names';
import { hasOwnEntry } from '../own-entry';
import { resolveRegions, sortedKeys } from '../resolve';
import { checkKnownFields } from '../rules/structure';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';
import { ASYNC_DEFAULTS } from '../../model/defaults';
import { BEAT_NAME, RENDERED_ENV, SECTIONS, asyncPath, queueObjectName, resolveAsync } from './resolve';
import { AsyncWorkloadsSpec, BrokerSpec } from './types';
import { checkServiceEventScaling } from './validate-event-scaling';
import { checkEnvAt, checkImageAt, checkNodePoolAt, checkResourcesAt } from './validate-common';
import { TIERS, checkBatchWriter, checkBrokerRef, checkEgressAt, checkKafkaConsumer, checkQueue } from './validate-workloads';

const ASYNC_FIELDS = ['brokers', 'celery', 'queues', 'beat', 'batchWriters', 'kafkaConsumers', 'regions'];
const BROKER_FIELDS = [
  'kind', 'service', 'namespace', 'port', 'podLabels', 'secret', 'urlKey', 'managementUrlKey', 'passwordKey', 'usernameKey',
  'sasl', 'databaseIndex', 'priorityLevels', 'prioritySeparator', 'cluster',
];
const CELERY_FIELDS = ['image', 'version', 'app', 'broker', 'nodePool', 'env', 'secretEnv', 'logLevel', 'egressTo'];
const BEAT_FIELDS = ['resources', 'scheduler', 'tier', 'replicas', 'command'];
const REGION_FIELDS = Object.values(SECTIONS);
const OVERRIDE_FIELDS = ['minWorkers', 'maxWorkers'];
const KINDS = ['rabbitmq', 'redis', 'kafka'];
const SASL = ['plaintext', 'scram_sha256', 'scram_sha512'];

function checkBroker(name: string, b: BrokerSpec, path: string, out: IssueCollector): void {
  checkKnownFields(b, BROKER_FIELDS, path, out);
  if (!isDns1123Label(name)) {
    out.report(path, 'dns-1123-name', `broker name '${name}' is not a DNS-1123 label (it names the TriggerAuthentication keda-${name})`);
  }
  if (!KINDS.includes(b.kind)) {
    out.report(`${path}.kind`, 'broker-kind', `broker kind '${b.kind}' is not one of ${KINDS.join(', ')}`);
    return;
  }
  if (!isDns1035Label(b.service)) out.report(`${path}.service`, 'dns-1123-name', `broker service '${b.service}' is not a Service name (DNS-1035 label)`);
  if (b.namespace !== undefined && !isDns1123Label(b.namespace)) {
    out.report(`${path}.namespace`, 'dns-1123-name', `broker namespace '${b.namespace}' is not a DNS-1123 label`);
  }
  if (b.port !== undefined && !(Number.isInteger(b.port) && b.port >= 1 && b.port <= 65535)) {
    out.report(`${path}.port`, 'port-range', `port ${b.port} is not an integer in 1-65535`);
  }
  if (b.kind !== 'kafka' && !b.secret) {
    out.report(`${path}.secret`, 'broker-secret',
      `a ${b.kind} broker needs the name of the Secret holding its URL (key '${b.urlKey ?? ASYNC_DEFAULTS.urlKey}'): workers and KEDA authenticate with it`);
  }
  if (b.kind === 'kafka' && (b.sasl !== undefined) !== (b.secret !== undefined)) {
    out.report(`${path}.${b.sasl ? 'secret' : 'sasl'}`, 'broker-secret',
      'a Kafka broker takes sasl and secret together: the mechanism and the Secret with its credentials');
  }
  if (b.sasl !== undefined && (b.kind !== 'kafka' || !SASL.includes(b.sasl))) {
    out.report(`${path}.sasl`, 'broker-kind', `sasl '${b.sasl}' needs a kafka broker and one of ${SASL.join(', ')}`);
  }
  if (b.managementUrlKey !== undefined && b.kind !== 'rabbitmq') {
    out.report(`${path}.managementUrlKey`, 'broker-kind', `managementUrlKey is the RabbitMQ management API; broker '${name}' is ${b.kind}`);
  }
  if (b.priorityLevels !== undefined || b.prioritySeparator !== undefined) {
    const levels = b.priorityLevels ?? [];
    if (b.kind !== 'redis') {
      out.report(`${path}.priorityLevels`, 'redis-priority-levels',
        `priority lists are how Celery's Redis transport stores priorities; broker '${name}' is ${b.kind}`);
    } else if (!Array.isArray(levels) || !levels.includes(0) || levels.some((l) => !Number.isInteger(l) || l < 0 || l > 9)
      || new Set(levels).size !== levels.length) {
      out.report(`${path}.priorityLevels`, 'redis-priority-levels',
        `priorityLevels ${JSON.stringify(b.priorityLevels)} must be distinct integers 0-9 including 0 (Celery's priority_steps; level 0 is the bare queue list)`);
    }
  }
}

/** Object names of the namespace: derived, DNS-1123, and unique among services and workers. */
function checkNames(platform: PlatformSpec, ns: string, async: AsyncWorkloadsSpec, out: IssueCollector): void {
  const base = asyncPath(platform, ns);
  const taken = new Map<string, string>(sortedKeys(platform.namespaces[ns].services).map((s) => [s, `service '${s}'`]));
  const claim = (name: string, what: string, path: string) => {
    // The instance label and the other values derived from the name are checked where the model derives them.
    if (!isDns1123Label(name)) {
      out.report(path, 'dns-1123-name', `${what} gives the object name '${name}', which is not a DNS-1123 label (lowercase a-z, 0-9, '-', at most 63 characters)`);
    }
    const first = taken.get(name);
    if (first) out.report(path, 'duplicate-name', `${what} renders objects named '${name}', as ${first} does`);
    else taken.set(name, what);
  };
  for (const q of sortedKeys(async.queues)) claim(queueObjectName(q), `queue '${q}'`, `${base}.queues.${q}`);
  if (async.beat) claim(BEAT_NAME, 'beat', `${base}.beat`);
  for (const w of sortedKeys(async.batchWriters)) claim(w, `batch writer '${w}'`, `${base}.batchWriters.${w}`);
  for (const c of sortedKeys(async.kafkaConsumers)) claim(c, `Kafka consumer '${c}'`, `${base}.kafkaConsumers.${c}`);
}

function checkCeleryAndBeat(platform: PlatformSpec, ns: string, async: AsyncWorkloadsSpec, out: IssueCollector): void {
  const base = asyncPath(platform, ns);
  const { celery, beat } = async;
  if (!celery) {
    if (sortedKeys(async.queues).length > 0 || beat) {
      out.report(`${base}.celery`, 'celery-app', 'queues and beat run a Celery app: declare async.celery (image, app, broker, nodePool)');
    }
  } else {
    checkKnownFields(celery, CELERY_FIELDS, `${base}.celery`, out);
    checkImageAt(celery.image, celery.version, `${base}.celery`, out);
    checkEnvAt(celery.env, celery.secretEnv, `${base}.celery`, out, RENDERED_ENV.celery);
    checkNodePoolAt(platform, celery.nodePool, `${base}.celery.nodePool`, out);
    checkBrokerRef(async, celery.broker, ['rabbitmq', 'redis'], `${base}.celery.broker`, out);
    if (typeof celery.app !== 'string' || celery.app.length === 0) out.report(`${base}.celery.app`, 'celery-app', 'app (celery -A <app>) is required');
    checkEgressAt(celery.egressTo, `${base}.celery`, out);
  }
  if (!beat) return;
  checkKnownFields(beat, BEAT_FIELDS, `${base}.beat`, out);
  if (beat.replicas !== undefined && beat.replicas !== 1) {
    out.report(`${base}.beat.replicas`, 'beat-singleton',
      `beat runs exactly 1 replica, never ${beat.replicas} and never autoscaled: a second beat would enqueue every periodic task twice`);
  }
  if (beat.tier !== undefined && !TIERS.includes(beat.tier)) {
    out.report(`${base}.beat.tier`, 'priority-tier', `tier '${beat.tier}' is not one of ${TIERS.join(', ')}`);
  }
  checkResourcesAt(beat.resources, `${base}.beat.resources`, out);
}

function checkRegionOverrides(platform: PlatformSpec, ns: string, async: AsyncWorkloadsSpec, out: IssueCollector): void {
  for (const region of sortedKeys(async.regions)) {
    const path = `${asyncPath(platform, ns)}.regions.${region}`;
    if (!hasOwnEntry(platform.regions, region)) {
      out.report(path, 'unknown-override', `region '${region}' is not declared in regions`);
      continue;
    }
    checkKnownFields(async.regions![region], REGION_FIELDS, path, out);
    for (const section of REGION_FIELDS) {
      const overrides = async.regions![region][section];
      for (const key of sortedKeys(overrides)) {
        if (!hasOwnEntry(async[section], key)) {
          out.report(`${path}.${section}.${key}`, 'unknown-override', `region '${region}' overrides ${section} '${key}', which async.${section} does not declare`);
        }
        checkKnownFields(overrides![key], OVERRIDE_FIELDS, `${path}.${section}.${key}`, out);
      }
    }
  }
}

/** Worker, KEDA and consumer rules of every namespace, then event scaling of every service. */
export function checkAsyncWorkloads(platform: PlatformSpec, out: IssueCollector): void {
  for (const ns of sortedKeys(platform.namespaces)) {
    const async = platform.namespaces[ns]?.async;
    if (!async) continue;
    const base = asyncPath(platform, ns);
    checkKnownFields(async, ASYNC_FIELDS, base, out);
    for (const name of sortedKeys(async.brokers)) checkBroker(name, async.brokers[name], `${base}.brokers.${name}`, out);
    checkNames(platform, ns, async, out);
    checkCeleryAndBeat(platform, ns, async, out);
    checkRegionOverrides(platform, ns, async, out);
    for (const region of resolveRegions(platform)) {
      const resolved = resolveAsync(platform, ns, region.name);
      for (const q of resolved.queues) checkQueue(platform, async, q, out);
      for (const w of resolved.batchWriters) checkBatchWriter(platform, async, w, out);
      for (const c of resolved.kafkaConsumers) checkKafkaConsumer(platform, async, c, out);
    }
  }
  checkServiceEventScaling(platform, out);
}
