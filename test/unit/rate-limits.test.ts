import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../db/client.ts';
import { openSqlite } from '../../db/open-sqlite.ts';
import { purgeExpiredGuards } from '../../server/jobs/housekeeping.ts';
import { consume } from '../../server/features/limits/rate-limits.ts';
import { spendOnce } from '../../server/features/limits/spent-tokens.ts';

let db: AppDb;
let close: () => void;
beforeEach(() => ({ db, close } = openSqlite(':memory:')));
afterEach(() => close());

const MINUTE = 60_000;
const T0 = 1_000 * MINUTE; // a bucket boundary

describe('sliding-window rate limit', () => {
  const check = { key: 'k', limit: { limit: 5, windowSeconds: 60 }, sliding: true };

  it('allows the limit, refuses the next, and its Retry-After is exactly when one more fits', async () => {
    // The same burst under two keys: one tries again just before the wait is over, one at it.
    for (const key of ['early', 'on-time']) {
      for (let i = 0; i < 5; i++) expect((await consume(db, { ...check, key }, T0 + 50 * 1000 + i)).allowed).toBe(true);
    }
    const refused = await consume(db, { ...check, key: 'early' }, T0 + 55 * 1000);
    expect(refused).toEqual(await consume(db, { ...check, key: 'on-time' }, T0 + 55 * 1000));
    expect(refused.allowed).toBe(false);
    const at = T0 + 55 * 1000 + refused.retryAfterSeconds * 1000;
    expect((await consume(db, { ...check, key: 'early' }, at - 2000)).allowed).toBe(false);
    expect((await consume(db, { ...check, key: 'on-time' }, at)).allowed).toBe(true);
  });

  it('does not allow a double burst across a window boundary, as a fixed window would', async () => {
    for (let i = 0; i < 5; i++) await consume(db, check, T0 + 59 * 1000);
    expect((await consume(db, check, T0 + 61 * 1000)).allowed).toBe(false);
    const fixed = { ...check, key: 'f', sliding: false };
    for (let i = 0; i < 5; i++) await consume(db, fixed, T0 + 59 * 1000);
    expect((await consume(db, fixed, T0 + 120 * 1000)).allowed).toBe(true);
  });
});

describe('housekeeping', () => {
  it('forgets spent tokens after their expiry and counters after a week, never a running lockout', async () => {
    expect(await spendOnce(db, 'old', T0 - 1)).toBe(true);
    expect(await spendOnce(db, 'live', T0 + MINUTE)).toBe(true);
    expect(await spendOnce(db, 'live', T0 + MINUTE)).toBe(false);
    await db.run(sql`insert into rate_limits (key, count, window_start, blocked_until) values ('stale', 3, ${T0 - 9 * 86_400_000}, 0), ('locked', 3, ${T0 - 9 * 86_400_000}, ${T0 + MINUTE}), ('fresh', 1, ${T0}, 0)`);
    await purgeExpiredGuards(db, T0);
    expect((await db.all<{ key: string }>(sql`select key from spent_tokens`)).map((r) => r.key)).toEqual(['live']);
    expect((await db.all<{ key: string }>(sql`select key from rate_limits order by key`)).map((r) => r.key)).toEqual(['fresh', 'locked']);
  });
});
