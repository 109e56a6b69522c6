import { hasOwnEntry } from '../own-entry';
import { CronWindowSpec, Weekday } from './types';

/** Cron day-of-week numbers (Sunday = 0), as KEDA's cron scaler (robfig/cron) reads them. */
export const WEEKDAYS: Readonly<Record<Weekday, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const DAY_SETS: Readonly<Record<string, readonly Weekday[]>> = {
  daily: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
  weekends: ['Sat', 'Sun'],
};

export const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** The days of a window as cron numbers, or undefined when a day is not a known weekday. */
export function windowDays(days: CronWindowSpec['days']): number[] | undefined {
  const list = typeof days === 'string' ? DAY_SETS[days] : days;
  if (!Array.isArray(list) || list.length === 0 || list.some((d) => !hasOwnEntry(WEEKDAYS, d))) return undefined;
  return [...new Set(list.map((d) => WEEKDAYS[d as Weekday]))].sort((a, b) => a - b);
}

/** `[1,2,3,4,5]` → `1-5`, `[0,6]` → `0,6`: runs of three or more become ranges. */
export function dayField(days: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${days[i]}-${days[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(days[k]));
    i = j + 1;
  }
  return parts.join(',');
}

export function minutesOfDay(time: string): number {
  if (time === '24:00') return 24 * 60;
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/**
 * KEDA cron start and end expressions of a window. KEDA holds `desiredReplicas` from the latest
 * start until the next end, so the end carries the same days; a window ending at 24:00 ends at
 * 00:00 of the following days (Friday's 17:00–24:00 ends Saturday 00:00, not Monday's).
 */
export function cronExpressions(window: CronWindowSpec): { start: string; end: string } {
  const days = windowDays(window.days)!;
  const at = (time: string, on: readonly number[]) => {
    const minutes = minutesOfDay(time) % (24 * 60);
    return `${minutes % 60} ${Math.floor(minutes / 60)} * * ${dayField(on)}`;
  };
  const endDays = window.end === '24:00' ? [...new Set(days.map((d) => (d + 1) % 7))].sort((a, b) => a - b) : days;
  return { start: at(window.start, days), end: at(window.end, endDays) };
}
