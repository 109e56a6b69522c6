/** What the async kinds (queue workers, beat, batch writers, Kafka consumers) derive alike. */
import { isDns1123Label } from '../../spec/names';
import { asyncPath, brokerPort } from '../../spec/workers/resolve';
import { AsyncWorkloadsSpec, BrokerSpec } from '../../spec/workers/types';
import { egressFor } from '../brokers';
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

export function asyncEgress(broker: BrokerSpec, targets: Parameters<typeof egressFor>[2], namespace: string): EgressPeer[] {
  return egressFor(broker, brokerPort(broker), targets, namespace);
}
