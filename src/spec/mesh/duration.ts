/** Istio/Go duration strings, restricted to one unit so specs stay readable: `250ms`, `3s`, `5m`, `1h`. */
const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when the string is not a duration of the accepted form. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value);
  return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}

/** The shortest exact form: 3000 → '3s', 1500 → '1500ms'. */
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
