import type { AlertDigest } from '../../../db/schema.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/**
 * The daily digest covers the day from 08:00 UTC: early morning in Europe and Africa, the night
 * before in the Americas, so the queue that built up overnight is what a morning shift reads.
 */
export const DAILY_DIGEST_HOUR_UTC = 8;

export type DigestSchedule = Exclude<AlertDigest, 'off'>;

/** Where the digest period that `at` falls in begins (ms): the hour, or the day from 08:00 UTC. */
export function periodStart(schedule: DigestSchedule, at: number): number {
  if (schedule === 'hourly') return Math.floor(at / HOUR_MS) * HOUR_MS;
  const offset = DAILY_DIGEST_HOUR_UTC * HOUR_MS;
  return Math.floor((at - offset) / DAY_MS) * DAY_MS + offset;
}

/** When the next digest is due after `at`: the start of the next period, never within this one. */
export function nextDigestDue(schedule: DigestSchedule, at: number): number {
  return periodStart(schedule, at) + (schedule === 'hourly' ? HOUR_MS : DAY_MS);
}

/** The period's name in the digest's idempotency key: `2026-12-04T08` (hourly) or `2026-12-04` (daily). */
export function periodKey(schedule: DigestSchedule, at: number): string {
  const iso = new Date(periodStart(schedule, at)).toISOString();
  return schedule === 'hourly' ? iso.slice(0, 13) : iso.slice(0, 10);
}

/** How long ago, for an email: "12 min", "3 h", "2 days". */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
