// Renders the RedisCluster construct for a test-sized cluster and writes what the conformance
// test feeds to real processes: redis.conf and bootstrap.sh taken from the rendered ConfigMap,
// pre-stop.sh too; the bootstrap env and the redis-server args from the rendered Job and StatefulSet.
//   node -r ts-node/register/transpile-only conformance/data/render-redis.ts OUT_DIR [SHARDS] [REPLICAS]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import * as yaml from 'js-yaml';
import { RedisCluster } from '../../src/constructs/data/redis-cluster';

const [outDir, shards = '3', replicas = '1'] = process.argv.slice(2);
if (!outDir) throw new Error('usage: render-redis.ts OUT_DIR [SHARDS] [REPLICAS]');

const chart = new Chart(new App(), 'conformance', { disableResourceNameHashes: true });
new RedisCluster(chart, 'redis', {
  name: 'cache',
  namespace: 'data',
  labels: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'conformance-cache', 'app.kubernetes.io/component': 'cache' },
  selectorLabels: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'conformance-cache' },
  shards: Number(shards),
  replicasPerShard: Number(replicas),
  image: 'redis:7.2.5-bookworm',
  // Small enough for six processes on a shared machine; the derived maxmemory is still exercised.
  resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } },
  nodePool: { nodeSelector: { 'platform-compiler.dev/pool': 'memory' } },
  zones: ['zone-a', 'zone-b', 'zone-c'],
  maxmemoryPolicy: 'allkeys-lru',
  persistence: { mode: 'none' },
  dataVolume: { size: '1Gi' },
  passwordSecret: { name: 'cache-auth', key: 'password' },
});

const objects = chart.toJson();
const byKind = (kind: string) => objects.find((o: any) => o.kind === kind);
const configMap = byKind('ConfigMap');
const job = byKind('Job');
const sts = byKind('StatefulSet');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'redis.conf'), configMap.data['redis.conf']);
fs.writeFileSync(path.join(outDir, 'bootstrap.sh'), configMap.data['bootstrap.sh']);
fs.writeFileSync(path.join(outDir, 'pre-stop.sh'), configMap.data['pre-stop.sh']);
const container = job.spec.template.spec.containers[0];
const envValue = (name: string) => container.env.find((e: any) => e.name === name)?.value;
fs.writeFileSync(path.join(outDir, 'bootstrap.env'), [
  `REDIS_SHARDS=${envValue('REDIS_SHARDS')}`,
  `REDIS_REPLICAS_PER_SHARD=${envValue('REDIS_REPLICAS_PER_SHARD')}`,
  `POD_COUNT=${sts.spec.replicas}`,
  `JOB_COMMAND="${container.command.join(' ')}"`,
  `PRE_STOP_COMMAND="${sts.spec.template.spec.containers[0].lifecycle.preStop.exec.command.join(' ')}"`,
].join('\n') + '\n');
// The server args after the config path, one per line ($(REDISCLI_AUTH) is expanded by the test, as the kubelet would).
fs.writeFileSync(path.join(outDir, 'server-args.txt'), sts.spec.template.spec.containers[0].args.slice(1).join('\n') + '\n');
fs.writeFileSync(path.join(outDir, 'manifest.yaml'), objects.map((o: any) => yaml.dump(o, { noRefs: true })).join('---\n'));
