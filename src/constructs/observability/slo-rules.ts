/**
 * Multi-window, multi-burn-rate alerts on the availability SLO (Google SRE workbook, "Alerting
 * on SLOs"). The error budget is the fraction of requests allowed to fail: for 99.99 % it is
 * 1 − 0.9999 = 0.0001, i.e. one request in 10,000, or 4.32 minutes of total outage in 30 days
 * (0.0001 × 30 × 24 × 60). The burn rate is the observed 5xx ratio divided by that budget: at
 * burn rate 1 the budget lasts exactly the 30-day period, at 14.4 it is gone in 50 hours.
 *
 * An alert fires when both its long and its short window burn faster than its rate:
 * - page: 1 h and 5 m above 14.4 × budget (a 0.00144 ratio at 99.99 %) = 2 % of the budget in 1 h;
 *         6 h and 30 m above 6 × budget (0.0006) = 5 % of the budget in 6 h;
 * - ticket: 1 d and 2 h above 3 × budget (0.0003) = 10 % in 1 d; 3 d and 6 h above 1 × (0.0001) = 10 % in 3 d.
 * The long window keeps a short spike from paging; the short window (1/12 of it) ends the alert
 * soon after the burn ends, instead of hours later when the long window forgets.
 * The thresholds are rendered as `(burnRate * budget)` so the arithmetic stays readable in the rule.
 */
import type { ObservabilityModel } from '../../model/types';
import type { AlertRule, RuleGroup } from './alert-rules';
import { errorRatioRecord, ratioSelector, signalsOf } from './promql';

export function burnRateAlertName(longWindow: string): string {
  return `ErrorBudgetBurn${longWindow}`;
}

export function burnRateExpr(namespace: string, long: string, short: string, burnRate: number, budget: number, obs: Pick<ObservabilityModel, 'meshed'> = { meshed: true }): string {
  const s = signalsOf(obs);
  const sel = ratioSelector(s, namespace);
  const threshold = `(${burnRate} * ${budget})`;
  return `${errorRatioRecord(s, long)}${sel} > ${threshold} and ${errorRatioRecord(s, short)}${sel} > ${threshold}`;
}

export function sloRuleGroup(namespace: string, obs: ObservabilityModel): RuleGroup {
  const percent = `${Number((obs.availability * 100).toPrecision(12))} %`;
  const rules: AlertRule[] = obs.sloWindows.map((w) => ({
    alert: burnRateAlertName(w.long),
    expr: burnRateExpr(namespace, w.long, w.short, w.burnRate, obs.errorBudget, obs),
    for: w.for,
    labels: { severity: w.severity, long_window: w.long, short_window: w.short },
    annotations: {
      summary: `Error budget of the ${percent} availability SLO burning at ${w.burnRate}× over ${w.long}`,
      description: `{{ $labels.destination_workload }} in {{ $labels.destination_workload_namespace }} fails {{ $value | humanizePercentage }} of requests over ${w.long} and ${w.short}: at ${w.burnRate}× the ${obs.sloPeriodDays}-day budget.`,
    },
  }));
  return { name: `${namespace}-slo-burn`, rules };
}
