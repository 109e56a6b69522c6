/**
 * Kubernetes resource quantities, parsed just far enough to compare them
 * (requests ≤ limits). Returns NaN for strings Kubernetes would reject.
 */
const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+]?[0-9]+(?:\.[0-9]+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(String(text));
  if (!match) return Number.NaN;
  return Number(match[1]) * SUFFIX[match[2] ?? ''];
}
