import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import { digestEmail } from './alert-emails.ts';
import { accountUrl, alertOffUrl, queueUrl } from './alert-links.ts';
import { type DueDigest, digestDoneStatement, digestQuotesStatement, dueDigests, oldestWaiting, type WaitingComment, withdrawIfQuotedErasedStatements } from './alerts.repo.ts';
import { type DigestSchedule, nextDigestDue, periodKey } from './schedule.ts';

/** Comments a digest lists; the total says how many more wait. */
export const DIGEST_COMMENTS = 5;

export interface DigestContext {
  secret: string;
  /** Where links in the emails point (the dashboard, the unsubscribe page). */
  publicUrl: string;
  now: number;
}

export interface DigestReport {
  /** Digests queued in the outbox. */
  queued: number;
  /** Digests that were due with nothing waiting: none is sent. */
  quiet: number;
}

/**
 * Queues the digests due at `ctx.now`, at most `limit` of them: who is due (one indexed read),
 * the oldest waiting comments of their sites (one query), then per digest one atomic write of
 * the email and the next due time. The email's idempotency key names the editor, site and
 * period, so two runs at once, or a run repeated, queue it once; a site with nothing waiting
 * sends nothing and waits for the next period.
 */
export async function queueDueDigests(db: AppDb, ctx: DigestContext, limit: number): Promise<DigestReport & { more: boolean }> {
  const due = await dueDigests(db, ctx.now, limit);
  const report = { queued: 0, quiet: 0, more: due.length === limit };
  if (due.length === 0) return report;
  const bySite = new Map<string, WaitingComment[]>();
  for (const c of await oldestWaiting(db, [...new Set(due.map((d) => d.siteId))], DIGEST_COMMENTS)) {
    bySite.set(c.siteId, [...(bySite.get(c.siteId) ?? []), c]);
  }
  for (const d of due) {
    if (d.digest === 'off') continue;
    const oldest = bySite.get(d.siteId) ?? [];
    await atomic(db, await digestStatements(db, { ...d, digest: d.digest }, oldest, ctx));
    if (oldest.length > 0) report.queued++;
    else report.quiet++;
  }
  return report;
}

/**
 * One due digest's write: the email listing `oldest` (read before this write) with the comments
 * it quotes, and the next due time. When nothing waits, only the next due time.
 */
export async function digestStatements(db: AppDb, d: DueDigest & { digest: DigestSchedule }, oldest: WaitingComment[], ctx: DigestContext): Promise<AtomicStatement[]> {
  const schedule = d.digest;
  const done = digestDoneStatement(db, { editorId: d.editorId, siteId: d.siteId, dueAt: d.digestDueAt, nextDue: nextDigestDue(schedule, ctx.now, d.timeZone), sentAt: oldest.length > 0 ? ctx.now : null });
  if (oldest.length === 0) return [done];
  const links = {
    queue: queueUrl(ctx.publicUrl, d.siteId, 'pending'),
    off: await alertOffUrl(ctx.secret, ctx.publicUrl, { editorId: d.editorId, siteId: d.siteId, kind: 'digest' }),
    account: accountUrl(ctx.publicUrl),
  };
  const storyQueue = (c: WaitingComment) => queueUrl(ctx.publicUrl, d.siteId, 'pending', c.pageKey);
  const email = digestEmail({ siteName: d.siteName, schedule, oldest, waiting: oldest[0]!.waiting, now: ctx.now, links, storyQueue });
  const idempotencyKey = `alert-digest-${d.editorId}-${d.siteId}-${periodKey(schedule, ctx.now, d.timeZone)}`;
  const quoted = oldest.map((c) => c.id);
  return [
    enqueueStatement(db, { siteId: d.siteId, kind: 'alert-digest', to: d.email, ...email, idempotencyKey }, ctx.now),
    // It quotes readers' words: an erasure must find it (privacy/erase.repo.ts)…
    digestQuotesStatement(db, idempotencyKey, quoted),
    // …and one that ran between the read and this write has emptied a quoted comment: then
    // the digest is withdrawn in this same write (the next one lists what still waits).
    ...withdrawIfQuotedErasedStatements(db, idempotencyKey, quoted),
    done,
  ];
}
