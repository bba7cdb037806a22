/**
 * The Overview's periods and the calendar days they cover in the editor's time zone. The stats
 * API counts whole calendar days in that zone, so a period is a run of days ending today there;
 * days are stepped on the calendar (not in 24-hour steps), which keeps them right across DST.
 */

export const PERIODS = ['24h', '7d', '30d', '90d'] as const;
export type Period = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: Period = '7d';

export const PERIOD_LABELS: Record<Period, string> = { '24h': '24 h', '7d': '7 d', '30d': '30 d', '90d': '90 d' };
const PERIOD_NAMES: Record<Period, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days' };

/** How the period is read out, e.g. "Last 7 days". */
export function periodName(period: Period): string {
  return PERIOD_NAMES[period];
}

/**
 * Calendar days each period spans, today included. The last 24 hours reach into yesterday (at
 * 09:00 they began yesterday at 09:00), and the API counts whole days, so that period is two days.
 */
const PERIOD_DAYS: Record<Period, number> = { '24h': 2, '7d': 7, '30d': 30, '90d': 90 };

export function parsePeriod(value: string | null): Period {
  return PERIODS.includes(value as Period) ? (value as Period) : DEFAULT_PERIOD;
}

/** The editor's IANA time zone (UTC when the browser does not say). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The calendar date (YYYY-MM-DD) it is in `timeZone` at the instant `now`. */
export function dayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The calendar date `days` after (or before, when negative) the date `day`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // Calendar arithmetic at UTC noon: no zone or DST change can move it to another date.
  return new Date(Date.UTC(y, m - 1, d + days, 12)).toISOString().slice(0, 10);
}

/** What to ask the stats API for a period: its first and last day in the zone, and the zone. */
export function periodRange(period: Period, now: Date, timeZone: string): { from: string; to: string; tz: string } {
  const to = dayIn(now, timeZone);
  return { from: addDays(to, 1 - PERIOD_DAYS[period]), to, tz: timeZone };
}
