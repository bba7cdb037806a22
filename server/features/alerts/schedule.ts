import type { AlertDigest } from '../../../db/schema.ts';
import { DAY_MS, dayInZone, formatCalendarDate, wallTimeInZone } from '../../calendar-days.ts';

const HOUR_MS = 60 * 60 * 1000;
/**
 * The daily digest covers the day from 08:00 on the editor's clock (the zone their browser gave
 * when they chose it): the queue that built up overnight is what the morning shift reads.
 */
export const DAILY_DIGEST_HOUR = 8;

export type DigestSchedule = Exclude<AlertDigest, 'off'>;

/** The calendar day (UTC midnight) whose 08:00 in `tz` begins the daily period `at` falls in. */
function dailyPeriodDay(at: number, tz: string): number {
  const today = dayInZone(at, tz);
  return at >= wallTimeInZone(today, DAILY_DIGEST_HOUR * HOUR_MS, tz) ? today : today - DAY_MS;
}

/**
 * Where the digest period that `at` falls in begins (ms): the hour (hours are the same
 * everywhere but in a few half-hour zones), or the day from 08:00 in `tz`.
 */
export function periodStart(schedule: DigestSchedule, at: number, tz: string): number {
  if (schedule === 'hourly') return Math.floor(at / HOUR_MS) * HOUR_MS;
  return wallTimeInZone(dailyPeriodDay(at, tz), DAILY_DIGEST_HOUR * HOUR_MS, tz);
}

/**
 * When the next digest is due after `at`: the start of the next period, never within this one.
 * A day with a clock change is 23 or 25 hours long; the digest still comes at 08:00.
 */
export function nextDigestDue(schedule: DigestSchedule, at: number, tz: string): number {
  if (schedule === 'hourly') return periodStart(schedule, at, tz) + HOUR_MS;
  return wallTimeInZone(dailyPeriodDay(at, tz) + DAY_MS, DAILY_DIGEST_HOUR * HOUR_MS, tz);
}

/** The period's name in the digest's idempotency key: `2026-12-04T08` (hourly, UTC) or `2026-12-04` (daily, the editor's date). */
export function periodKey(schedule: DigestSchedule, at: number, tz: string): string {
  if (schedule === 'hourly') return new Date(periodStart(schedule, at, tz)).toISOString().slice(0, 13);
  return formatCalendarDate(dailyPeriodDay(at, tz));
}

/** How long ago, for an email: "12 min", "3 h", "2 days". */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
