import { eq, inArray, sql } from 'drizzle-orm';
import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type EmailEventType, emailEvents, outbox, subscribers, subscriptions, suppressions } from '../../../db/schema.ts';

/** Marks the outbox message Resend delivered. */
export async function markDelivered(db: AppDb, providerId: string, at: number): Promise<void> {
  await db.update(outbox).set({ status: 'delivered', deliveredAt: at }).where(eq(outbox.providerId, providerId));
}

/**
 * Stops mail to addresses that bounced for good or complained, in one write: each goes on the
 * suppression list, its subscribers are blocked and their subscriptions end.
 */
export async function suppressAddresses(db: AppDb, emails: string[], reason: 'bounce' | 'complaint', detail: string, at: number): Promise<void> {
  const blocked = await db.select({ id: subscribers.id }).from(subscribers).where(inArray(subscribers.email, emails)).all();
  await atomic(db, [
    ...emails.map((email) => db.insert(suppressions).values({ email, reason, detail, createdAt: at }).onConflictDoNothing()),
    db.update(subscribers).set({ status: 'blocked', updatedAt: at }).where(inArray(subscribers.email, emails)),
    ...(blocked.length
      ? [db.update(subscriptions).set({ status: 'unsubscribed', unsubscribedAt: at }).where(inArray(subscriptions.subscriberId, blocked.map((b) => b.id)))]
      : []),
  ]);
}

/**
 * Records what happened to the message Resend knows as `providerId`, once per kind: a repeated or
 * replayed event changes nothing (the primary key). Broadcast messages count toward their
 * broadcast's figures in the overview (a trigger keeps those).
 */
export async function recordEmailEvent(db: AppDb, providerId: string, type: Exclude<EmailEventType, 'sent'>, at: number): Promise<void> {
  await db
    .insert(emailEvents)
    .select(sql`SELECT ${outbox.id}, ${type}, ${outbox.siteId}, ${outbox.broadcastId}, ${at} FROM ${outbox} WHERE ${outbox.providerId} = ${providerId}`)
    .onConflictDoNothing();
}
