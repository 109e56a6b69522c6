import type { RuleId } from '../../spec/rules/catalogue';
import { RULES } from '../../spec/rules/catalogue';
import { TreeObject } from './objects';

/** One finding of `validate --tree`: the rule, the object (and its file), the field, what is wrong, and the fix. */
export interface TreeFinding {
  readonly rule: RuleId;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Field path inside the object, as the API server names it; `(root)` for the whole object or file. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** A finding on `o`; the fix defaults to the catalogue entry's. */
export function findingOn(o: Pick<TreeObject, 'file' | 'kind' | 'namespace' | 'name'>, rule: RuleId, path: string, message: string, fix?: string): TreeFinding {
  return {
    rule, severity: RULES[rule].severity, file: o.file, kind: o.kind, ...(o.namespace ? { namespace: o.namespace } : {}), name: o.name,
    path, message, fix: fix ?? RULES[rule].fix,
  };
}

export function formatTreeFinding(f: TreeFinding): string {
  const object = f.kind ? `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ` : '';
  return `${f.file}: ${object}${f.path}: ${f.message} [${f.rule}]`;
}
