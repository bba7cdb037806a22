import { and, desc, eq, sql } from 'drizzle-orm';
import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { broadcasts, outbox, pages } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';

export type BroadcastRow = typeof broadcasts.$inferSelect;

/** How many broadcasts the dashboard's list shows, newest first. */
const LISTED = 100;

export async function findBroadcast(db: AppDb, id: string): Promise<BroadcastRow | undefined> {
  return db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

/** The newest broadcasts of a site. */
export async function listBroadcasts(db: AppDb, siteId: string): Promise<BroadcastRow[]> {
  return db.select().from(broadcasts).where(eq(broadcasts.siteId, siteId)).orderBy(desc(broadcasts.createdAt)).limit(LISTED).all();
}

/** A new draft: Markdown, not sent to anyone yet. */
export async function insertBroadcast(db: AppDb, draft: { siteId: string; subject: string; bodySource: string; createdBy: string; createdAt: number }): Promise<BroadcastRow> {
  const [row] = await db
    .insert(broadcasts)
    .values({ id: newId(), ...draft })
    .returning();
  return row!;
}

/** The page a story update goes out for: its id (the followers' target) and title, if the site has it. */
export async function findStoryPage(db: AppDb, siteId: string, key: string): Promise<{ id: string; title: string | null } | undefined> {
  return db.select({ id: pages.id, title: pages.title }).from(pages).where(and(eq(pages.siteId, siteId), eq(pages.key, key))).get();
}

/**
 * Moves a draft to "sending" and answers it; undefined when it is not a draft of this site. An
 * update guarded by the status, so of two clicks on Send only one gets the draft.
 */
export async function claimDraft(db: AppDb, siteId: string, id: string): Promise<BroadcastRow | undefined> {
  const [claimed] = await db
    .update(broadcasts)
    .set({ status: 'sending' })
    .where(and(eq(broadcasts.id, id), eq(broadcasts.siteId, siteId), eq(broadcasts.status, 'draft')))
    .returning();
  return claimed;
}

/** Marks a broadcast sent; `alsoRun`: its reactions (webhooks), in the same atomic write after it. */
export async function markSent(db: AppDb, id: string, sent: { sentAt: number; recipients: number }, alsoRun: AtomicStatement[] = []): Promise<void> {
  await atomic(db, [db.update(broadcasts).set({ status: 'sent', ...sent }).where(eq(broadcasts.id, id)), ...alsoRun]);
}

/** Delivery counts of a broadcast, from its outbox rows and what came back since. */
export async function broadcastCounts(db: AppDb, id: string) {
  const row = await db
    // The subqueries name outbox columns in full: inside them a bare created_at is ambiguous.
    .select({
      queued: sql<number>`coalesce(sum(case when ${outbox.status} = 'queued' then 1 else 0 end), 0)`,
      sent: sql<number>`coalesce(sum(case when ${outbox.status} in ('sent', 'delivered', 'local') then 1 else 0 end), 0)`,
      delivered: sql<number>`coalesce(sum(case when ${outbox.status} = 'delivered' then 1 else 0 end), 0)`,
      failed: sql<number>`coalesce(sum(case when ${outbox.status} = 'failed' then 1 else 0 end), 0)`,
      suppressed: sql<number>`coalesce(sum(case when ${outbox.status} = 'suppressed' then 1 else 0 end), 0)`,
      bounced: sql<number>`coalesce(sum(case when exists (select 1 from suppressions s where s.email = outbox.to_email and s.reason = 'bounce' and s.created_at >= outbox.created_at) then 1 else 0 end), 0)`,
      complained: sql<number>`coalesce(sum(case when exists (select 1 from suppressions s where s.email = outbox.to_email and s.reason = 'complaint' and s.created_at >= outbox.created_at) then 1 else 0 end), 0)`,
      unsubscribed: sql<number>`coalesce(sum(case when exists (select 1 from subscriptions u join subscribers b on b.id = u.subscriber_id where b.email = outbox.to_email and b.site_id = outbox.site_id and u.topic = 'newsletter' and u.status = 'unsubscribed' and u.unsubscribed_at >= outbox.created_at) then 1 else 0 end), 0)`,
    })
    .from(outbox)
    .where(eq(outbox.broadcastId, id))
    .get();
  return row ?? { queued: 0, sent: 0, delivered: 0, failed: 0, suppressed: 0, bounced: 0, complained: 0, unsubscribed: 0 };
}
