/**
 * What every data-tier kind (Redis, PostgreSQL, Kafka, RabbitMQ) resolves the same way: its
 * clusters are `namespaces.<ns>.data.<section>.<name>`, in name order, and a region may override
 * one under `regions.<r>.data.<section>.<name>`, which must name a declared one.
 */
import { MESH_DEFAULTS } from '../defaults';
import { ownEntry } from '../../spec/own-entry';
import { sortedKeys } from '../../spec/resolve';
import type { PlatformSpec } from '../../spec/types';
import type { IssueCollectorLike } from '../check';
import type { KindContext, WorkloadKindResolver } from './context';
import type { Workload } from '../types';

type DataSection = 'redis' | 'postgres' | 'kafka' | 'rabbitmq';
type SectionSpec<S extends DataSection> = NonNullable<NonNullable<PlatformSpec['namespaces'][string]['data']>[S]>[string];

/** A resolver for one data section: `label` names it in messages ("a Kafka cluster"). */
export function dataKindResolver<W extends Workload, S extends DataSection>(
  kind: W['kind'], section: S, label: string, resolveOne: (ctx: KindContext, name: string, spec: SectionSpec<S>) => W,
): WorkloadKindResolver<W> {
  return {
    kind,
    resolve(ctx) {
      // Region overrides are platform-wide: checked once per region, with its first namespace.
      if (ctx.out && ctx.namespace.name === sortedKeys(ctx.platform.namespaces)[0]) checkOverrides(ctx, section, label, ctx.out);
      const clusters = ownEntry(ctx.platform.namespaces, ctx.namespace.name)?.data?.[section] as Readonly<Record<string, SectionSpec<S>>> | undefined;
      return sortedKeys(clusters).map((name) => resolveOne(ctx, name, clusters![name]));
    },
  };
}

function checkOverrides(ctx: KindContext, section: DataSection, label: string, out: IssueCollectorLike): void {
  const names = (map: unknown) => sortedKeys(map as Readonly<Record<string, unknown>> | undefined);
  const declared = new Set(sortedKeys(ctx.platform.namespaces).flatMap((ns) => names(ctx.platform.namespaces[ns].data?.[section])));
  for (const name of names(ownEntry(ctx.platform.regions, ctx.region)?.data?.[section])) {
    if (!declared.has(name)) {
      out.report(`${ctx.platform.name}.regions.${ctx.region}.data.${section}.${name}`, 'unknown-override',
        `no namespace declares ${label} '${name}'; declared: ${[...declared].join(', ') || '(none)'}`);
    }
  }
}

/**
 * One cluster's spec as its region runs it: the declared spec with `regions.<r>.data.<section>.<name>`
 * laid over it, and the path that decides each field (the override's when it sets the field).
 */
export function regionalDataSpec<S extends DataSection, T extends object>(ctx: KindContext, section: S, name: string, base: T) {
  const { platform, region } = ctx;
  const path = `${platform.name}.namespaces.${ctx.namespace.name}.data.${section}.${name}`;
  const overridePath = `${platform.name}.regions.${region}.data.${section}.${name}`;
  const regionData = ownEntry(platform.regions, region)?.data?.[section] as Readonly<Record<string, Partial<T>>> | undefined;
  const override = ownEntry(regionData, name);
  const spec: T = override ? { ...base, ...override } : base;
  const pathOf = (field: string) => (override && Object.prototype.hasOwnProperty.call(override, field) ? `${overridePath}.${field}` : `${path}.${field}`);
  return { path, spec, pathOf };
}

/** The cluster DNS a data tier's pods must reach: the mesh's when there is one, else the defaults. */
export function clusterDnsOf(ctx: KindContext) {
  return ctx.mesh?.mesh.dns ?? { namespace: MESH_DEFAULTS.dns.namespace, podLabels: MESH_DEFAULTS.dns.podLabels, ports: [...MESH_DEFAULTS.dns.ports] };
}
