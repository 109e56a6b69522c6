/**
 * The rule catalogue against the code: every catalogued id is reported somewhere in src/, every
 * reported id is catalogued with the severity it is reported at, and docs/rules.md is current.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { RULES, RULE_IDS, isRuleId } from '../../src/spec/rules/catalogue';
import { IssueCollector } from '../../src/spec/validate';
import { RULES_DOC_PATH, explainRule, renderRulesDoc, suggestRules } from '../../src/spec/rules/catalogue-docs';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

interface Use { id: string; severity: 'error' | 'warning'; at: string }

/**
 * Every `x.report(path, 'id', …)` and `x.warn(path, 'id', …)` in the files, read with the
 * TypeScript parser (so multi-line calls count), plus literals written `'id' satisfies RuleId`
 * for rules whose id travels through a variable.
 */
/** The string literals an expression can evaluate to: itself, or both branches of a conditional. */
function literalsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteralLike(node)) return [node.text];
  if (ts.isConditionalExpression(node)) return [...literalsOf(node.whenTrue), ...literalsOf(node.whenFalse)];
  if (ts.isParenthesizedExpression(node)) return literalsOf(node.expression);
  return [];
}

function ruleUses(files: readonly string[]): Use[] {
  const uses: Use[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const at = (node: ts.Node) => `${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
        && ['report', 'warn'].includes(node.expression.name.text) && node.arguments.length >= 2
        && ts.isStringLiteralLike(node.arguments[1])) {
        uses.push({ id: node.arguments[1].text, severity: node.expression.name.text === 'warn' ? 'warning' : 'error', at: at(node) });
      }
      // The schema's converter reports through a local `push(path, rule, message)`, its rule
      // sometimes chosen by a conditional; and writes `rule: 'id'` in the issues it builds.
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'push' && node.arguments.length >= 2) {
        for (const id of literalsOf(node.arguments[1])) uses.push({ id, severity: 'error', at: at(node) });
      }
      // The add-on rule reports through `missing(rule, …)` and `wrong(rule, …)`.
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['missing', 'wrong'].includes(node.expression.text) && node.arguments.length >= 1) {
        for (const id of literalsOf(node.arguments[0])) uses.push({ id, severity: 'error', at: at(node) });
      }
      // The rendered-tree rules (src/render/tree) report through `findingOn(object, rule, …)`.
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'findingOn' && node.arguments.length >= 2) {
        for (const id of literalsOf(node.arguments[1])) uses.push({ id, severity: RULES[id as keyof typeof RULES]?.severity ?? 'error', at: at(node) });
      }
      if (ts.isPropertyAssignment(node) && node.name.getText(source) === 'rule') {
        for (const id of literalsOf(node.initializer)) uses.push({ id, severity: RULES[id as keyof typeof RULES]?.severity ?? 'error', at: at(node) });
      }
      if (ts.isSatisfiesExpression(node) && ts.isStringLiteralLike(node.expression) && node.type.getText(source) === 'RuleId') {
        uses.push({ id: node.expression.text, severity: RULES[node.expression.text as keyof typeof RULES]?.severity ?? 'error', at: at(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

const uses = ruleUses(sourceFiles(path.join(ROOT, 'src')));

describe('the rule catalogue', () => {
  it('the scan sees the rules, including calls written over several lines', () => {
    expect(uses.length).toBeGreaterThan(150);
    expect(uses.filter((u) => u.id === 'mesh-required').length).toBeGreaterThanOrEqual(4);
    expect(ruleUses([path.join(ROOT, 'src/spec/rules/capacity.ts')]).map((u) => `${u.severity} ${u.id}`))
      .toEqual(['error pool-capacity', 'warning pool-capacity-at-max']);
  });

  it('lists every rule id that src/ reports', () => {
    expect(uses.filter((u) => !isRuleId(u.id)).map((u) => `${u.at} ${u.id}`)).toEqual([]);
  });

  it('lists no rule that src/ never reports', () => {
    const used = new Set(uses.map((u) => u.id));
    expect(RULE_IDS.filter((id) => !used.has(id))).toEqual([]);
  });

  it('gives each rule the severity it is reported at (report → error, warn → warning)', () => {
    expect(uses.filter((u) => isRuleId(u.id) && RULES[u.id].severity !== u.severity).map((u) => `${u.at} ${u.id}`)).toEqual([]);
  });

  it('has a one-line doc and fix hint for every rule', () => {
    for (const id of RULE_IDS) {
      expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const text of [RULES[id].doc, RULES[id].fix]) {
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toContain('\n');
      }
    }
  });

  it('is published as docs/rules.md, and the committed file is current (run `npm run docs:rules`)', () => {
    const committed = fs.readFileSync(path.join(ROOT, RULES_DOC_PATH), 'utf8');
    expect(committed).toBe(renderRulesDoc());
    expect(committed).toContain('| `pool-capacity-at-max` | warning | At maxReplicas the workloads on a node pool exceed');
    const warnings = RULE_IDS.filter((id) => RULES[id].severity === 'warning');
    expect([...warnings].sort()).toEqual(['capacity-target', 'hash-with-canary', 'namespace-quota-skipped', 'node-sysctl-namespaced', 'operating-point', 'pool-capacity-at-max', 'postgres-effective-cache-memory', 'postgres-shared-buffers-share', 'postgres-work-mem-budget', 'rabbitmq-cluster-size', 'rate-limit-per-pod', 'seed-contradiction']);
    expect(committed).toContain(`${RULE_IDS.length} rules: ${RULE_IDS.length - warnings.length} errors, ${warnings.length} warnings.`);
  });

  it('rejects at compile time an id that is not catalogued, or one reported at the other severity (tsc checks these lines)', () => {
    const out = new IssueCollector();
    // @ts-expect-error: 'image-tags' is not a rule id
    out.report('p', 'image-tags', 'typo');
    // @ts-expect-error: hash-with-canary is a warning, not an error
    out.report('p', 'hash-with-canary', 'wrong severity');
    // @ts-expect-error: image-tag is an error, not a warning
    out.warn('p', 'image-tag', 'wrong severity');
    out.warn('p', 'hash-with-canary', 'right');
    expect(out.issues.map((i) => i.rule)).toEqual(['hash-with-canary', 'image-tag', 'image-tags', 'hash-with-canary'].sort());
  });

  it('explains one rule', () => {
    expect(explainRule('image-tag')).toBe(
      'image-tag (error, workload)\n'
      + '  Every image is pinned by a version tag or a sha256 digest, never latest or untagged.\n'
      + '  fix: Use registry/app:1.2.3 or registry/app@sha256:<64 hex characters>.\n');
  });

  it('suggests the ids closest to a mistyped one', () => {
    expect(suggestRules('image-tags')).toEqual(['image-tag']);
    expect(suggestRules('pool-capacty')[0]).toBe('pool-capacity');
    expect(suggestRules('retry')).toEqual(['retry-on', 'retry-budget', 'retry-idempotent']);
    expect(suggestRules('zzzzzzzzzzzz')).toEqual([]);
  });
});
