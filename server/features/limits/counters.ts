import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { rateLimits } from '../../../db/schema.ts';

export interface Counter {
  count: number;
  windowStart: number;
  blockedUntil: number;
}

/**
 * Counts one more event for `key` in a fixed window of `windowMs`, in one statement, so concurrent
 * requests (other processes, other isolates) never lose a count.
 */
export async function increment(db: AppDb, key: string, windowMs: number, now: number): Promise<Counter> {
  const expired = sql`${rateLimits.windowStart} <= ${now - windowMs}`;
  const rows = await db
    .insert(rateLimits)
    .values({ key, count: 1, windowStart: now, blockedUntil: 0 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${expired} then ${now} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart, blockedUntil: rateLimits.blockedUntil });
  return rows[0]!;
}

/** The latest time any of `keys` is blocked until, if one is blocked now. */
export async function blockedUntil(db: AppDb, keys: string[], now: number): Promise<number | undefined> {
  const rows = await db
    .select({ until: rateLimits.blockedUntil })
    .from(rateLimits)
    .where(and(inArray(rateLimits.key, keys), gt(rateLimits.blockedUntil, now)))
    .all();
  return rows.length ? Math.max(...rows.map((r) => r.until)) : undefined;
}

export async function resetCounter(db: AppDb, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
