/** One PrometheusRule holding a namespace's rule groups (see alert-rules.ts for what each rule is). */
import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../../imports/prometheus-prometheusrule-monitoring.coreos.com';
import type { ObjectMetadata } from '../object-metadata';
import { toApiMetadata } from '../object-metadata';
import type { RuleGroup } from './alert-rules';

export class AlertRuleSet extends Construct {
  public readonly rule: PrometheusRule;

  constructor(scope: Construct, id: string, props: ObjectMetadata & { readonly groups: readonly RuleGroup[] }) {
    super(scope, id);
    this.rule = new PrometheusRule(this, 'rule', {
      metadata: toApiMetadata(props),
      spec: {
        groups: props.groups.map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => 'alert' in r
            ? { alert: r.alert, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr), for: r.for, labels: { ...r.labels }, annotations: { ...r.annotations } }
            : { record: r.record, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr) }),
        })),
      },
    });
  }
}
