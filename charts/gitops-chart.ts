import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { markSpecPath } from '../src/constructs/provenance';
import { ApplicationSet } from '../imports/argocd-applicationset-argoproj.io';
import { AppProject } from '../imports/argocd-appproject-argoproj.io';
import { MANAGED_BY } from '../src/constructs/labels';
import { GitOpsModel, PlatformModel } from '../src/model/types';

export const ARGOCD_NAMESPACE = 'argocd';

export interface GitOpsChartProps {
  readonly model: PlatformModel;
  readonly gitops: GitOpsModel;
  /** Cluster folders, one per region, relative to the repository root (e.g. `dist/hyperscale/us-east`). */
  readonly clusters: readonly { readonly name: string; readonly path: string }[];
  /** Cluster-scoped kinds the folders contain: the only ones the AppProject lets Argo CD manage. */
  readonly clusterScopedKinds: readonly { readonly group: string; readonly kind: string }[];
  /** Namespaces the folders deploy into: the only destinations the AppProject allows. */
  readonly namespaces: readonly string[];
}

/**
 * One Argo CD AppProject and ApplicationSet per platform: an Application per region's cluster,
 * each syncing that cluster's rendered folder. The clusters must be registered in Argo CD under
 * the region name. The project allows exactly this repository, these clusters and namespaces, and
 * the cluster-scoped kinds the platform renders, so a stray manifest cannot widen what syncs.
 */
export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { namespace: ARGOCD_NAMESPACE, disableResourceNameHashes: true });
    const { model, gitops } = props;
    markSpecPath(this, `${model.name}.gitops`);
    const project = gitops.project;
    const labels = { 'app.kubernetes.io/part-of': model.partOf, 'app.kubernetes.io/managed-by': MANAGED_BY };
    new AppProject(this, 'project', {
      metadata: { name: project, labels },
      spec: {
        description: gitops.description,
        sourceRepos: [gitops.repoURL],
        destinations: props.clusters.flatMap((c) => props.namespaces.map((namespace) => ({ name: c.name, namespace }))),
        clusterResourceWhitelist: props.clusterScopedKinds.map((k) => ({ group: k.group, kind: k.kind })),
      },
    });
    new ApplicationSet(this, 'clusters', {
      metadata: { name: model.name, labels },
      spec: {
        goTemplate: true,
        // A typo in the template fails loudly instead of rendering an empty string.
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements: props.clusters.map((c) => ({ cluster: c.name, path: c.path })) } }],
        template: {
          metadata: { name: `${model.name}-{{.cluster}}`, labels: { 'platform-compiler.dev/region': '{{.cluster}}' } },
          spec: {
            project,
            source: { repoUrl: gitops.repoURL, targetRevision: gitops.targetRevision, path: '{{.path}}' },
            // Argo CD admits an Application only if its destination namespace is one the project
            // lists, and an empty one never is (argo-cd#11510). Every rendered namespaced object
            // names its own namespace, so this one is only the default Argo CD would fall back to.
            destination: { name: '{{.cluster}}', namespace: props.namespaces[0] },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              // Server-side apply: large objects and field ownership shared with the HPA.
              // Namespaces are rendered in the folder itself, so Argo CD must not create them.
              syncOptions: ['ServerSideApply=true', 'CreateNamespace=false', 'PruneLast=true'],
              retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
            },
          },
        },
      },
    });
  }
}
