/**
 * Alert routing of one cluster as a prometheus-operator AlertmanagerConfig: a child route per
 * severity (`severity="critical"` → the pager, `severity="warning"` → the ticket queue), each to
 * a receiver whose credentials are Secret references in the config's own namespace.
 *
 * The operator normally confines an AlertmanagerConfig to alerts whose `namespace` label is its
 * own namespace; the platform's alerts carry other labels (a golden-signal alert names the
 * destination workload's namespace, a backlog alert KEDA's `exported_namespace`), so the
 * kube-prometheus-stack add-on sets `alertmanagerConfigMatcherStrategy: None` and this one
 * config per cluster routes every alert by severity alone.
 */
import { Construct } from 'constructs';
import {
  AlertmanagerConfig, AlertmanagerConfigSpecReceivers, AlertmanagerConfigSpecRouteMatchersMatchType,
} from '../../../imports/prometheus-alertmanagerconfig-monitoring.coreos.com';
import { ALERTING_DEFAULTS } from '../../model/defaults';
import type { AlertingModel } from '../../model/types';
import type { ObjectMetadata } from '../object-metadata';
import { toApiMetadata } from '../object-metadata';

type Receiver = AlertingModel['receivers'][number];

const secret = (ref: { readonly secret: string; readonly key: string }) => ({ name: ref.secret, key: ref.key });

/** The receiver as the CRD spells it; only Secret names and keys, never a credential. */
export function receiverSpec(r: Receiver): AlertmanagerConfigSpecReceivers {
  const c = r.channel;
  if (c.pagerduty) return { name: r.name, pagerdutyConfigs: [{ routingKey: secret(c.pagerduty.routingKey), sendResolved: true }] };
  if (c.opsgenie) return { name: r.name, opsgenieConfigs: [{ apiKey: secret(c.opsgenie.apiKey), sendResolved: true, ...(c.opsgenie.priority ? { priority: c.opsgenie.priority } : {}) }] };
  if (c.webhook) return { name: r.name, webhookConfigs: [{ urlSecret: secret(c.webhook.url), sendResolved: true }] };
  if (c.email) {
    return {
      name: r.name,
      emailConfigs: [{
        to: c.email.to, from: c.email.from, smarthost: c.email.smarthost, sendResolved: true,
        ...(c.email.authUsername ? { authUsername: c.email.authUsername } : {}),
        ...(c.email.authPassword ? { authPassword: secret(c.email.authPassword) } : {}),
      }],
    };
  }
  throw new Error(`receiver ${r.name} has no channel (the validator reports alert-receiver)`);
}

export class AlertRouting extends Construct {
  public readonly config: AlertmanagerConfig;

  constructor(scope: Construct, id: string, props: ObjectMetadata & { readonly alerting: AlertingModel }) {
    super(scope, id);
    const { alerting } = props;
    this.config = new AlertmanagerConfig(this, 'config', {
      metadata: toApiMetadata(props),
      spec: {
        route: {
          receiver: ALERTING_DEFAULTS.unroutedReceiver,
          groupBy: [...ALERTING_DEFAULTS.groupBy],
          groupWait: ALERTING_DEFAULTS.groupWait,
          groupInterval: ALERTING_DEFAULTS.groupInterval,
          routes: alerting.routes.map((r) => ({
            receiver: r.receiver,
            matchers: [{ name: 'severity', value: r.severity, matchType: AlertmanagerConfigSpecRouteMatchersMatchType.VALUE_EQUALS }],
            repeatInterval: r.repeatInterval,
          })),
        },
        receivers: [{ name: ALERTING_DEFAULTS.unroutedReceiver }, ...alerting.receivers.map(receiverSpec)],
      },
    });
  }
}
