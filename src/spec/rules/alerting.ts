/**
 * `observability.alerting`: each receiver has exactly one channel, each route names a declared
 * receiver, and the AlertmanagerConfig's namespace is one the platform renders (its Secrets must
 * live there). Whether every rendered severity has a route is checked on the render
 * (src/render/alert-routing.ts), where the alerts are known.
 */
import { ALERTING_DEFAULTS } from '../../model/defaults';
import { sortedKeys } from '../resolve';
import type { PlatformSpec } from '../types';
import type { IssueCollector } from '../validate';

const CHANNELS = ['pagerduty', 'opsgenie', 'webhook', 'email'] as const;

export function checkAlerting(platform: PlatformSpec, out: IssueCollector): void {
  const alerting = platform.observability?.alerting;
  if (!alerting) return;
  const path = `${platform.name}.observability.alerting`;
  if (!Object.prototype.hasOwnProperty.call(platform.namespaces, alerting.namespace)) {
    out.report(`${path}.namespace`, 'alert-routing-namespace',
      `namespace '${alerting.namespace}' is not a namespace of the platform; the AlertmanagerConfig and the Secrets its receivers read must live in one: ${sortedKeys(platform.namespaces).join(', ')}`);
  }
  for (const name of sortedKeys(alerting.receivers)) {
    if (name === ALERTING_DEFAULTS.unroutedReceiver) {
      out.report(`${path}.receivers.${name}`, 'alert-receiver', `receiver name '${name}' is the render's own catch-all receiver (no channel); choose another name`);
    }
    const set = CHANNELS.filter((c) => alerting.receivers[name][c] !== undefined);
    if (set.length !== 1) {
      out.report(`${path}.receivers.${name}`, 'alert-receiver',
        set.length === 0 ? `receiver '${name}' has no channel; give it one of ${CHANNELS.join(', ')}` : `receiver '${name}' has ${set.length} channels (${set.join(', ')}); declare one receiver per channel`);
    }
  }
  for (const severity of sortedKeys(alerting.routes)) {
    const receiver = alerting.routes[severity].receiver;
    if (!Object.prototype.hasOwnProperty.call(alerting.receivers, receiver)) {
      out.report(`${path}.routes.${severity}.receiver`, 'alert-route-receiver',
        `route for severity '${severity}' names receiver '${receiver}', which is not declared; receivers: ${sortedKeys(alerting.receivers).join(', ') || '(none)'}`);
    }
  }
}
