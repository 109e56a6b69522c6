import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { specPathOf } from '../constructs/provenance';
import { checkRenderedTree, RenderGateError } from '../render/gate';
import type { FileLayout } from '../render/gate-protocol';
import type { RenderedObject } from '../render/schema-gate';
import { manifestText } from '../render/manifest-text';
import { BackgroundGate } from './background-gate';
import { installFastToJson } from './fast-to-json';
import { ManifestFile, platformCharts } from './platform-charts';
import { SpecIssue } from '../spec/errors';
import { PlatformSpec } from '../spec/types';

// Every ApiObject's toJson() in one pass (same JSON; see fast-to-json.ts).
installFastToJson();

/** Rendered manifests: relative path below dist/ → file content. Sorted by path. */
export type RenderedTree = Map<string, string>;

export { toYamlDocuments } from '../render/manifest-text';

/**
 * Renders every platform into YAML text, each on its own (renderOnePlatform): the warnings of each
 * spec go to `onWarnings` in platform order; a spec that fails throws SpecValidationError, and
 * objects the gate rejects throw RenderGateError with every platform's findings.
 */
export function renderPlatforms(platforms: readonly PlatformSpec[], onWarnings?: (warnings: SpecIssue[]) => void, options: RenderOptions = {}): RenderedTree {
  // In the bundle the gate checks each platform on a second thread while the next one renders.
  const background = options.gate !== false && platforms.length > 0 ? BackgroundGate.start() : undefined;
  if (!background) return mergeRenders(platforms.map((p) => renderOnePlatform(p, options)), onWarnings);
  try {
    const jobs: { id: number; files: FileLayout }[] = [];
    const renders: PlatformRender[] = [];
    // Largest spec first: the gate thread checks it while the smaller ones render, so the last
    // platform rendered, whose check the main thread waits out, is a small one. Results keep the
    // platforms' order (warnings, errors), whatever the order of work.
    for (const i of largestFirst(platforms)) {
      const id = background.begin();
      renders[i] = renderOnePlatform(platforms[i], options, {
        add: (objects) => background.add(id, objects),
        finish: (files) => { background.finish(id, files); jobs[i] = { id, files }; },
      });
    }
    const answers = background.collect();
    return mergeRenders(renders.map((render, i) => {
      if (!jobs[i]) return render;
      const { findings, texts } = answers.get(jobs[i].id)!;
      if (findings.length > 0) return { tree: new Map(), warnings: render.warnings, error: new RenderGateError(findings) };
      return { tree: new Map(jobs[i].files.map((f, k) => [f.path, texts[k]])), warnings: render.warnings };
    }), onWarnings);
  } finally {
    background.close();
  }
}

/** Platform indexes by spec size (JSON characters, a proxy for objects rendered), largest first; ties keep their order. */
function largestFirst(platforms: readonly PlatformSpec[]): number[] {
  const sizes = platforms.map((p) => JSON.stringify(p).length);
  return platforms.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
}

/**
 * Platforms' renders put together: warnings in platform order up to the first platform whose spec
 * fails (that error is thrown), then the gate's findings of every platform in folder order, else
 * the merged tree sorted by path.
 */
