/**
 * The render gate: what runs on the rendered objects before anything is written. Every object
 * against its upstream schema (schema-gate.ts), then the cross-object rules: Argo CD admits every
 * Application and object it syncs, and every cluster has the add-ons its objects need. A finding
 * stops synth, so the output folder is never left with what a cluster would reject.
 */
import type { RuleId } from '../spec/rules/catalogue';
import { checkAddonsCoverRenderedKinds } from './addon-rules';
import { checkProjectsPermitApplications } from './argocd/applications';
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
}

export function formatGateFinding(f: GateFinding): string {
  return `${f.file}: ${f.object}: ${f.path}: ${f.message} [${f.rule}]`;
}

/** Every finding on a rendered tree, schema findings first, each group in file order. */
export function checkRenderedTree(objects: readonly RenderedObject[]): GateFinding[] {
  // Add-ons are rendered only for platforms Argo CD delivers (an ApplicationSet beside the
  // cluster folders); elsewhere the README's list of controllers is the contract.
  const delivered = new Set(objects.filter((o) => (o.object as { kind?: string })?.kind === 'ApplicationSet').map((o) => o.file.split('/')[0]));
  const addonScope = objects.filter((o) => delivered.has(o.file.split('/')[0]));
  const schema = checkRenderedObjects([...objects]).map((f): GateFinding => ({
    rule: 'upstream-schema',
    file: f.file,
    object: `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`,
    path: f.path,
    message: f.rule ? `${f.message} (x-kubernetes-validations: ${f.rule})` : f.message,
  }));
  return [...schema, ...checkProjectsPermitApplications(objects), ...checkAddonsCoverRenderedKinds(addonScope), ...checkNamespaceRules(objects)];
}

/** Thrown by the compile pipeline when the render gate finds anything; the CLI prints each line. */
export class RenderGateError extends Error {
  constructor(public readonly findings: readonly GateFinding[]) {
    super(`${findings.length} rendered object finding(s):\n${findings.map((f) => `  ${formatGateFinding(f)}`).join('\n')}`);
    this.name = 'RenderGateError';
  }
}
