/** "Did you mean …" for the schema: the one known key a typo most likely meant. */
import { editDistance } from '../suggest';

/**
 * The candidate a typo most likely meant: same word in another case, else the nearest within a
 * half of the word's length (at least 2 edits), else one the typo is a prefix of. Ties keep the
 * declaration order, so the answer is stable.
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const sameCase = candidates.find((c) => c.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(word.length / 2)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? candidates.find((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower));
}