export function mergeRenders(renders: readonly PlatformRender[], onWarnings?: (warnings: SpecIssue[]) => void): RenderedTree {
  for (const render of renders) {
    if (render.warnings) onWarnings?.(render.warnings);
    if (render.error && !(render.error instanceof RenderGateError)) throw render.error;
  }
  const byFolder = (r: PlatformRender) => (r.error as RenderGateError).findings[0]?.file.split('/')[0] ?? '';
  const failed = renders.filter((r) => r.error instanceof RenderGateError).sort((a, b) => (byFolder(a) < byFolder(b) ? -1 : byFolder(a) > byFolder(b) ? 1 : 0));
  if (failed.length > 0) throw new RenderGateError(failed.flatMap((r) => (r.error as RenderGateError).findings));
  return new Map(renders.flatMap((r) => [...r.tree]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One platform's render: its files, its spec's warnings, and what stopped it (a spec or gate error). */
export interface PlatformRender {
  readonly tree: RenderedTree;
  readonly warnings?: SpecIssue[];
  readonly error?: unknown;
}

/**
 * One platform, in an App of its own (platforms share nothing, and each is gated on its own: two
 * platforms may both have an AppProject or a cluster folder of the same name), through the render
 * gate unless `options.gate` is false. Never throws: the error comes back in the result.
 */
export function renderOnePlatform(platform: PlatformSpec, options: RenderOptions = {}, defer?: DeferredRender): PlatformRender {
  let warnings: SpecIssue[] | undefined;
  try {
    const files = platformCharts(new App({ outdir: '.unused' }), platform, { onWarnings: (w) => { warnings = w; } });
    return { tree: renderFiles(files, options, defer), warnings };
  } catch (error) {
    return { tree: new Map(), warnings, error };
  }
}

/**
 * Where a platform's objects go instead of the inline gate (renderPlatforms: the background gate,
 * which checks them and writes the files' YAML on its own thread): each file's objects as soon as
 * they are rendered, then the file layout.
 */
export interface DeferredRender {
  add(objects: RenderedObject[]): void;
  finish(files: FileLayout): void;
}

/**
 * The YAML of built charts (all of one App), through the render gate unless `options.gate` is
 * false. With `defer`, the objects and the file layout go there instead and the tree comes back
 * empty: the gate and the YAML are the background gate's (renderPlatforms).
 */
export function renderFiles(files: readonly ManifestFile[], options: RenderOptions = {}, defer?: DeferredRender): RenderedTree {
  const tree: RenderedTree = new Map();
  const rendered: RenderedObject[] = [];
  // One chart's toJson() prepares the whole app once (see chartObjects); the one with the fewest
  // children, because that call also renders the chart's objects, only to be discarded.
  const smallest = files.reduce<ManifestFile | undefined>((best, f) => (best && best.chart.node.children.length <= f.chart.node.children.length ? best : f), undefined);
  smallest?.chart.toJson();
  const layout: { path: string; count: number }[] = [];
  const deferred = options.gate !== false ? defer : undefined;
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const objects = chartObjects(file.chart);
    const fileObjects = objects.map(({ object, specPath }): RenderedObject => ({ file: file.path, object, ...(specPath ? { specPath } : {}) }));
    if (deferred) {
      deferred.add(fileObjects);
      layout.push({ path: file.path, count: objects.length });
      continue;
    }
    for (const o of fileObjects) rendered.push(o);
    tree.set(file.path, manifestText(objects.map((o) => o.object)));
  }
  if (deferred) deferred.finish(layout);
  else if (options.gate !== false) {
    const findings = checkRenderedTree(rendered);
    if (findings.length > 0) throw new RenderGateError(findings);
  }
  return tree;
}

export interface RenderOptions {
  /**
   * Run the render gate (upstream schemas, Argo CD admission, add-on coverage) and throw a
   * RenderGateError on any finding. @default true; only tests that render broken objects on
   * purpose turn it off.
   */
  readonly gate?: boolean;
}

/**
 * What `chart.toJson()` returns, without preparing the whole app again. cdk8s' `Chart.toJson()`
 * resolves the dependencies of, and validates, every construct of the app on each call, so
 * rendering chart by chart cost charts × objects (about 20,000 objects in 166 charts: 200 s).
 * One chart's `toJson()` prepares the app once (renderFiles): dependency resolution reaches its fixed
 * point in one pass and validation does not change the tree. Every chart then takes the rest of
 * cdk8s' own per-chart step (`chartToKube` in cdk8s/lib/app.js):
 * the chart's dependency topology, its own API objects, each `toJson()`; the bytes are the same.
 */
function chartObjects(chart: Chart): { object: unknown; specPath?: string }[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => ({ object: o.toJson(), specPath: specPathOf(o) }));
}
