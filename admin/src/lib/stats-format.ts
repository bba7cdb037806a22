/** How the Overview writes its numbers and days. */
import { humanDuration } from './durations.ts';

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
// Complaint and bounce rates matter in hundredths of a percent (mailbox providers act at 0.1 %).
const smallPercent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 });

/** A count, grouped as the editor's locale writes it (1,234). */
export function formatCount(value: number): string {
  return whole.format(value);
}

/** A ratio 0..1 as a percentage, or a dash when there is nothing to divide. */
export function formatRate(value: number | null): string {
  if (value === null) return '–';
  return value > 0 && value < 0.01 ? smallPercent.format(value) : percent.format(value);
}

/** The sum of a series, e.g. a period's total of a per-day count. */
export function total(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** part / whole, or null when whole is zero. */
export function rate(part: number, of: number): number | null {
  return of > 0 ? part / of : null;
}

/** A duration in seconds for people, or a dash when there was none to measure. */
export function formatWait(seconds: number | null): string {
  return seconds === null ? '–' : humanDuration(seconds);
}

/** YYYY-MM-DD as a calendar date (no zone: the day is already the editor's). */
function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "3 Dec", for chart axes. */
export function formatShortDay(day: string): string {
  return shortDay.format(dayDate(day));
}

/** "Thu, 3 Dec 2026", for tables. */
export function formatDay(day: string): string {
  return longDay.format(dayDate(day));
}
