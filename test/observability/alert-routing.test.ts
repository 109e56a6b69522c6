/** Alert routing: the AlertmanagerConfig from observability.alerting, its spec rules and alert-severity-routed. */
import { hyperscale } from '../../platforms/hyperscale';
import { checkAlertSeveritiesRouted } from '../../src/render/alert-routing';
import { validatePlatform } from '../../src/spec/validate';
import type { PlatformSpec } from '../../src/spec/types';
import { renderWithAddons } from '../support/addon-fixtures';
import { findObject, renderObjects, shopPlatform } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const WEB = 'hyperscale/us-east/10-web.yaml';
const objects = renderObjects(hyperscale);
const config = findObject(objects, WEB, 'AlertmanagerConfig', 'hyperscale-alert-routing');

function withAlerting(alerting: any): PlatformSpec {
  return { ...hyperscale, observability: { alerting } } as PlatformSpec;
}
const errors = (p: PlatformSpec) => validatePlatform(p).filter((i) => i.severity !== 'warning').map((i) => `${i.path}: ${i.message} [${i.rule}]`);

describe('the AlertmanagerConfig of hyperscale (seed 000: critical pages, warnings are tickets)', () => {
  it('routes severity=critical to PagerDuty and severity=warning to the ticket webhook, exactly', () => {
    expect(config.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(config.metadata.namespace).toBe('web');
    expect(config.spec.route).toEqual({
      receiver: 'unrouted',
      groupBy: ['alertname', 'severity'],
      groupWait: '30s',
      groupInterval: '5m',
      routes: [
        { receiver: 'pager', matchers: [{ name: 'severity', value: 'critical', matchType: '=' }], repeatInterval: '1h' },
        { receiver: 'tickets', matchers: [{ name: 'severity', value: 'warning', matchType: '=' }], repeatInterval: '12h' },
      ],
    });
    expect(schemaErrors(config)).toEqual([]);
  });

  it('references every credential by Secret name and key, and renders no Secret', () => {
    expect(config.spec.receivers).toEqual([
      { name: 'unrouted' },
      { name: 'pager', pagerdutyConfigs: [{ routingKey: { name: 'alertmanager-pagerduty', key: 'routing-key' }, sendResolved: true }] },
      { name: 'tickets', webhookConfigs: [{ urlSecret: { name: 'alertmanager-ticket-webhook', key: 'url' }, sendResolved: true }] },
    ]);
    expect(objects.filter((o) => o.object.kind === 'Secret')).toEqual([]);
  });

  it('is one per cluster, in the namespace the spec names', () => {
    expect(objects.filter((o) => o.object.kind === 'AlertmanagerConfig').map((o) => o.file))
      .toEqual(['hyperscale/apac/10-web.yaml', 'hyperscale/eu-west/10-web.yaml', 'hyperscale/us-east/10-web.yaml']);
  });

  it('has Alertmanager route every alert by severity, not only those labelled with the config namespace', () => {
    const stack = renderWithAddons(hyperscale).find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'hyperscale-us-east-kube-prometheus-stack')!.object;
    expect(stack.spec.source.helm.valuesObject.alertmanager.alertmanagerSpec).toEqual({
      alertmanagerConfigMatcherStrategy: { type: 'None' }, alertmanagerConfigSelector: {}, alertmanagerConfigNamespaceSelector: {},
    });
  });

  it('renders opsgenie and e-mail receivers with their Secrets by reference', () => {
    const spec = withAlerting({
      namespace: 'web',
      receivers: {
        ops: { opsgenie: { apiKey: { secret: 'opsgenie', key: 'api-key' }, priority: 'P1' } },
        mail: { email: { to: 'tickets@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', authUsername: 'alerts', authPassword: { secret: 'smtp', key: 'password' } } },
      },
      routes: { critical: { receiver: 'ops', repeatInterval: '30m' }, warning: { receiver: 'mail' } },
    });
    expect(errors(spec)).toEqual([]);
    const c = findObject(renderObjects(spec), WEB, 'AlertmanagerConfig', 'hyperscale-alert-routing');
    expect(c.spec.receivers.slice(1)).toEqual([
      { name: 'mail', emailConfigs: [{ to: 'tickets@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', sendResolved: true, authUsername: 'alerts', authPassword: { name: 'smtp', key: 'password' } }] },
      { name: 'ops', opsgenieConfigs: [{ apiKey: { name: 'opsgenie', key: 'api-key' }, sendResolved: true, priority: 'P1' }] },
    ]);
    expect(c.spec.route.routes.map((r: any) => `${r.matchers[0].value}→${r.receiver} ${r.repeatInterval}`)).toEqual(['critical→ops 30m', 'warning→mail 12h']);
    expect(schemaErrors(c)).toEqual([]);
  });

  it('renders none without observability.alerting', () => {
    expect(renderObjects(shopPlatform()).filter((o) => o.object.kind === 'AlertmanagerConfig')).toEqual([]);
  });
});

