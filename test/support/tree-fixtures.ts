/**
 * Small hand-written rendered trees for `validate --tree`: one platform folder (`shop/`) with one
 * cluster folder (`shop/c1/`), valid against every schema and rule, and helpers to write a changed
 * copy to disk and validate it.
 */
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as os from 'os';
import { RESTRICTED_NAMESPACE_LABELS } from '../../charts/labels';
import * as path from 'path';
import { TreeFinding } from '../../src/render/tree/finding';
import { loadRenderedTree, validateRenderedTree } from '../../src/render/tree/validate-tree';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;
export type Tree = Record<string, Doc[]>;

const pod = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image: `registry.example.com/${app}:1.0.0` }] },
});

export function cleanTree(): Tree {
  return {
    'shop/c1/00-cluster.yaml': [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { ...RESTRICTED_NAMESPACE_LABELS } } }],
    'shop/c1/10-web.yaml': [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'web' }, spec: { selector: { matchLabels: { app: 'api' } }, template: pod('api') } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'web' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 8000 }] } },
      {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'web' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 5 },
      },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'api', namespace: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', namespace: 'web' }, spec: { selector: { matchLabels: { app: 'worker' } }, template: pod('worker') } },
      {
        apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', metadata: { name: 'worker', namespace: 'web' },
        spec: { scaleTargetRef: { name: 'worker' }, minReplicaCount: 2, maxReplicaCount: 10, triggers: [{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }] },
      },
      {
        apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'worker', namespace: 'web' },
        spec: { minAvailable: '50%', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['worker'] }] } },
      },
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api', namespace: 'web' }, spec: { host: 'api.web.svc.cluster.local' } },
      {
        apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'api', namespace: 'web' },
        spec: { hosts: ['api'], http: [{ route: [{ destination: { host: 'api', port: { number: 8000 } } }] }] },
      },
      {
        apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'payments', namespace: 'web' },
        spec: { hosts: ['*.payments.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ name: 'https', number: 443, protocol: 'TLS' }] },
      },
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'payments', namespace: 'web' }, spec: { host: 'eu.payments.example.com' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'web' }, data: { mode: 'live' } },
    ],
  };
}

/** The documents of `file` whose kind and name match. */
export function docOf(tree: Tree, file: string, kind: string, name: string): Doc {
  const found = tree[file].find((d) => d.kind === kind && d.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${file}`);
  return found;
}

/** Writes the tree (YAML documents, or raw text) under a fresh temporary folder; returns it. */
export function writeTree(tree: Record<string, Doc[] | string>, root = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-tree-'))): string {
  for (const [file, content] of Object.entries(tree)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, typeof content === 'string' ? content : content.map((d) => `---\n${yaml.dump(d, { noRefs: true })}`).join(''));
  }
  return root;
}

/** Every finding on `tree` (rooted at its platform folder's parent), without the fix text. */
export function findingsOf(tree: Record<string, Doc[] | string>, dir = ''): Omit<TreeFinding, 'fix' | 'severity'>[] {
  const root = writeTree(tree);
  try {
    return validateRenderedTree(loadRenderedTree(path.join(root, dir))).map(({ fix, severity, ...rest }) => rest);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
