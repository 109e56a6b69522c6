/**
 * The render gate: what runs on the rendered objects before anything is written. Every object
 * against its upstream schema (schema-gate.ts), then the cross-object rules: Argo CD admits every
 * Application and object it syncs, every cluster has the add-ons its objects need, and every
 * autoscaler metric has a producer (scaling-metrics.ts). A finding
 * stops synth, so the output folder is never left with what a cluster would reject.
 */
import type { RuleId } from '../spec/rules/catalogue';
import { checkAddonsCoverRenderedKinds } from './addon-rules';
import { checkProjectsPermitApplications } from './argocd/applications';
import { checkAlertSeveritiesRouted } from './alert-routing';
import { checkScalingMetricsProduced } from './scaling-metrics';
import { checkNamespaceRules } from './namespace-rules';
import { checkRenderedObjects, RenderedObject } from './schema-gate';

export interface GateFinding {
  /** `upstream-schema`, or the cross-object rule broken. */
  readonly rule: RuleId;
  readonly file: string;
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
  /** The spec path that produced the object: where to make the change. */
  readonly specPath?: string;
}

export function formatGateFinding(f: GateFinding): string {
  return `${f.file}: ${f.object}: ${f.path}: ${f.message} [${f.rule}]${f.specPath ? ` (from spec path ${f.specPath})` : ''}`;
}

/** Every finding on a rendered tree, schema findings first, each group in file order. */
export function checkRenderedTree(objects: readonly RenderedObject[]): GateFinding[] {
  return [...schemaGateFindings(objects), ...crossObjectGateFindings(objects)];
}

/**
 * Each object against its upstream schema. Objects are checked one by one, so the findings of
 * consecutive parts of a tree, put together, are the whole tree's (the gate's thread checks a
 * platform file by file as it is rendered).
 */
export function schemaGateFindings(objects: readonly RenderedObject[]): GateFinding[] {
  return checkRenderedObjects([...objects]).map((f): GateFinding => ({
    rule: 'upstream-schema',
    file: f.file,
    object: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`,
    path: f.path,
    message: f.rule ? `${f.message} (x-kubernetes-validations: ${f.rule})` : f.message,
    ...(f.specPath ? { specPath: f.specPath } : {}),
  }));
}

/** The cross-object rules over a whole tree, each finding with the spec path of its object. */
export function crossObjectGateFindings(objects: readonly RenderedObject[]): GateFinding[] {
  return checkCrossObjectRules(objects).map((f) => withSpecPath(f, objects));
}

/**
 * The gate's cross-object rules (Argo CD admission, add-on coverage and values, autoscaler
 * metrics, alert routing, namespace policy); `validate DIR` runs the same ones on a tree read back.
 * `sourcePrefix`: the folder Argo CD reads the files from (see checkProjectsPermitApplications).
 */
export function checkCrossObjectRules(objects: readonly RenderedObject[], sourcePrefix?: string): GateFinding[] {
  // Add-ons are rendered only for platforms Argo CD delivers (an ApplicationSet beside the
  // cluster folders); elsewhere the README's list of controllers is the contract.
  const delivered = new Set(objects.filter((o) => (o.object as { kind?: string })?.kind === 'ApplicationSet').map((o) => o.file.split('/')[0]));
  // Checked platform by platform: two platforms may each have a cluster folder of the same name.
  const perPlatform = [...delivered].sort().flatMap((platform) => {
    const own = objects.filter((o) => o.file.split('/')[0] === platform);
    return [...checkAddonsCoverRenderedKinds(own), ...checkScalingMetricsProduced(own)];
  });
  return [
    ...checkProjectsPermitApplications(objects, sourcePrefix), ...perPlatform, ...checkAlertSeveritiesRouted(objects), ...checkNamespaceRules(objects),
  ];
}

/** A cross-object finding names its object as `Kind namespace/name`; the spec path is that object's. */
function withSpecPath(finding: GateFinding, objects: readonly RenderedObject[]): GateFinding {
  if (finding.specPath) return finding;
  const match = objects.find((o) => o.specPath && o.file === finding.file && describeObject(o.object) === finding.object);
  return match ? { ...finding, specPath: match.specPath } : finding;
}

function describeObject(object: unknown): string {
  const o = (object ?? {}) as { kind?: string; metadata?: { name?: string; namespace?: string } };
  return `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
}

/** Thrown by the compile pipeline when the render gate finds anything; the CLI prints each line. */
export class RenderGateError extends Error {
  constructor(public readonly findings: readonly GateFinding[]) {
    super(`${findings.length} rendered object finding(s):\n${findings.map((f) => `  ${formatGateFinding(f)}`).join('\n')}`);
    this.name = 'RenderGateError';
  }
}
