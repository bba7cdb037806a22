import { and, lt, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { rateLimits, spentTokens } from '../../../db/schema.ts';
import { purgeExpiredMagicLinks } from '../readers/magic-links.ts';
import { purgeExpiredReaderSessions } from '../readers/reader-sessions.ts';

/** No window is longer than a week (site settings cap it), so older counters are never read again. */
const COUNTER_RETENTION_MS = 8 * 86_400_000;

/**
 * Deletes what only guarded against abuse and can no longer matter: spent proofs past their expiry
 * and counters past every window; also readers' sign-in links and sessions past theirs. Run by the outbox timer (Node) and the cron (Workers).
 */
export async function purgeExpiredGuards(db: AppDb, now: number): Promise<void> {
  await db.delete(spentTokens).where(lt(spentTokens.expiresAt, now));
  await db.delete(rateLimits).where(and(lt(rateLimits.windowStart, now - COUNTER_RETENTION_MS), lte(rateLimits.blockedUntil, now)));
  await purgeExpiredMagicLinks(db, now);
  await purgeExpiredReaderSessions(db, now);
}
