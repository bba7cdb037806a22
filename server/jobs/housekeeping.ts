import type { AppDb } from '../../db/client.ts';
import { purgeExpiredLimits } from '../features/limits/index.ts';
import { purgeOldDeliveries } from '../features/outgoing-webhooks/index.ts';
import { purgeExpiredMagicLinks, purgeExpiredReaderSessions } from '../features/readers/index.ts';
import { backfillStats } from '../features/stats/index.ts';

/**
 * The housekeeping job: deletes what only guarded against abuse or let a reader in, once it can no
 * longer matter (spent proofs, old counters, expired sign-in links and reader sessions), and the
 * webhook delivery log past its 30 days. Scheduled
 * by each entry: the timer beside the outbox on Node, a Cron Trigger on Workers.
 */
export async function purgeExpiredGuards(db: AppDb, now: number): Promise<void> {
  await purgeExpiredLimits(db, now);
  await purgeExpiredMagicLinks(db, now);
  await purgeExpiredReaderSessions(db, now);
  await purgeOldDeliveries(db, now);
  // Not a purge, but as cheap once done (one read): an installation upgraded with history gets
  // its overview's rollups built once per site (server/features/stats).
  await backfillStats(db, now);
}
