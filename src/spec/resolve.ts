import { AutoscalingSpec, PlatformSpec, ServiceOverride, ServiceSpec } from './types';
import { ownEntry } from './own-entry';

/** A service as one region's cluster runs it: the platform-wide spec plus that region's override. */
export interface ResolvedService {
  readonly name: string;
  readonly namespace: string;
  readonly region: string;
  readonly spec: ServiceSpec;
  /** The spec path that decides `field` here: the region override when it sets the field. */
  pathOf(field: keyof ServiceSpec): string;
}

export interface ResolvedNamespace {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly services: readonly ResolvedService[];
}

export interface ResolvedRegion {
  readonly name: string;
  readonly zones: readonly string[];
  readonly namespaces: readonly ResolvedNamespace[];
}

export function servicePath(platform: PlatformSpec, namespace: string, service: string): string {
  return `${platform.name}.namespaces.${namespace}.services.${service}`;
}

export function overridePath(platform: PlatformSpec, region: string, service: string): string {
  return `${platform.name}.regions.${region}.services.${service}`;
}

/** Keys sorted so that output order never depends on how the spec object was written. */
export function sortedKeys<T>(record: Readonly<Record<string, T>> | undefined): string[] {
  return Object.keys(record ?? {}).sort();
}

function mergeService(base: ServiceSpec, override: ServiceOverride | undefined): ServiceSpec {
  if (!override) return base;
  const autoscaling: AutoscalingSpec | undefined = override.autoscaling
    ? ({ ...(base.autoscaling ?? {}), ...override.autoscaling } as AutoscalingSpec)
    : base.autoscaling;
  const eventScaling = override.eventScaling && base.eventScaling
    ? { ...base.eventScaling, ...override.eventScaling }
    : base.eventScaling;
  return {
    ...base,
    ...override,
    env: override.env ? { ...(base.env ?? {}), ...override.env } : base.env,
    autoscaling,
    eventScaling,
  };
}

/** Every region's view of the platform, in a stable order (regions, namespaces, services by name). */
export function resolveRegions(platform: PlatformSpec): ResolvedRegion[] {
  return sortedKeys(platform.regions).map((regionName) => {
    const region = platform.regions[regionName];
    const namespaces = sortedKeys(platform.namespaces).map((nsName) => {
      const ns = platform.namespaces[nsName];
      // A region with `runsOnly` runs just those services (the rest of its cluster is the same).
      const runs = (svcName: string) => region.runsOnly === undefined || Object.prototype.hasOwnProperty.call(region.runsOnly, svcName);
      const services = sortedKeys(ns.services).filter(runs).map((svcName): ResolvedService => {
        const override = ownEntry(region.services, svcName);
        return {
          name: svcName,
          namespace: nsName,
          region: regionName,
          spec: mergeService(ns.services[svcName], override),
          pathOf: (field) =>
            override && field in override
              ? `${overridePath(platform, regionName, svcName)}.${String(field)}`
              : `${servicePath(platform, nsName, svcName)}.${String(field)}`,
        };
      });
      return { name: nsName, labels: ns.labels ?? {}, services };
    });
    return { name: regionName, zones: region.zones, namespaces };
  });
}
