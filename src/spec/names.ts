/** Kubernetes name and label syntax, as the API server enforces it. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Service names are stricter: they must start with a letter (DNS-1035). */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isDns1123Label(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS1123_LABEL.test(name);
}

export function isDns1035Label(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && DNS1035_LABEL.test(name);
}

export function isLabelValue(value: string): boolean {
  return typeof value === 'string' && value.length <= 63 && LABEL_VALUE.test(value);
}
