/**
 * The rules the schema reports. Each id names one class of shape error, so tests, docs and
 * `validate --explain` can refer to it; the semantic rules live in src/spec/rules and beside.
 */
export const SCHEMA_RULES = {
  'schema-unknown-key': {
    doc: 'A key the spec does not define at this place (often a typo); it would be ignored silently.',
    fix: 'Rename it to the suggested key, or remove it; the message lists every key allowed here.',
  },
  'schema-required': {
    doc: 'A required field is missing.',
    fix: 'Add the field; the JSON Schema (schema/platform.schema.json) shows its type and meaning.',
  },
  'schema-type': {
    doc: 'A value of the wrong type: null, a string where a list belongs, a number where a string belongs, and so on.',
    fix: 'Write the value as the type named in the message; in YAML quote numbers meant as strings, and write lists as `[a, b]` or `- a`.',
  },
  'schema-enum': {
    doc: 'A value outside the fixed set this field allows.',
    fix: 'Use one of the values listed in the message (spelling and case matter).',
  },
  'schema-integer': {
    doc: 'A decimal where Kubernetes stores an integer.',
    fix: 'Round the value to a whole number.',
  },
  'schema-int32': {
    doc: 'An integer beyond the int32 range (-2147483648 to 2147483647), in a field the API server stores as int32; it would reject the object.',
    fix: 'Use a value within the int32 range; counts of this size are usually a typo.',
  },
  'schema-finite': {
    doc: 'A non-finite number (Infinity or NaN, `.inf` or `.nan` in YAML); it cannot be rendered as a Kubernetes quantity or integer.',
    fix: 'Write a finite number.',
  },
  'schema-range': {
    doc: 'A number outside the range the field allows, such as a port outside 1–65535.',
    fix: 'Use a value within the bounds given in the message.',
  },
  'schema-reserved-name': {
    doc: 'A key that is a member of every JavaScript object (`constructor`, `toString`, `__proto__`, …); as a map key it would collide with inherited properties.',
    fix: 'Choose another name for the service, pool, region, profile or other map entry.',
  },
  'schema-invalid': {
    doc: 'A value the schema rejects for another reason (named in the message).',
    fix: 'Correct the value as the message says.',
  },
} as const satisfies Record<string, { doc: string; fix: string }>;

export type SchemaRule = keyof typeof SCHEMA_RULES;
