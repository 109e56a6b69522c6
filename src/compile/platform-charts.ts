import { ApiObject, App, Chart } from 'cdk8s';
import { AddonsChart } from '../../charts/addons-chart';
import { ClusterChart } from '../../charts/cluster-chart';
import { EdgeChart } from '../../charts/edge-chart';
import { GitOpsChart } from '../../charts/gitops-chart';
import { LoadTestChart } from '../../charts/loadtest-chart';
import { applySyncWaves } from '../../charts/labels';
import { NamespaceChart } from '../../charts/namespace-chart';
import { GITOPS_DEFAULTS, LOAD_TEST_DEFAULTS } from '../model/defaults';
import { PlatformModel } from '../model/types';
import { SpecIssue } from '../spec/errors';
import { PlatformSpec } from '../spec/types';
import { assertResolvedPlatform } from '../spec/validate';

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
  /** Folder the GitOps tool reads, relative to the repository root. @default GITOPS_DEFAULTS.distPrefix */
  readonly distPrefix?: string;
  /** Receives the spec's warnings (errors throw instead). */
  readonly onWarnings?: (warnings: SpecIssue[]) => void;
}

/**
 * The charts of one resolved platform. Per cluster folder the files sort in apply order:
 * `00-cluster.yaml` (namespaces and other cluster-scoped objects) before `10-<namespace>.yaml`,
 * which is the order `kubectl apply -f <folder>` reads them.
 */
export function modelCharts(app: App, model: PlatformModel, options: Pick<PlatformChartsOptions, 'distPrefix'> = {}): ManifestFile[] {
  const distPrefix = options.distPrefix ?? GITOPS_DEFAULTS.distPrefix;
  const files: ManifestFile[] = [];
  const clusters: { name: string; path: string }[] = [];
  for (const cluster of model.clusters) {
    const folder = `${model.name}/${cluster.region}`;
    clusters.push({ name: cluster.region, path: `${distPrefix}/${folder}` });
    const clusterChart = new ClusterChart(app, `${model.name}-${cluster.region}-cluster`, { model, cluster });
    files.push({ path: `${folder}/00-cluster.yaml`, chart: clusterChart });
    for (const namespace of cluster.namespaces) {
      const chart = new NamespaceChart(app, `${model.name}-${cluster.region}-${namespace.name}`, { model, cluster, namespace });
      chart.addDependency(clusterChart);
      files.push({ path: `${folder}/10-${namespace.name}.yaml`, chart });
    }
    if (model.edge) {
      // The edge namespace is the compiler's own (validated not to clash with a platform namespace).
      const chart = new EdgeChart(app, `${model.name}-${cluster.region}-edge`, { model, edge: model.edge, region: cluster.region });
      chart.addDependency(clusterChart);
      files.push({ path: `${folder}/10-${model.edge.namespace}.yaml`, chart });
    }
  }
  // Waves by kind, in one place (charts/labels.ts); the management-cluster charts below set their own.
  for (const file of files) applySyncWaves(file.chart);
  const clusterFiles = [...files];
  const gitops = new GitOpsChart(app, `${model.name}-gitops`, { model, gitops: model.gitops, clusters, ...deployedScope(clusterFiles) });
  files.push({ path: `${model.name}/applicationset.yaml`, chart: gitops });
  // Load tests: beside the cluster folders, never synced; their clusters still get the k6 operator.
  const loadTestFiles: ManifestFile[] = [];
  if (model.loadTest) {
    for (const cluster of model.clusters) {
      const chart = new LoadTestChart(app, `${model.name}-${cluster.region}-loadtest`, { model, loadTest: model.loadTest, region: cluster.region });
      applySyncWaves(chart);
      loadTestFiles.push({ path: `${model.name}/${LOAD_TEST_DEFAULTS.folder}/${cluster.region}/00-loadtest.yaml`, chart });
    }
  }
  files.push(...loadTestFiles);
  // The add-ons sync from the same Argo CD, so they live beside the ApplicationSet.
  const addons = new AddonsChart(app, `${model.name}-addons`, { model, clusterFiles: [...clusterFiles, ...loadTestFiles] });
  if (addons.hasApplications) files.push({ path: `${model.name}/addons.yaml`, chart: addons });
  return files;
}

/** The compile pipeline for one platform: validate (errors throw), resolve the model, build its charts. */
export function platformCharts(app: App, platform: PlatformSpec, options: PlatformChartsOptions = {}): ManifestFile[] {
  const { model, warnings } = assertResolvedPlatform(platform);
  options.onWarnings?.(warnings);
  return modelCharts(app, model, options);
}
