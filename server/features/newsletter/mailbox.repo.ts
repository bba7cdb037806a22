import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { magicLinks, outbox, subscriptions } from '../../../db/schema.ts';

/** How many messages the mailbox shows. */
const SHOWN = 100;

/** The newest outbox rows (the development mailbox and the sent log), of one site or all, to one address or all. */
export async function newestMail(db: AppDb, filter: { siteId?: string | undefined; to?: string | undefined }) {
  const where = [];
  if (filter.siteId) where.push(eq(outbox.siteId, filter.siteId));
  if (filter.to) where.push(eq(outbox.toEmail, filter.to.toLowerCase()));
  return db
    .select()
    .from(outbox)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(SHOWN)
    .all();
}

/** Whether each of these sign-in links (by token hash) was used, and when it expires. */
export async function signInLinkStates(db: AppDb, tokenHashes: string[]) {
  return db.select({ tokenHash: magicLinks.tokenHash, usedAt: magicLinks.usedAt, expiresAt: magicLinks.expiresAt }).from(magicLinks).where(inArray(magicLinks.tokenHash, tokenHashes)).all();
}

/** The status of each of these subscriptions (that still exist). */
export async function subscriptionStatuses(db: AppDb, ids: string[]) {
  return db.select({ id: subscriptions.id, status: subscriptions.status }).from(subscriptions).where(inArray(subscriptions.id, ids)).all();
}
