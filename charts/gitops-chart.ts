import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSet } from '../imports/argocd-applicationset-argoproj.io';
import { MANAGED_BY } from '../src/constructs/labels';
import { PlatformSpec } from '../src/spec/types';

export const ARGOCD_NAMESPACE = 'argocd';

export interface GitOpsChartProps {
  readonly platform: PlatformSpec;
  /** Cluster folders, one per region, relative to the repository root (e.g. `dist/hyperscale/us-east`). */
  readonly clusters: readonly { readonly name: string; readonly path: string }[];
}

/**
 * One Argo CD ApplicationSet per platform: an Application per region's cluster, each syncing
 * that cluster's rendered folder. The clusters must be registered in Argo CD under the region name.
 */
export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { namespace: ARGOCD_NAMESPACE, disableResourceNameHashes: true });
    const { platform } = props;
    const gitops = platform.gitops!;
    new ApplicationSet(this, 'clusters', {
      metadata: {
        name: platform.name,
        labels: { 'app.kubernetes.io/part-of': platform.partOf ?? platform.name, 'app.kubernetes.io/managed-by': MANAGED_BY },
      },
      spec: {
        goTemplate: true,
        // A typo in the template fails loudly instead of rendering an empty string.
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements: props.clusters.map((c) => ({ cluster: c.name, path: c.path })) } }],
        template: {
          metadata: { name: `${platform.name}-{{.cluster}}`, labels: { 'platform-compiler.dev/region': '{{.cluster}}' } },
          spec: {
            project: gitops.project ?? 'default',
            source: { repoUrl: gitops.repoURL, targetRevision: gitops.targetRevision ?? 'main', path: '{{.path}}' },
            destination: { name: '{{.cluster}}' },
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
