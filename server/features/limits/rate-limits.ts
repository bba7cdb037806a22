import type { AppDb } from '../../../db/client.ts';
import { AppError } from '../../errors.ts';
import { type Hashing, webCryptoHashing } from '../../hashing.ts';
import { counterQueries, increment } from './counters.ts';

export interface Limit {
  limit: number;
  windowSeconds: number;
}

export interface LimitCheck {
  key: string;
  limit: Limit;
  /** Sliding windows smooth the edge of fixed ones (no double burst across a boundary). */
  sliding?: boolean;
}

/**
 * Counts one event against `check` and says how long to wait when it is over the limit. Counts live
 * in the database (one upsert), so the limit holds across processes and Workers isolates.
 *
 * The sliding window is the two-bucket estimate: the previous fixed window's count weighted by how
 * much of it still overlaps the last `windowSeconds`, plus the current window's count.
 */
export async function consume(db: AppDb, check: LimitCheck, now: number): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
  const windowMs = check.limit.windowSeconds * 1000;
  const { limit } = check.limit;
  if (!check.sliding) {
    const counter = await increment(db, check.key, windowMs, now);
    if (counter.count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((counter.windowStart + windowMs - now) / 1000)) };
  }
  const bucket = Math.floor(now / windowMs);
  const bucketStart = bucket * windowMs;
  const current = (await increment(db, `${check.key}:${bucket}`, windowMs, bucketStart)).count;
  const previousRow = (await counterQueries(db).count.get({ key: `${check.key}:${bucket - 1}` })) as { count: number } | undefined;
  const previous = previousRow?.count ?? 0;
  const elapsed = (now - bucketStart) / windowMs;
  const estimate = previous * (1 - elapsed) + current;
  if (estimate <= limit) return { allowed: true, retryAfterSeconds: 0 };
  // When one more request would fit again: within this bucket if the current count leaves room,
  // else once this bucket has become the previous one and decayed enough.
  const waitFraction = current + 1 <= limit ? 1 - (limit - current - 1) / previous - elapsed : 1 - elapsed + (1 - (limit - 1) / current);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((waitFraction * windowMs) / 1000)) };
}

/** Applies every check; the first one over its limit answers 429 with Retry-After. */
export async function enforce(db: AppDb, checks: LimitCheck[], now: number, message: (seconds: number) => string): Promise<void> {
  for (const check of checks) {
    const result = await consume(db, check, now);
    if (!result.allowed) {
      throw new AppError('rate_limited', message(result.retryAfterSeconds), undefined, { 'Retry-After': String(result.retryAfterSeconds) });
    }
  }
}

const DAY_MS = 86_400_000;

/**
 * The key a reader's address is counted under. It is keyed with the instance secret and the day, so
 * the stored counters cannot be joined to an address, nor to each other across days.
 */
export async function dailyIpKey(secret: string, ip: string | undefined, now: number, hashing: Hashing = webCryptoHashing): Promise<string> {
  return hashing.hmacHex(secret, `rate:${Math.floor(now / DAY_MS)}:${ip ?? 'unknown'}`);
}

/** Friendly wording of a wait, for messages the API returns. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}
