import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { enqueueManyStatements } from '../../mail/outbox.ts';
import type { Site } from '../sites/index.ts';
import { claimDraft, markSent } from './broadcasts.repo.ts';
import { bulkEmail, renderNewsletterMarkdown } from './newsletter-email.ts';
import { confirmedRecipients, unsubscribeLinks } from './recipients.ts';

/** Statements per atomic write when queueing a large send; keeps each write short. */
const WRITE_CHUNK = 500;

export interface SendContext {
  site: Site;
  secret: string;
  publicUrl: string;
  now: number;
  /** What reacts to the broadcast being sent (server/hooks.ts onBroadcastSent), written with the change. */
  onSent?: (broadcastId: string) => Promise<AtomicStatement[]>;
}

/**
 * Queues one email per confirmed recipient of a topic. The idempotency key names the send and
 * the subscription, so a send that is interrupted and started again never queues anyone twice.
 * @returns the number of recipients.
 */
export async function queueBulkSend(
  db: AppDb,
  ctx: SendContext,
  what: { kind: 'newsletter' | 'story'; topic: 'newsletter' | 'page'; target: string; subject: string; bodySource: string; sendId: string; broadcastId?: string; reason: string },
): Promise<number> {
  let total = 0;
  // The body is the same for everyone: render it once, not once per recipient.
  const bodyHtml = renderNewsletterMarkdown(what.bodySource);
  for await (const page of confirmedRecipients(db, ctx.site.id, what.topic, what.target)) {
    const links = await Promise.all(page.map((r) => unsubscribeLinks(ctx.secret, ctx.publicUrl, r)));
    const emails = page.map((r, i) => ({
      siteId: ctx.site.id,
      kind: what.kind,
      to: r.email,
      ...bulkEmail({ siteName: ctx.site.name, subject: what.subject, bodySource: what.bodySource, bodyHtml, unsubscribe: links[i]!, reason: what.reason }),
      idempotencyKey: `${what.sendId}-${r.subscriptionId}`,
      ...(what.broadcastId ? { broadcastId: what.broadcastId } : {}),
    }));
    const statements = enqueueManyStatements(db, emails, ctx.now);
    for (let i = 0; i < statements.length; i += WRITE_CHUNK) await atomic(db, statements.slice(i, i + WRITE_CHUNK));
    total += page.length;
  }
  return total;
}

/**
 * Sends a draft broadcast to every confirmed newsletter subscriber. Claiming the draft first (an
 * update guarded by its status) means two clicks on Send cannot both send.
 * @returns the recipient count, or undefined if the broadcast was not a draft.
 */
export async function sendBroadcast(db: AppDb, ctx: SendContext, id: string): Promise<number | undefined> {
  const claimed = await claimDraft(db, ctx.site.id, id);
  if (!claimed) return undefined;
  const recipients = await queueBulkSend(db, ctx, {
    kind: 'newsletter',
    topic: 'newsletter',
    target: '',
    subject: claimed.subject,
    bodySource: claimed.bodySource,
    sendId: `broadcast-${id}`,
    broadcastId: id,
    reason: `You receive this because you subscribed to the newsletter of ${ctx.site.name}.`,
  });
  await markSent(db, id, { sentAt: ctx.now, recipients }, (await ctx.onSent?.(id)) ?? []);
  return recipients;
}
