import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { runPreparedWrite } from '../../../db/atomic.ts';
import { preparedPer } from '../../../db/prepared.ts';
import { rateLimits } from '../../../db/schema.ts';

export interface Counter {
  count: number;
  windowStart: number;
  blockedUntil: number;
}

const p = sql.placeholder;

// Every rate-limited request runs these, most of them on every post: prepared once per database.
export const counterQueries = preparedPer((db) => ({
  increment: db
    .insert(rateLimits)
    .values({ key: p('key'), count: 1, windowStart: p('now'), blockedUntil: 0 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${p('expiredAt')} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${p('expiredAt')} then ${p('now')} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart, blockedUntil: rateLimits.blockedUntil })
    .prepare(),
  count: db.select({ count: rateLimits.count }).from(rateLimits).where(eq(rateLimits.key, p('key'))).prepare(),
}));

/**
 * Counts one more event for `key` in a fixed window of `windowMs`, in one statement, so concurrent
 * requests (other processes, other isolates) never lose a count.
 */
export async function increment(db: AppDb, key: string, windowMs: number, now: number): Promise<Counter> {
  // A window that started at or before this instant has expired, and the count starts again.
  const rows = (await runPreparedWrite(db, counterQueries(db).increment, { key, now, expiredAt: now - windowMs })) as Counter[];
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
