import { and, eq, gt, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { rateLimits } from '../../../db/schema.ts';

/** How many attempts a key may have evaluated in a window, and how long it is locked past that. */
export interface AttemptPolicy {
  allowance: number;
  windowMs: number;
  /** The first lock; each further attempt past the allowance doubles it, up to `maxLockMs`. */
  firstLockMs: number;
  maxLockMs: number;
}

/**
 * Claims one attempt for `key` before the guess is checked, in one statement: the counter goes up
 * and, when it reaches the allowance, the key is locked at once; a locked key gets no claim. So
 * however many requests arrive together, at most `allowance` of them (then one per lock period)
 * are ever evaluated: counting after the check let a burst of 200 guesses all through, because
 * every one of them saw the counter before any had failed.
 *
 * Returns the attempt's number in the window, or undefined when the key is locked.
 */
export async function claimAttempt(db: AppDb, key: string, policy: AttemptPolicy, now: number): Promise<number | undefined> {
  const expired = sql`${rateLimits.windowStart} <= ${now - policy.windowMs}`;
  const next = sql`(case when ${expired} then 1 else ${rateLimits.count} + 1 end)`;
  // The doubling lock, in SQL so it is decided by the same statement that counts: 2^n as a shift,
  // capped before the shift could overflow.
  const steps = sql`(${next} - ${policy.allowance})`;
  const lock = sql`(case when ${steps} >= 20 then ${policy.maxLockMs} else min(${policy.maxLockMs}, ${policy.firstLockMs} << ${steps}) end)`;
  const rows = await db
    .insert(rateLimits)
    .values({ key, count: 1, windowStart: now, blockedUntil: policy.allowance <= 1 ? now + policy.firstLockMs : 0 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: next,
        windowStart: sql`case when ${expired} then ${now} else ${rateLimits.windowStart} end`,
        blockedUntil: sql`case when ${next} >= ${policy.allowance} then ${now} + ${lock} else ${rateLimits.blockedUntil} end`,
      },
      setWhere: sql`${rateLimits.blockedUntil} <= ${now}`,
    })
    .returning({ count: rateLimits.count });
  return rows[0]?.count;
}

/**
 * Takes back one claimed attempt that turned out not to be a failure (the right password, or a
 * request refused for another key before it was checked), lifting the lock it may have set. A
 * success only discounts itself: failures already counted stay counted, so an attacker who knows
 * one password cannot use it to wash out guesses at others.
 */
export async function discountAttempt(db: AppDb, key: string, policy: AttemptPolicy): Promise<void> {
  await db
    .update(rateLimits)
    .set({
      count: sql`${rateLimits.count} - 1`,
      blockedUntil: sql`case when ${rateLimits.count} - 1 < ${policy.allowance} then 0 else ${rateLimits.blockedUntil} end`,
    })
    .where(and(eq(rateLimits.key, key), gt(rateLimits.count, 0)));
}
