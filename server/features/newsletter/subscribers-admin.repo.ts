import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type SubscriptionStatus, type SubscriptionTopic, subscribers, subscriptions } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';

/** The dashboard's subscriber search: one site, optional filters, newest first. */
export interface SubscriberSearch {
  siteId: string;
  /** A subscription status, or `blocked` for blocked subscribers. */
  status?: SubscriptionStatus | 'blocked' | undefined;
  topic?: SubscriptionTopic | undefined;
  /** Part of the address. */
  q?: string | undefined;
  limit: number;
  /** Only those listed after this one (keyset: created_at, id), for reading a whole list in pages. */
  after?: SubscriberCursor | undefined;
}

export interface SubscriberCursor {
  createdAt: number;
  id: string;
}

export interface SubscriberRow {
  id: string;
  email: string;
  name: string | null;
  status: typeof subscribers.$inferSelect.status;
  createdAt: string;
  topics: { topic: SubscriptionTopic; status: SubscriptionStatus }[];
  /** Where the next page starts. */
  cursor: SubscriberCursor;
}

/**
 * Subscribers matching a search, each with the topics they follow and the status of each: one
 * query (the topics as a JSON array per row), newest first off subscribers_site_created_idx, so
 * an export reads a list of any size in pages of a few queries each, on D1 too.
 */
export async function searchSubscribers(db: AppDb, q: SubscriberSearch): Promise<SubscriberRow[]> {
  const where = [eq(subscribers.siteId, q.siteId)];
  if (q.q) where.push(sql`instr(${subscribers.email}, ${q.q.toLowerCase()}) > 0`);
  if (q.status === 'blocked') where.push(eq(subscribers.status, 'blocked'));
  else if (q.status || q.topic) {
    const sub = db
      .select({ id: subscriptions.subscriberId })
      .from(subscriptions)
      .where(and(...[q.status ? eq(subscriptions.status, q.status) : undefined, q.topic ? eq(subscriptions.topic, q.topic) : undefined].filter((x) => x !== undefined)));
    where.push(inArray(subscribers.id, sub));
  }
  if (q.after) where.push(sql`(${subscribers.createdAt}, ${subscribers.id}) < (${q.after.createdAt}, ${q.after.id})`);
  const rows = await db
    .select({
      id: subscribers.id,
      email: subscribers.email,
      name: subscribers.name,
      status: subscribers.status,
      createdAt: subscribers.createdAt,
      // Written out: drizzle names a one-table select's columns unqualified, and "id" inside the
      // subquery would be the subscription's.
      topics: sql<string>`(select json_group_array(json_object('topic', st.topic, 'status', st.status)) from subscriptions st where st.subscriber_id = subscribers.id)`,
    })
    .from(subscribers)
    .where(and(...where))
    .orderBy(desc(subscribers.createdAt), desc(subscribers.id))
    .limit(q.limit)
    .all();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
    topics: JSON.parse(r.topics) as SubscriberRow['topics'],
    cursor: { createdAt: r.createdAt, id: r.id },
  }));
}

/** A subscriber by id, only if it belongs to the site (another site's id is as good as none). */
export async function findSubscriberOfSite(db: AppDb, siteId: string, id: string): Promise<{ id: string; siteId: string } | undefined> {
  return db
    .select({ id: subscribers.id, siteId: subscribers.siteId })
    .from(subscribers)
    .where(and(eq(subscribers.id, id), eq(subscribers.siteId, siteId)))
    .get();
}

/** Confirms the newsletter for an imported subscriber who already agreed to it (no email). */
export async function confirmImportedNewsletter(db: AppDb, subscriberId: string, now: number): Promise<void> {
  await db
    .insert(subscriptions)
    .values({ id: newId(), subscriberId, topic: 'newsletter', target: '', status: 'confirmed', createdAt: now, confirmedAt: now })
    .onConflictDoNothing();
}

/** Deletes a subscriber (its subscriptions go with it). */
export function deleteSubscriberStatement(db: AppDb, id: string): AtomicStatement {
  return db.delete(subscribers).where(eq(subscribers.id, id));
}

/** Ends every subscription of a subscriber that is not ended yet. */
export function unsubscribeAllStatement(db: AppDb, subscriberId: string, now: number): AtomicStatement {
  return db
    .update(subscriptions)
    .set({ status: 'unsubscribed', unsubscribedAt: now })
    .where(and(eq(subscriptions.subscriberId, subscriberId), sql`${subscriptions.status} != 'unsubscribed'`));
}
