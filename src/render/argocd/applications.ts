import type { RuleId } from '../../spec/rules/catalogue';
import type { RenderedObject } from '../schema-gate';
import { AppProjectSpec, Destination, GroupKind, isDestinationPermitted, isGroupKindPermitted, isSourcePermitted } from './project';


/** A cross-object finding on a rendered tree. */
export interface ProjectFinding {
  readonly rule: RuleId & 'argocd-project-permits';
  /** `Kind namespace/name` of the object the finding is about. */
  readonly object: string;
  readonly file: string;
  /** Field path inside that object. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

interface ApplicationView {
  readonly name: string;
  readonly file: string;
  readonly project: string;
  readonly repoURLs: readonly string[];
  readonly paths: readonly string[];
  readonly destination: Destination;
}

type Json = Record<string, any>;
const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/** `{{.key}}` (goTemplate) or `{{key}}` (fasttemplate) replaced from one list element. */
function fillTemplate(value: unknown, element: Json, goTemplate: boolean): unknown {
  if (typeof value === 'string') {
    const pattern = goTemplate ? /\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}/g : /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
    return value.replace(pattern, (whole, key: string) => (Object.prototype.hasOwnProperty.call(element, key) ? String(element[key]) : whole));
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, element, goTemplate));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, element, goTemplate)]));
  }
  return value;
}

function applicationView(name: string, file: string, spec: Json): ApplicationView {
  const sources = [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])].filter((s) => s && typeof s === 'object') as Json[];
  return {
    name,
    file,
    project: typeof spec.project === 'string' && spec.project !== '' ? spec.project : 'default',
    // The generated bindings spell it repoUrl until toJson maps it; accept both.
    repoURLs: sources.map((s) => String(s.repoURL ?? s.repoUrl ?? '')),
    paths: sources.map((s) => String(s.path ?? '')),
    destination: asObject(spec.destination),
  };
}

/** Applications a tree defines: its own, and those its ApplicationSets' list generators produce. */
export function applicationsOf(objects: readonly RenderedObject[]): ApplicationView[] {
  const apps: ApplicationView[] = [];
  for (const { file, object } of objects) {
    const o = asObject(object);
    if (o.apiVersion !== 'argoproj.io/v1alpha1') continue;
    if (o.kind === 'Application') apps.push(applicationView(String(asObject(o.metadata).name), file, asObject(o.spec)));
    if (o.kind !== 'ApplicationSet') continue;
    const spec = asObject(o.spec);
    for (const generator of Array.isArray(spec.generators) ? spec.generators : []) {
      const elements = asObject(asObject(generator).list).elements;
      for (const element of Array.isArray(elements) ? elements : []) {
        const app = asObject(fillTemplate(spec.template, asObject(element), spec.goTemplate === true));
        apps.push(applicationView(String(asObject(app.metadata).name), file, asObject(app.spec)));
      }
    }
  }
  return apps;
}

function groupKindOf(o: Json): GroupKind {
  const apiVersion = String(o.apiVersion ?? '');
  return { group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '', kind: String(o.kind ?? '') };
}

function describe(o: Json): string {
  const meta = asObject(o.metadata);
  return `${o.kind} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}`;
}

/**
 * Every Application the tree generates must be admitted by its AppProject, and so must every
 * object of the folder it syncs: its source repository, its destination, each object's kind
 * (the cluster-scoped whitelist) and namespace. `sourcePrefix` is the folder of the tree inside
 * the repository (`dist/`), so an Application path maps to the tree's files.
 */
export function checkProjectsPermitApplications(objects: readonly RenderedObject[], sourcePrefix = 'dist/'): ProjectFinding[] {
  const projects = new Map<string, AppProjectSpec>();
  for (const { object } of objects) {
    const o = asObject(object);
    if (o.apiVersion === 'argoproj.io/v1alpha1' && o.kind === 'AppProject') projects.set(String(asObject(o.metadata).name), asObject(o.spec));
  }
  // The objects of each folder (an Application syncs one folder, not its subfolders).
  const byFolder = new Map<string, RenderedObject[]>();
  for (const item of objects) {
    const folder = item.file.slice(0, item.file.lastIndexOf('/') + 1);
    if (!byFolder.has(folder)) byFolder.set(folder, []);
    byFolder.get(folder)!.push(item);
  }
  const findings: ProjectFinding[] = [];
  for (const app of applicationsOf(objects)) {
    const at = (path: string, message: string, fix: string) =>
      findings.push({ rule: 'argocd-project-permits', object: `Application argocd/${app.name}`, file: app.file, path, message, fix });
    const project = projects.get(app.project);
    if (!project) {
      if (app.project !== 'default') at('spec.project', `project '${app.project}' is not rendered`, 'render the AppProject beside the ApplicationSet');
      continue;
    }
    app.repoURLs.forEach((url, i) => {
      if (!isSourcePermitted(project, url)) at(`spec.source${app.repoURLs.length > 1 ? `s[${i}]` : ''}.repoURL`, `repository ${url} is not in project '${app.project}' sourceRepos`, 'add the repository to the project');
    });
    if (!isDestinationPermitted(project, app.destination)) {
      const d = app.destination;
      at('spec.destination', `destination ${d.name ?? d.server ?? '(none)'} namespace '${d.namespace ?? ''}' is not permitted by project '${app.project}'`,
        d.namespace ? 'add the destination to the project' : 'set destination.namespace: Argo CD rejects an empty namespace unless the project allows it');
    }
    // Both checks are pure in (kind, scope) and namespace, which a folder's objects repeat: asked once each per Application.
    const kindVerdicts = new Map<string, boolean>();
    const namespaceVerdicts = new Map<string, boolean>();
    const kindPermitted = (gk: GroupKind, namespaced: boolean) => {
      const key = `${gk.group}/${gk.kind}/${namespaced}`;
      let verdict = kindVerdicts.get(key);
      if (verdict === undefined) kindVerdicts.set(key, (verdict = isGroupKindPermitted(project, gk, namespaced)));
      return verdict;
    };
    const namespacePermitted = (namespace: string) => {
      let verdict = namespaceVerdicts.get(namespace);
      if (verdict === undefined) namespaceVerdicts.set(namespace, (verdict = isDestinationPermitted(project, { ...app.destination, namespace })));
      return verdict;
    };
    for (const folder of app.paths) {
      const prefix = `${folder.startsWith(sourcePrefix) ? folder.slice(sourcePrefix.length) : folder}/`;
      for (const { file, object } of byFolder.get(prefix) ?? []) {
        const o = asObject(object);
        const namespace = asObject(o.metadata).namespace as string | undefined;
        const gk = groupKindOf(o);
        if (!kindPermitted(gk, namespace !== undefined)) {
          findings.push({ rule: 'argocd-project-permits', object: describe(o), file, path: 'kind',
            message: `${gk.group || 'core'}/${gk.kind} is not permitted by project '${app.project}' (synced by ${app.name})`,
            fix: namespace ? 'remove it from the namespace resource blacklist' : 'add the kind to clusterResourceWhitelist' });
        } else if (namespace !== undefined && !namespacePermitted(namespace)) {
          findings.push({ rule: 'argocd-project-permits', object: describe(o), file, path: 'metadata.namespace',
            message: `namespace '${namespace}' on ${app.destination.name ?? app.destination.server} is not a destination of project '${app.project}' (synced by ${app.name})`,
            fix: 'add the namespace to the project destinations' });
        }
      }
    }
  }
  return findings;
}
