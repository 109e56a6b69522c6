import { RULES, RuleId } from '../rules/catalogue';

/**
 * The rules the schema reports: the `schema` area of the rule catalogue, one id per class of
 * shape error, so tests, docs and `validate --explain` refer to them like any other rule.
 */
export type SchemaRule = Extract<RuleId, `schema-${string}`>;

export const SCHEMA_RULES = Object.fromEntries(
  Object.entries(RULES).filter(([id]) => id.startsWith('schema-')),
) as { readonly [K in SchemaRule]: (typeof RULES)[K] };
