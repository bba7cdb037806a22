import type { AppDb } from '../../db/client.ts';
import { type DigestContext, type DigestReport, queueDueDigests } from '../features/alerts/index.ts';

/** How often the entries run the digest job: the due check is one indexed read, so every minute. */
export const ALERT_DIGEST_INTERVAL_MS = 60_000;
/** Digests written per batch; a run takes batches until none is due (bounded, see below). */
const BATCH = 200;
/** Batches per run at most, so one run stays short; what is left is due on the next run. */
const MAX_BATCHES = 25;

/**
 * The alert digest job: queues every editor's queue digest that is due (hourly or daily) in the
 * outbox, which the outbox drain then sends. Scheduled by each entry: a timer on Node, the
 * outbox's every-minute Cron Trigger on Workers. Safe to run twice at once (see queueDueDigests).
 */
export async function queueAlertDigests(db: AppDb, ctx: DigestContext): Promise<DigestReport> {
  const total: DigestReport = { queued: 0, quiet: 0 };
  for (let i = 0; i < MAX_BATCHES; i++) {
    const { queued, quiet, more } = await queueDueDigests(db, ctx, BATCH);
    total.queued += queued;
    total.quiet += quiet;
    if (!more) break;
  }
  return total;
}
