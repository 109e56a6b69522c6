/**
 * `validate --tree` rule by rule, on a small hand-written tree: the clean tree yields nothing, and
 * each fault yields exactly the finding (rule, object, file, field path, message) it should.
 */
import { RULES } from '../../../src/spec/rules/catalogue';
import { cleanTree, docOf, findingsOf, Tree } from '../../support/tree-fixtures';

const WEB = 'shop/c1/10-web.yaml';
const at = (name: string, kind: string, rule: string, path: string, message: string, file = WEB, namespace: string | undefined = 'web') =>
  ({ rule, file, kind, ...(namespace ? { namespace } : {}), name, path, message });
const edit = (change: (tree: Tree) => void): Tree => {
  const tree = cleanTree();
  change(tree);
  return tree;
};

describe('validate --tree: the clean fixture', () => {
  it('has no finding, read from the output folder, the platform folder or the cluster folder', () => {
    expect(findingsOf(cleanTree())).toEqual([]);
    expect(findingsOf(cleanTree(), 'shop')).toEqual([]);
    expect(findingsOf(cleanTree(), 'shop/c1')).toEqual([]);
  });
});

describe('validate --tree: one finding per fault', () => {
  it('scale-target-exists: an HPA and a ScaledObject whose target is not rendered', () => {
    const tree = edit((t) => {
      docOf(t, WEB, 'HorizontalPodAutoscaler', 'api').spec.scaleTargetRef.name = 'apx';
      docOf(t, WEB, 'ScaledObject', 'worker').spec.scaleTargetRef = { kind: 'StatefulSet', name: 'worker' };
    });
    expect(findingsOf(tree)).toEqual([
      at('api', 'HorizontalPodAutoscaler', 'scale-target-exists', 'spec.scaleTargetRef.name', 'scales apps/Deployment web/apx, which is not in shop/c1/'),
      at('worker', 'ScaledObject', 'scale-target-exists', 'spec.scaleTargetRef.name', 'scales apps/StatefulSet web/worker, which is not in shop/c1/'),
      // Unscaled now, the worker Deployment's floor is its default 1 replica, and 50% of 1 keeps 1.
      at('worker', 'PodDisruptionBudget', 'pdb-allows-drain', 'spec.minAvailable',
        'minAvailable "50%" keeps 1 of 1 pod(s) (Deployment web/worker at replicas 1): 0 disruptions allowed, so a node drain waits forever'),
    ]);
  });

  it('autoscaled-replicas-unset: replicas on a Deployment an HPA scales', () => {
    const tree = edit((t) => { docOf(t, WEB, 'Deployment', 'api').spec.replicas = 3; });
    expect(findingsOf(tree)).toEqual([
      at('api', 'Deployment', 'autoscaled-replicas-unset', 'spec.replicas',
        'sets replicas: 3 but HorizontalPodAutoscaler web/api scales it; every sync resets the count to 3 and fights the autoscaler'),
    ]);
  });

  it('pdb-selects-pods: a PDB whose selector matches no pod template', () => {
    const tree = edit((t) => { docOf(t, WEB, 'PodDisruptionBudget', 'api').spec.selector = { matchLabels: { app: 'api', tier: 'db' } }; });
    expect(findingsOf(tree)).toEqual([at('api', 'PodDisruptionBudget', 'pdb-selects-pods', 'spec.selector', 'selects no pod template in shop/c1/ namespace web')]);
  });

  it('pdb-allows-drain: minAvailable equal to the HPA floor, 100%, rounding up, maxUnavailable 0', () => {
    const cases: [unknown, unknown, string, string][] = [
      [2, undefined, 'spec.minAvailable', 'minAvailable 2 keeps 2 of 2 pod(s) (Deployment web/api at minReplicas 2): 0 disruptions allowed, so a node drain waits forever'],
      ['100%', undefined, 'spec.minAvailable', 'minAvailable "100%" keeps 2 of 2 pod(s) (Deployment web/api at minReplicas 2): 0 disruptions allowed, so a node drain waits forever'],
      // 51% of 2 pods rounds up to 2, as the disruption controller rounds.
      ['51%', undefined, 'spec.minAvailable', 'minAvailable "51%" keeps 2 of 2 pod(s) (Deployment web/api at minReplicas 2): 0 disruptions allowed, so a node drain waits forever'],
      [undefined, 0, 'spec.maxUnavailable', 'maxUnavailable 0 allows 0 of 2 pod(s) (Deployment web/api at minReplicas 2): 0 disruptions allowed, so a node drain waits forever'],
    ];
    for (const [minAvailable, maxUnavailable, path, message] of cases) {
      const tree = edit((t) => {
        const spec = docOf(t, WEB, 'PodDisruptionBudget', 'api').spec;
        delete spec.maxUnavailable;
        if (minAvailable !== undefined) spec.minAvailable = minAvailable;
        if (maxUnavailable !== undefined) spec.maxUnavailable = maxUnavailable;
      });
      expect(findingsOf(tree)).toEqual([at('api', 'PodDisruptionBudget', 'pdb-allows-drain', path, message)]);
    }
  });

  it('pdb-allows-drain: a budget that lets one pod go at the floor passes (minAvailable 1 of 2; 50% of 2)', () => {
    expect(findingsOf(edit((t) => {
      const spec = docOf(t, WEB, 'PodDisruptionBudget', 'api').spec;
      delete spec.maxUnavailable;
      spec.minAvailable = 1;
    }))).toEqual([]);
  });

  it('pdb-allows-drain: without an autoscaler the floor is spec.replicas (default 1)', () => {
    const tree = edit((t) => {
      t[WEB] = t[WEB].filter((d) => d.kind !== 'HorizontalPodAutoscaler');
      docOf(t, WEB, 'PodDisruptionBudget', 'api').spec = { minAvailable: 1, selector: { matchLabels: { app: 'api' } } };
    });
    expect(findingsOf(tree)).toEqual([at('api', 'PodDisruptionBudget', 'pdb-allows-drain', 'spec.minAvailable',
      'minAvailable 1 keeps 1 of 1 pod(s) (Deployment web/api at replicas 1): 0 disruptions allowed, so a node drain waits forever')]);
  });

  it('service-selects-pods: a Service whose selector matches no pod template', () => {
    const tree = edit((t) => { docOf(t, WEB, 'Service', 'api').spec.selector = { app: 'apx' }; });
    expect(findingsOf(tree)).toEqual([at('api', 'Service', 'service-selects-pods', 'spec.selector',
      'selector {"app":"apx"} matches no pod template in shop/c1/ namespace web, so the Service has no endpoints')]);
  });

  it('service-selects-pods: the pods of an add-on chart installed in the namespace count (app.kubernetes.io/name), elsewhere they do not', () => {
    const nginx = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ingress', namespace: 'web' }, spec: { selector: { 'app.kubernetes.io/name': 'ingress-nginx' }, ports: [{ port: 80 }] } };
    const addon = (namespace: string) => ({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'c1-ingress-nginx', namespace: 'argocd' },
      spec: { project: 'default', source: { repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', targetRevision: '4.11.3' }, destination: { name: 'c1', namespace } },
    });
    const withAddon = (namespace: string) => edit((t) => {
      t[WEB].push(nginx);
      t['shop/addons.yaml'] = [addon(namespace)];
    });
    expect(findingsOf(withAddon('web')).filter((f) => f.rule === 'service-selects-pods')).toEqual([]);
    expect(findingsOf(withAddon('edge')).filter((f) => f.rule === 'service-selects-pods')).toEqual([
      at('ingress', 'Service', 'service-selects-pods', 'spec.selector',
        'selector {"app.kubernetes.io/name":"ingress-nginx"} matches no pod template in shop/c1/ namespace web, so the Service has no endpoints'),
    ]);
  });

  it('mesh-host-registered: DestinationRule and VirtualService hosts that are neither Services nor ServiceEntry hosts', () => {
    const tree = edit((t) => {
      docOf(t, WEB, 'DestinationRule', 'api').spec.host = 'api.shop.svc.cluster.local';
      docOf(t, WEB, 'DestinationRule', 'payments').spec.host = 'payments.example.org';
      docOf(t, WEB, 'VirtualService', 'api').spec.http[0].route[0].destination.host = 'apx';
    });
    expect(findingsOf(tree)).toEqual([
      at('api', 'DestinationRule', 'mesh-host-registered', 'spec.host', "host 'api.shop.svc.cluster.local' is neither a Service nor a ServiceEntry host in shop/c1/, so the mesh has no such destination"),
      at('api', 'VirtualService', 'mesh-host-registered', 'spec.http[0].route[0].destination.host', "host 'apx' is neither a Service nor a ServiceEntry host in shop/c1/, so the mesh has no such destination"),
      at('payments', 'DestinationRule', 'mesh-host-registered', 'spec.host', "host 'payments.example.org' is neither a Service nor a ServiceEntry host in shop/c1/, so the mesh has no such destination"),
    ]);
  });

  it('mesh-host-registered: the hosts of a VirtualService bound only to a gateway are external names', () => {
    const tree = edit((t) => {
      const vs = docOf(t, WEB, 'VirtualService', 'api');
      vs.spec.hosts = ['shop.example.com'];
      vs.spec.gateways = ['edge/public'];
    });
    expect(findingsOf(tree)).toEqual([]);
  });

  it('namespace-rendered: an object in a namespace the cluster folder does not render', () => {
    const tree = edit((t) => { docOf(t, WEB, 'ConfigMap', 'settings').metadata.namespace = 'shop'; });
    expect(findingsOf(tree)).toEqual([at('settings', 'ConfigMap', 'namespace-rendered', 'metadata.namespace',
      "namespace 'shop' is not rendered in shop/c1/ (no Namespace object), so applying the folder to a new cluster fails", WEB, 'shop')]);
    // Built-in namespaces always exist.
    expect(findingsOf(edit((t) => { docOf(t, WEB, 'ConfigMap', 'settings').metadata.namespace = 'kube-system'; }))).toEqual([]);
  });

  it('object-unique: the same group, kind, namespace and name twice in one cluster folder, in another file', () => {
    const tree = edit((t) => { t['shop/c1/20-extra.yaml'] = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'web' }, data: { mode: 'test' } }]; });
    expect(findingsOf(tree)).toEqual([at('settings', 'ConfigMap', 'object-unique', 'metadata.name',
      'core ConfigMap web/settings is also defined in shop/c1/10-web.yaml; the later one silently replaces the earlier on apply', 'shop/c1/20-extra.yaml')]);
    // Same name in another cluster folder is another cluster: no finding.
    const other = cleanTree();
    expect(findingsOf({ ...other, 'shop/c2/00-cluster.yaml': other['shop/c1/00-cluster.yaml'], 'shop/c2/10-web.yaml': other[WEB] })).toEqual([]);
  });

  it('rendered-yaml: a file that does not parse, and a document that is not an object', () => {
    const tree = { ...cleanTree(), 'shop/c1/20-broken.yaml': 'kind: [Service\n', 'shop/c1/30-scalar.yaml': '--- just text\n' };
    expect(findingsOf(tree).map((f) => [f.file, f.rule, f.path, f.message.split(':')[0]])).toEqual([
      ['shop/c1/20-broken.yaml', 'rendered-yaml', 'line 2', 'not valid YAML'],
      ['shop/c1/30-scalar.yaml', 'rendered-yaml', 'document 1', 'is not a Kubernetes object (a mapping with apiVersion and kind)'],
    ]);
  });

  it('upstream-schema: a wrong type on a built-in kind and a broken CEL rule on a CRD kind', () => {
    const tree = edit((t) => {
      docOf(t, WEB, 'Deployment', 'api').spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
      docOf(t, WEB, 'ScaledObject', 'worker').spec.minReplicaCount = 20;
    });
    expect(findingsOf(tree)).toEqual([
      at('api', 'Deployment', 'upstream-schema', 'spec.template.spec.containers[0].ports[0].containerPort', 'must be integer'),
      at('worker', 'ScaledObject', 'upstream-schema', 'spec',
        "minReplicaCount must be less than or equal to maxReplicaCount (x-kubernetes-validations: !has(self.minReplicaCount) || self.minReplicaCount <= (has(self.maxReplicaCount) ? self.maxReplicaCount : 100))"),
    ]);
  });

  it('every rule it reports is in the catalogue, with a doc and a fix, in area render', () => {
    for (const rule of ['scale-target-exists', 'autoscaled-replicas-unset', 'pdb-selects-pods', 'pdb-allows-drain', 'service-selects-pods',
      'mesh-host-registered', 'namespace-rendered', 'object-unique', 'rendered-yaml'] as const) {
      expect(RULES[rule]).toMatchObject({ severity: 'error', area: 'render' });
      expect(RULES[rule].doc.length).toBeGreaterThan(40);
      expect(RULES[rule].fix.length).toBeGreaterThan(10);
    }
  });
});