describe('alerting spec rules', () => {
  const receivers = { pager: { pagerduty: { routingKey: { secret: 'pd', key: 'k' } } } };

  it('rejects an unknown namespace, a receiver without or with two channels, and a route to an undeclared receiver', () => {
    expect(errors(withAlerting({
      namespace: 'monitoring',
      receivers: { ...receivers, none: {}, both: { webhook: { url: { secret: 'w', key: 'url' } }, pagerduty: { routingKey: { secret: 'pd', key: 'k' } } } },
      routes: { critical: { receiver: 'pager' }, warning: { receiver: 'tickets' } },
    }))).toEqual([
      "hyperscale.observability.alerting.namespace: namespace 'monitoring' is not a namespace of the platform; the AlertmanagerConfig and the Secrets its receivers read must live in one: data, messaging, web [alert-routing-namespace]",
      "hyperscale.observability.alerting.receivers.both: receiver 'both' has 2 channels (pagerduty, webhook); declare one receiver per channel [alert-receiver]",
      "hyperscale.observability.alerting.receivers.none: receiver 'none' has no channel; give it one of pagerduty, opsgenie, webhook, email [alert-receiver]",
      "hyperscale.observability.alerting.routes.warning.receiver: route for severity 'warning' names receiver 'tickets', which is not declared; receivers: both, none, pager [alert-route-receiver]",
    ]);
  });

  it('rejects a credential given as a value (the schema takes Secret references only)', () => {
    const issues = validatePlatform(withAlerting({ namespace: 'web', receivers: { pager: { pagerduty: { routingKey: 'abc123' } } }, routes: { critical: { receiver: 'pager' } } }));
    expect(issues.map((i) => `${i.path} [${i.rule}]`)).toEqual(['hyperscale.observability.alerting.receivers.pager.pagerduty.routingKey [schema-type]']);
  });
});

describe('alert-severity-routed (render rule)', () => {
  it('passes the hyperscale render', () => {
    expect(checkAlertSeveritiesRouted(objects)).toEqual([]);
  });

  it('names the severity, its alerts and the fix when a severity has no route', () => {
    const found = checkAlertSeveritiesRouted(renderObjects(withAlerting({ namespace: 'web', receivers: { pager: { pagerduty: { routingKey: { secret: 'pd', key: 'k' } } } }, routes: { critical: { receiver: 'pager' } } })));
    expect(found.filter((f) => f.file === WEB)).toEqual([{
      rule: 'alert-severity-routed', file: WEB, object: 'AlertmanagerConfig web/hyperscale-alert-routing', path: 'spec.route.routes',
      message: 'alerts of severity "warning" (ContainerCpuHigh, HpaPinnedAtMaxReplicas, PdbNoDisruptionsAllowed, +6 more) have no route to a receiver with a channel: they would notify nobody',
      fix: 'add observability.alerting.routes.warning naming a receiver',
    }]);
    expect(found.map((f) => f.file)).toEqual(['hyperscale/apac/10-web.yaml', 'hyperscale/eu-west/10-web.yaml', WEB]);
  });

  it('counts alerts of every namespace of the cluster, and a route to a receiver without a channel as no route', () => {
    const copy = structuredClone(objects);
    const c = copy.find((o) => o.file === WEB && o.object.kind === 'AlertmanagerConfig')!.object;
    c.spec.receivers = c.spec.receivers.map((r: any) => (r.name === 'pager' ? { name: 'pager' } : r));
    const found = checkAlertSeveritiesRouted(copy);
    expect(found.map((f) => f.message.split(' (')[0])).toEqual(['alerts of severity "critical"']);
    // The data namespace's PodCrashLooping is critical too, and routed by the same config.
    expect(found[0].message).toContain('PodCrashLooping');
  });
});
