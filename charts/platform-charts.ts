import { ApiObject, App, Chart } from 'cdk8s';
import { SpecIssue } from '../src/spec/errors';
import { assertValidPlatform } from '../src/spec/validate';
import { resolveEdge } from '../src/spec/mesh/plan';
import { resolveRegions } from '../src/spec/resolve';
import { PlatformSpec } from '../src/spec/types';
import { ClusterChart } from './cluster-chart';
import { EdgeChart } from './edge-chart';
import { GitOpsChart } from './gitops-chart';
import { NamespaceChart } from './namespace-chart';

/** What the cluster folders hold: cluster-scoped kinds (by API group) and target namespaces. */
function deployedScope(files: readonly ManifestFile[]) {
  const kinds = new Map<string, { group: string; kind: string }>();
  const namespaces = new Set<string>();
  for (const { chart } of files) {
    for (const object of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      if (object.metadata.namespace) {
        namespaces.add(object.metadata.namespace);
      } else {
        const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
        kinds.set(`${group}/${object.kind}`, { group, kind: object.kind });
      }
    }
  }
  return {
    clusterScopedKinds: [...kinds.keys()].sort().map((k) => kinds.get(k)!),
    namespaces: [...namespaces].sort(),
  };
}

/** One output file: a chart and where it lands below dist/. */
export interface ManifestFile {
  /** Relative path, e.g. `hyperscale/us-east/00-cluster.yaml`. */
  readonly path: string;
  readonly chart: Chart;
}

export interface PlatformChartsOptions {
  /** Folder the GitOps tool reads, relative to the repository root. @default 'dist' */
  readonly distPrefix?: string;
  /** Receives the spec's warnings (errors throw instead). */
  readonly onWarnings?: (warnings: SpecIssue[]) => void;
}

/**
 * The charts of one platform, validated first. Per cluster folder the files sort in apply order:
 * `00-cluster.yaml` (namespaces and other cluster-scoped objects) before `10-<namespace>.yaml`,
 * which is the order `kubectl apply -f <folder>` reads them.
 */
export function platformCharts(app: App, platform: PlatformSpec, options: PlatformChartsOptions = {}): ManifestFile[] {
  const distPrefix = options.distPrefix ?? 'dist';
  const warnings = assertValidPlatform(platform);
  options.onWarnings?.(warnings);
  const files: ManifestFile[] = [];
  const clusters: { name: string; path: string }[] = [];
  for (const region of resolveRegions(platform)) {
    const folder = `${platform.name}/${region.name}`;
    clusters.push({ name: region.name, path: `${distPrefix}/${folder}` });
    const cluster = new ClusterChart(app, `${platform.name}-${region.name}-cluster`, { platform, region });
    files.push({ path: `${folder}/00-cluster.yaml`, chart: cluster });
    for (const namespace of region.namespaces) {
      const chart = new NamespaceChart(app, `${platform.name}-${region.name}-${namespace.name}`, { platform, region: region.name, namespace });
      chart.addDependency(cluster);
      files.push({ path: `${folder}/10-${namespace.name}.yaml`, chart });
    }
    const edge = resolveEdge(platform);
    if (edge) {
      // The edge namespace is the compiler's own (validated not to clash with a platform namespace).
      const chart = new EdgeChart(app, `${platform.name}-${region.name}-edge`, { platform, region: region.name });
      chart.addDependency(cluster);
      files.push({ path: `${folder}/10-${edge.namespace}.yaml`, chart });
    }
  }
  if (platform.gitops) {
    const gitops = new GitOpsChart(app, `${platform.name}-gitops`, { platform, clusters, ...deployedScope(files) });
    files.push({ path: `${platform.name}/applicationset.yaml`, chart: gitops });
  }
  return files;
}
