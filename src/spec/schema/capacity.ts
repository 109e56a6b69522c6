/**
 * The capacity plan: the load a platform is sized for and what its resources cost. `plan --capacity`
 * reads it (seed 000's "Scaling Math" and "Resource Requirements"); the validator warns when a
 * region cannot carry its share of the target even at maxReplicas.
 */
import { z } from 'zod';
import { resourceQuantitiesSchema } from './common';
import { finite, named } from './primitives';

export const unitPricesSchema = named('UnitPrices', z.strictObject({
  perCoreHour: finite().min(0).describe('Price of one requested CPU core for one hour.'),
  perGiBHour: finite().min(0).describe('Price of one requested GiB of memory for one hour.'),
  currency: z.string().optional().describe("Shown beside every amount. @default 'USD'"),
}).describe('Prices per requested core-hour and GiB-hour: requests are what a pod reserves on a node, whatever node type it lands on. A month is 730 hours.'));

export const capacityPlanSchema = named('CapacityPlan', z.strictObject({
  targetRequestsPerSecond: finite().gt(0).describe('Peak requests per second the whole platform serves, split evenly over its regions (seed 000: 1,000,000).'),
  service: z.string().describe('`namespace/service`: the HTTP service that takes that load, e.g. `web/api`.'),
  requestsPerPod: finite().gt(0).optional().describe("Requests per second one pod of that service serves. @default the service's autoscaling.requestsPerSecondPerPod"),
  overheadPerRegion: resourceQuantitiesSchema.optional().describe('CPU and memory each region needs beyond the rendered workloads (monitoring, system daemons), counted in the totals. @default none'),
  prices: unitPricesSchema.optional().describe('Unit prices for the monthly cost; without them no cost is shown.'),
}).describe('The load the platform is sized for, and unit prices for its cost (`plan --capacity`).'));
