import { BUILTIN_BEHAVIOR_PROFILES } from '../behavior-profiles';
import { isDns1035Label, isDns1123Label, isLabelValue } from '../names';
import { hasOwnEntry } from '../own-entry';
import { overridePath, servicePath, sortedKeys } from '../resolve';
import { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

/**
 * Unknown keys are rejected by the spec schema (schema-unknown-key) before any rule here runs;
 * checkKnownFields remains for the mesh and worker validators, which still call it.
 */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower || c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
}

export function checkKnownFields(
  value: unknown, allowed: readonly string[], path: string, out: IssueCollector,
): void {
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value).sort()) {
    if (allowed.includes(key)) continue;
    const hint = closest(key, allowed);
    out.report(`${path}.${key}`, 'unknown-field',
      `unknown field '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; allowed: ${allowed.join(', ')}`);
  }
}

/** Names, duplicates and references: everything that is wrong before any service is resolved. */
export function checkStructure(platform: PlatformSpec, out: IssueCollector): void {
  const p = platform.name;
  if (!isDns1123Label(p)) {
    out.report(String(p), 'dns-1123-name', `platform name '${p}' is not a DNS-1123 label (lowercase a-z, 0-9, '-', at most 63 characters)`);
  }

  for (const pool of sortedKeys(platform.nodePools)) {
    const spec = platform.nodePools[pool];
    const path = `${p}.nodePools.${pool}`;
    if (!isLabelValue(pool)) out.report(path, 'dns-1123-name', `node pool name '${pool}' is not a valid label value`);
    if (sortedKeys(spec.nodeLabels).length === 0) {
      out.report(`${path}.nodeLabels`, 'node-pool-selector', 'a node pool needs at least one node label to select its nodes');
    }
  }

  const regions = sortedKeys(platform.regions);
  if (regions.length === 0) out.report(`${p}.regions`, 'regions', 'a platform needs at least one region (one cluster each)');

  const declared = new Map<string, string>();
  for (const ns of sortedKeys(platform.namespaces)) {
    const nsPath = `${p}.namespaces.${ns}`;
    if (!isDns1123Label(ns)) {
      out.report(nsPath, 'dns-1123-name', `namespace name '${ns}' is not a DNS-1123 label (lowercase a-z, 0-9, '-', at most 63 characters)`);
    }
    if (ns.startsWith('kube-')) out.report(nsPath, 'dns-1123-name', `namespace '${ns}' uses the reserved 'kube-' prefix`);
    for (const svc of sortedKeys(platform.namespaces[ns].services)) {
      const path = servicePath(platform, ns, svc);
      if (!isDns1035Label(svc)) {
        out.report(path, 'dns-1123-name',
          `service name '${svc}' is not a DNS-1035 label (starts with a letter; lowercase a-z, 0-9, '-'; at most 63 characters)`);
      }
      const first = declared.get(svc);
      if (first !== undefined) {
        out.report(path, 'duplicate-name',
          `service '${svc}' is already declared in namespace '${first}'; service names are platform-wide (region overrides and labels key on them)`);
      } else {
        declared.set(svc, ns);
      }
      const spec = platform.namespaces[ns].services[svc];
      if (spec.nodePool !== undefined && !hasOwnEntry(platform.nodePools, spec.nodePool)) {
        out.report(`${path}.nodePool`, 'unknown-node-pool',
          `node pool '${spec.nodePool}' is not declared; known pools: ${sortedKeys(platform.nodePools).join(', ') || '(none)'}`);
      }
    }
  }

  for (const region of regions) {
    const spec = platform.regions[region];
    const path = `${p}.regions.${region}`;
    if (!isDns1123Label(region)) {
      out.report(path, 'dns-1123-name', `region name '${region}' is not a DNS-1123 label (it names the cluster folder and the region label)`);
    }
    const zones = spec.zones ?? [];
    if (zones.length === 0) out.report(`${path}.zones`, 'zones', 'a region needs at least one availability zone to spread pods across');
    const dupes = zones.filter((z, i) => zones.indexOf(z) !== i);
    if (dupes.length > 0) out.report(`${path}.zones`, 'zones', `zone '${dupes[0]}' is listed twice`);
    for (const svc of sortedKeys(spec.services)) {
      const opath = overridePath(platform, region, svc);
      if (!declared.has(svc)) {
        out.report(opath, 'unknown-override', `region '${region}' overrides service '${svc}', which no namespace declares`);
      }
    }
  }

  for (const name of sortedKeys(platform.behaviorProfiles)) {
    if (hasOwnEntry(BUILTIN_BEHAVIOR_PROFILES, name)) {
      out.report(`${p}.behaviorProfiles.${name}`, 'behavior',
        `behavior profile '${name}' would shadow the built-in profile of the same name; choose another name`);
    }
  }
}
