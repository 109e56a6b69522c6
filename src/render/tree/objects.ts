/**
 * A rendered tree as the cross-object rules read it: each object with its folder (the cluster it is
 * applied to), identity, and the pods it stands for. Plain JSON in, no cdk8s: the tree may be ours or
 * hand-edited.
 */
import * as path from 'path';
import type { RenderedObject } from '../schema-gate';

export type Json = Record<string, any>;

export const asJson = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});

export interface TreeObject {
  readonly file: string;
  /** The folder of the file: one cluster (or the Argo CD side of a platform) is one folder. */
  readonly folder: string;
  readonly apiVersion: string;
  /** API group: '' for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly object: Json;
}

export function treeObjects(objects: readonly RenderedObject[]): TreeObject[] {
  return objects.map(({ file, object }) => {
    const o = asJson(object);
    const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    const meta = asJson(o.metadata);
    return {
      file,
      folder: path.posix.dirname(file),
      apiVersion,
      group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '',
      kind: typeof o.kind === 'string' ? o.kind : '',
      ...(typeof meta.namespace === 'string' && meta.namespace !== '' ? { namespace: meta.namespace } : {}),
      name: typeof meta.name === 'string' ? meta.name : '',
      object: o,
    };
  });
}

/** `Kind namespace/name`, as every finding names its object. */
export const describeObject = (o: Pick<TreeObject, 'kind' | 'namespace' | 'name'>): string => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/** A folder of Argo CD objects (AppProject, ApplicationSet, Applications): applied to the Argo CD cluster, not a platform cluster. */
export function argoFolders(objects: readonly TreeObject[]): Set<string> {
  return new Set(objects.filter((o) => o.group === 'argoproj.io').map((o) => o.folder));
}

const WORKLOADS: Record<string, (spec: Json) => Json | undefined> = {
  Deployment: (s) => s.template,
  StatefulSet: (s) => s.template,
  DaemonSet: (s) => s.template,
  ReplicaSet: (s) => s.template,
  Job: (s) => s.template,
  CronJob: (s) => asJson(asJson(s.jobTemplate).spec).template,
};

export interface PodSource {
  readonly owner: TreeObject;
  /** Labels of the pods it creates. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every pod template of the tree (and bare Pods), with the labels its pods carry. */
export function podSources(objects: readonly TreeObject[]): PodSource[] {
  const out: PodSource[] = [];
  for (const o of objects) {
    if (o.kind === 'Pod' && o.group === '') {
      out.push({ owner: o, labels: asJson(asJson(o.object.metadata).labels) });
      continue;
    }
    const template = ['apps', 'batch'].includes(o.group) && Object.prototype.hasOwnProperty.call(WORKLOADS, o.kind) ? WORKLOADS[o.kind](asJson(o.object.spec)) : undefined;
    if (template) out.push({ owner: o, labels: asJson(asJson(asJson(template).metadata).labels) });
  }
  return out;
}

/**
 * A LabelSelector (matchLabels and matchExpressions, metav1 semantics) against a pod's labels.
 * An empty selector matches every pod, as policy/v1 PDBs and NetworkPolicies read it.
 */
export function selectorMatches(selector: Json, labels: Readonly<Record<string, string>>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(asJson(selector.matchLabels))) if (!has(key) || labels[key] !== String(value)) return false;
  for (const raw of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const e = asJson(raw);
    const values = (Array.isArray(e.values) ? e.values : []).map(String);
    const key = String(e.key ?? '');
    if (e.operator === 'In' && !(has(key) && values.includes(labels[key]))) return false;
    if (e.operator === 'NotIn' && has(key) && values.includes(labels[key])) return false;
    if (e.operator === 'Exists' && !has(key)) return false;
    if (e.operator === 'DoesNotExist' && has(key)) return false;
  }
  return true;
}

/** A Service's plain map selector, as a LabelSelector. */
export const mapSelector = (selector: Json): Json => ({ matchLabels: selector });

/**
 * Helm charts an add-on Application installs into `folder`'s cluster, by namespace. Their pods are not
 * in the tree; by Helm convention a chart labels its pods `app.kubernetes.io/name: <chart>`, so a
 * selector on that name is taken to select them.
 */
export function addonCharts(objects: readonly TreeObject[], cluster: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const o of objects) {
    if (o.group !== 'argoproj.io' || o.kind !== 'Application') continue;
    const spec = asJson(o.object.spec);
    const destination = asJson(spec.destination);
    if (destination.name !== cluster || typeof destination.namespace !== 'string') continue;
    const sources = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])].map(asJson);
    for (const s of sources) {
      const names = [s.chart, asJson(s.helm).releaseName].filter((n): n is string => typeof n === 'string');
      if (!out.has(destination.namespace)) out.set(destination.namespace, new Set());
      for (const n of names) out.get(destination.namespace)!.add(n);
    }
  }
  return out;
}

/** Whether a selector names the pods of an add-on chart installed in that namespace. */
export function selectsAddonPods(selector: Json, namespace: string | undefined, charts: Map<string, Set<string>>): boolean {
  const name = asJson(selector.matchLabels)['app.kubernetes.io/name'];
  return typeof name === 'string' && namespace !== undefined && (charts.get(namespace)?.has(name) ?? false);
}

/** The cluster a folder renders for: its last path segment (`hyperscale/us-east` → `us-east`). */
export const clusterOfFolder = (folder: string): string => path.posix.basename(folder);
