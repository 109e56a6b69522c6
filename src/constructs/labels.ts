/** Identity and labels are derived in the model (src/model/identity.ts); constructs import them from here. */
export { MANAGED_BY, REGION_LABEL, recommendedLabels, selectorLabels } from '../model/identity';
export type { WorkloadIdentity } from '../model/identity';
