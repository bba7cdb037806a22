import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import { queryInChunks } from '../../../db/chunks.ts';
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
}

/** Subscribers matching a search, each with the topics they follow and the status of each. */
export async function searchSubscribers(db: AppDb, q: SubscriberSearch) {
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
  const rows = await db.select().from(subscribers).where(and(...where)).orderBy(desc(subscribers.createdAt)).limit(q.limit).all();
  const subs = rows.length
    ? await queryInChunks(
        rows.map((r) => r.id),
        (ids) => db.select({ subscriberId: subscriptions.subscriberId, topic: subscriptions.topic, status: subscriptions.status }).from(subscriptions).where(inArray(subscriptions.subscriberId, ids)).all(),
      )
    : [];
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
    topics: subs.filter((s) => s.subscriberId === r.id).map((s) => ({ topic: s.topic, status: s.status })),
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
