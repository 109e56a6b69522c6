/**
 * alert-severity-routed: in a cluster that renders an AlertmanagerConfig, every severity its
 * PrometheusRules' alerts carry reaches a receiver with a channel, through a child route that
 * matches `severity`. Checked on the rendered tree, where both the alerts and the routes are
 * known, so a new alert with a new severity (or a hand-edited route) cannot notify nobody.
 */
import { clusterOfFile, RenderedObject } from '../constructs/addons/render-facts';
import type { GateFinding } from './gate';

type Json = Record<string, any>;

/** Whether a route's matchers accept `severity=<value>`, and nothing else it requires rules the alert out. */
function routeTakes(route: Json, severity: string): boolean {
  const matchers: Json[] = route?.matchers ?? [];
  const own = matchers.filter((m) => m?.name === 'severity');
  if (own.length === 0 || matchers.length !== own.length) return false;
  return own.every((m) => {
    const type = m.matchType ?? '=';
    if (type === '=') return m.value === severity;
    if (type === '=~') return new RegExp(`^(?:${m.value})$`).test(severity);
    return false;
  });
}

function receiverHasChannel(config: Json, name: string): boolean {
  const receiver = (config.spec?.receivers ?? []).find((r: Json) => r?.name === name);
  return receiver !== undefined && Object.entries(receiver).some(([k, v]) => k.endsWith('Configs') && Array.isArray(v) && v.length > 0);
}

export function checkAlertSeveritiesRouted(objects: readonly RenderedObject[]): GateFinding[] {
  const alerts = new Map<string, Map<string, string[]>>();
  const configs = new Map<string, { file: string; object: Json }[]>();
  for (const { file, object } of objects) {
    const o = object as Json;
    const cluster = clusterOfFile(file);
    if (cluster === undefined) continue;
    const key = `${file.split('/')[0]}/${cluster}`;
    if (o?.kind === 'PrometheusRule') {
      if (!alerts.has(key)) alerts.set(key, new Map());
      for (const g of o.spec?.groups ?? []) {
        for (const r of g?.rules ?? []) {
          if (!r?.alert) continue;
          const severity = String(r.labels?.severity ?? '');
          const names = alerts.get(key)!.get(severity) ?? [];
          if (!names.includes(r.alert)) names.push(r.alert);
          alerts.get(key)!.set(severity, names);
        }
      }
    } else if (o?.kind === 'AlertmanagerConfig') {
      configs.set(key, [...(configs.get(key) ?? []), { file, object: o }]);
    }
  }
  const findings: GateFinding[] = [];
  for (const [key, list] of configs) {
    const bySeverity = alerts.get(key) ?? new Map<string, string[]>();
    for (const [severity, names] of [...bySeverity.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const routed = list.some(({ object }) => (object.spec?.route?.routes ?? []).some((r: Json) => routeTakes(r, severity) && receiverHasChannel(object, r.receiver)));
      if (routed) continue;
      const { file, object } = list[0];
      findings.push({
        rule: 'alert-severity-routed', file,
        object: `AlertmanagerConfig ${object.metadata?.namespace}/${object.metadata?.name}`,
        path: 'spec.route.routes',
        message: `alerts of severity ${JSON.stringify(severity)} (${names.slice(0, 3).join(', ')}${names.length > 3 ? `, +${names.length - 3} more` : ''}) have no route to a receiver with a channel: they would notify nobody`,
        fix: `add observability.alerting.routes.${severity || '<severity>'} naming a receiver`,
      });
    }
  }
  return findings;
}
