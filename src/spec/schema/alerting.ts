/**
 * `observability.alerting`: where the rendered alerts go, as one AlertmanagerConfig per cluster.
 * Receivers are declared by name; every credential (PagerDuty routing key, Opsgenie API key,
 * webhook URL, SMTP password) is a Secret reference, never a value, so none reaches dist/.
 */
import { z } from 'zod';
import { mapOf, named } from './primitives';
import { secretKeyRefSchema } from './workers';

const duration = () => z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, { error: "a Prometheus duration such as '30s', '4h' or '1h30m'" });

export const alertReceiverSchema = named('AlertReceiver', z.strictObject({
  pagerduty: z.strictObject({
    routingKey: secretKeyRefSchema.describe('The Events API v2 integration (routing) key.'),
  }).optional().describe('Pages through PagerDuty.'),
  opsgenie: z.strictObject({
    apiKey: secretKeyRefSchema,
    priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional().describe('Opsgenie alert priority. @default the integration\'s'),
  }).optional().describe('Opens Opsgenie alerts.'),
  webhook: z.strictObject({
    url: secretKeyRefSchema.describe('The Secret key holding the URL (ticket-queue URLs usually embed a token).'),
  }).optional().describe('Posts Alertmanager\'s webhook JSON, e.g. to a ticket queue.'),
  email: z.strictObject({
    to: z.string(),
    from: z.string(),
    smarthost: z.string().describe("SMTP server as 'host:port'."),
    authUsername: z.string().optional(),
    authPassword: secretKeyRefSchema.optional(),
  }).optional().describe('Sends e-mail through an SMTP relay.'),
}).describe('Exactly one channel: pagerduty, opsgenie, webhook or email.'));

export const alertRouteSchema = named('AlertRoute', z.strictObject({
  receiver: z.string().describe('A key of `receivers`.'),
  repeatInterval: duration().optional().describe("How often a still-firing alert is sent again. @default '1h' for critical, '12h' otherwise"),
}));

export const alertingSchema = named('Alerting', z.strictObject({
  namespace: z.string().describe('The platform namespace that holds the AlertmanagerConfig, and the Secrets its receivers reference (Alertmanager reads them from there).'),
  receivers: mapOf(alertReceiverSchema).describe('Receivers by name.'),
  routes: mapOf(alertRouteSchema).describe('One route per alert severity the render uses (`critical`, `warning`), keyed by severity: e.g. critical → a pager, warning → a ticket queue.'),
}).describe('Alert routing: rendered as an AlertmanagerConfig; without it, alerts reach only Alertmanager\'s own default route.'));
