/** Layout and order of the rendered tree: what `kubectl apply -f dist/<platform>/<cluster>` reads. */
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';

describe('platform charts', () => {
  const objects = renderObjects(shopPlatform({ gitops: { repoURL: 'https://git.example.com/shop.git' } }));
  const files = [...new Set(objects.map((o) => o.file))];

  it('writes one folder per region, cluster-scoped objects first, then one file per namespace', () => {
    expect(files).toEqual([
      'shop/east/00-cluster.yaml', 'shop/east/10-store.yaml',
      'shop/west/00-cluster.yaml', 'shop/west/10-store.yaml',
      'shop/applicationset.yaml',
      // Argo CD delivers this shop, and its ServiceMonitor and PrometheusRule need the Prometheus operator.
      'shop/addons.yaml',
    ]);
    // kubectl reads a folder in file-name order: the namespace file sorts first.
    expect([...files].filter((f) => f.startsWith('shop/east/')).sort()[0]).toBe('shop/east/00-cluster.yaml');
  });

  it('creates each namespace in its cluster file, without a namespace of its own, hardened to restricted', () => {
    const ns = findObject(objects, 'shop/east/00-cluster.yaml', 'Namespace', 'store');
    expect(ns.metadata).not.toHaveProperty('namespace');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/managed-by': 'platform-compiler',
      'platform-compiler.dev/region': 'east',
    });
    expect(ns.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-10');
  });

  it('puts no namespace on any cluster-scoped object, and one on every namespaced object', () => {
    for (const { file, object } of objects) {
      if (file.endsWith('00-cluster.yaml')) expect(object.metadata).not.toHaveProperty('namespace');
      else expect(object.metadata.namespace).toBeDefined();
    }
  });

  it('labels workloads with their region', () => {
    expect(findObject(objects, 'shop/west/10-store.yaml', 'Deployment', 'web').metadata.labels['platform-compiler.dev/region']).toBe('west');
  });

  it('renders an Argo CD ApplicationSet: one Application per cluster folder, server-side apply', () => {
    const appset = findObject(objects, 'shop/applicationset.yaml', 'ApplicationSet', 'shop');
    expect(appset.metadata.namespace).toBe('argocd');
    expect(appset.spec.generators).toEqual([{ list: { elements: [
      { cluster: 'east', path: 'dist/shop/east' },
      { cluster: 'west', path: 'dist/shop/west' },
    ] } }]);
    expect(appset.spec.template.spec.source).toEqual({ repoURL: 'https://git.example.com/shop.git', targetRevision: 'main', path: '{{.path}}' });
    expect(appset.spec.template.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'CreateNamespace=false', 'PruneLast=true']);
    // Argo CD rejects an Application whose destination namespace the project does not list (argo-cd#11510).
    expect(appset.spec.template.spec.destination).toEqual({ name: '{{.cluster}}', namespace: 'store' });
  });

  it('confines Argo CD with an AppProject: this repo, these clusters and namespaces, only the rendered cluster-scoped kinds', () => {
    const project = findObject(objects, 'shop/applicationset.yaml', 'AppProject', 'shop');
    expect(project.spec.sourceRepos).toEqual(['https://git.example.com/shop.git']);
    expect(project.spec.destinations).toEqual([{ name: 'east', namespace: 'store' }, { name: 'west', namespace: 'store' }]);
    expect(project.spec.clusterResourceWhitelist).toContainEqual({ group: '', kind: 'Namespace' });
    const appset = findObject(objects, 'shop/applicationset.yaml', 'ApplicationSet', 'shop');
    expect(appset.spec.template.spec.project).toBe('shop');
  });

  it('always renders the ApplicationSet: gitops is required', () => {
    expect(renderObjects(shopPlatform()).filter((o) => o.object.kind === 'ApplicationSet').map((o) => o.file)).toEqual(['shop/applicationset.yaml']);
  });
});
