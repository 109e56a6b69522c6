/** What the async kinds (queue workers, beat, batch writers, Kafka consumers) derive alike. */
import { isDns1123Label } from '../../spec/names';
import { asyncPath, brokerPort } from '../../spec/workers/resolve';
import { AsyncWorkloadsSpec, BrokerSpec } from '../../spec/workers/types';
import { egressFor } from '../brokers';
import { MESH_DEFAULTS } from '../defaults';
import { WorkloadIdentity, checkWorkloadIdentity, workloadIdentity } from '../identity';
import { EgressPeer } from '../types';
import { KindContext } from './context';

export function asyncOf(ctx: KindContext): AsyncWorkloadsSpec | undefined {
  return ctx.platform.namespaces[ctx.namespace.name]?.async;
}

export function asyncBase(ctx: KindContext): string {
  return asyncPath(ctx.platform, ctx.namespace.name);
}

/** Identity of an async workload, checked at `path` (its version at `versionPath`). */
export function asyncIdentity(ctx: KindContext, name: string, component: string, version: string, path: string, versionPath: string): WorkloadIdentity {
  const identity = workloadIdentity(ctx.base, ctx.region, name, component, version);
  if (ctx.out) {
    checkWorkloadIdentity(identity, { service: false, nameIsValid: isDns1123Label(name) }, {
      name: path, component: path, version: versionPath,
      partOf: `${ctx.platform.name}.${ctx.platform.partOf !== undefined ? 'partOf' : 'name'}`,
    }, ctx.out);
  }
  return identity;
}

/**
 * The broker, the other targets and, without a mesh, cluster DNS: a worker's egress policy denies
 * everything else, and in a mesh namespace the baseline's `allow-dns-egress` already opens DNS.
 */
export function asyncEgress(ctx: KindContext, broker: BrokerSpec, targets: Parameters<typeof egressFor>[2], namespace: string): EgressPeer[] {
  const peers = egressFor(broker, brokerPort(broker), targets, namespace);
  if (ctx.mesh) return peers;
  const dns = MESH_DEFAULTS.dns;
  return [...peers, ...dns.ports.map((port): EgressPeer => ({ namespace: dns.namespace, podLabels: dns.podLabels, port, protocols: ['UDP', 'TCP'] }))];
}
