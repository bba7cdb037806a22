import { and, lt, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { rateLimits, spentTokens } from '../../../db/schema.ts';

/** No window is longer than a week (site settings cap it), so older counters are never read again. */
const COUNTER_RETENTION_MS = 8 * 86_400_000;

/** Deletes spent proofs past their expiry and counters past every window: they can no longer matter. */
export async function purgeExpiredLimits(db: AppDb, now: number): Promise<void> {
  await db.delete(spentTokens).where(lt(spentTokens.expiresAt, now));
  await db.delete(rateLimits).where(and(lt(rateLimits.windowStart, now - COUNTER_RETENTION_MS), lte(rateLimits.blockedUntil, now)));
}
