import { and, asc, count, eq, gt, inArray, notExists, sql } from 'drizzle-orm';
import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import { queryInChunks } from '../../../db/chunks.ts';
import type { AppDb } from '../../../db/client.ts';
import { comments, outbox, pages, type SignupSource, type SubscriptionTopic, subscribers, subscriptions, suppressions } from '../../../db/schema.ts';
import { newToken } from '../../crypto.ts';
import { newId } from '../../ids.ts';

export interface Subscriber {
  id: string;
  siteId: string;
  email: string;
  status: 'active' | 'blocked';
  token: string;
}

/** Finds or creates the subscriber row of an address on a site. */
export async function upsertSubscriber(db: AppDb, siteId: string, email: string, now: number, name?: string): Promise<Subscriber> {
  await db
    .insert(subscribers)
    .values({ id: newId(), siteId, email, name: name ?? null, token: newToken(), createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [subscribers.siteId, subscribers.email] });
  const row = await db
    .select({ id: subscribers.id, siteId: subscribers.siteId, email: subscribers.email, status: subscribers.status, token: subscribers.token })
    .from(subscribers)
    .where(and(eq(subscribers.siteId, siteId), eq(subscribers.email, email)))
    .get();
  if (!row) throw new Error('subscriber upsert returned nothing');
  return row;
}

export async function findSubscriber(db: AppDb, id: string): Promise<Subscriber | undefined> {
  return db
    .select({ id: subscribers.id, siteId: subscribers.siteId, email: subscribers.email, status: subscribers.status, token: subscribers.token })
    .from(subscribers)
    .where(eq(subscribers.id, id))
    .get();
}

export interface SubscriptionRow {
  id: string;
  topic: SubscriptionTopic;
  target: string;
  status: 'unconfirmed' | 'confirmed' | 'unsubscribed';
}

export async function subscriptionsOf(db: AppDb, subscriberId: string): Promise<SubscriptionRow[]> {
  return db
    .select({ id: subscriptions.id, topic: subscriptions.topic, target: subscriptions.target, status: subscriptions.status })
    .from(subscriptions)
    .where(eq(subscriptions.subscriberId, subscriberId))
    .all();
}

export async function isSuppressed(db: AppDb, email: string): Promise<boolean> {
  return (await db.select({ email: suppressions.email }).from(suppressions).where(eq(suppressions.email, email)).get()) !== undefined;
}

/** Confirmation emails sent to an address since `since`, for throttling. */
export async function confirmationsSince(db: AppDb, email: string, since: number): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.toEmail, email), eq(outbox.kind, 'confirm'), gt(outbox.createdAt, since)))
    .get();
  return row?.n ?? 0;
}

/** Marks the given subscriptions of a subscriber confirmed (those not unsubscribed since). */
/** `alsoRun`: the reactions (webhooks), written in the same atomic write after the change. */
export async function confirmSubscriptions(db: AppDb, subscriberId: string, ids: string[], now: number, alsoRun: AtomicStatement[] = []): Promise<number> {
  if (ids.length === 0) return 0;
  const [rows] = await atomic(db, [
    db
      .update(subscriptions)
      .set({ status: 'confirmed', confirmedAt: now })
      .where(and(eq(subscriptions.subscriberId, subscriberId), inArray(subscriptions.id, ids), eq(subscriptions.status, 'unconfirmed')))
      .returning({ id: subscriptions.id }),
    ...alsoRun,
  ]);
  return (rows as unknown[]).length;
}

/** Unsubscribes from the given subscriptions, or from all of the subscriber's when `ids` is undefined; `alsoRun` as above. */
export async function unsubscribe(db: AppDb, subscriberId: string, ids: string[] | undefined, now: number, alsoRun: AtomicStatement[] = []): Promise<number> {
  const where = [eq(subscriptions.subscriberId, subscriberId), sql`${subscriptions.status} != 'unsubscribed'`];
  if (ids) where.push(inArray(subscriptions.id, ids));
  const [rows] = await atomic(db, [db.update(subscriptions).set({ status: 'unsubscribed', unsubscribedAt: now }).where(and(...where)).returning({ id: subscriptions.id }), ...alsoRun]);
  return (rows as unknown[]).length;
}

/** Turns unsubscribed topics back on for an address that has confirmed before; `alsoRun` as above. */
export async function resubscribe(db: AppDb, subscriberId: string, ids: string[], now: number, alsoRun: AtomicStatement[] = []): Promise<void> {
  await atomic(db, [
    db
      .update(subscriptions)
      .set({ status: 'confirmed', confirmedAt: now, unsubscribedAt: null })
      .where(and(eq(subscriptions.subscriberId, subscriberId), inArray(subscriptions.id, ids), eq(subscriptions.status, 'unsubscribed'))),
    ...alsoRun,
  ]);
}

/** An unsubscribed topic asked for again: it waits for confirmation like a new one. */
export function reopenSubscriptionStatement(db: AppDb, id: string) {
  return db.update(subscriptions).set({ status: 'unconfirmed', unsubscribedAt: null }).where(eq(subscriptions.id, id));
}

/** A new subscription to a topic, waiting for confirmation. */
export function insertSubscriptionStatement(
  db: AppDb,
  r: { id: string; subscriberId: string; topic: SubscriptionTopic; target: string; now: number; source?: SubscriptionSource | undefined },
) {
  return db.insert(subscriptions).values({
    id: r.id,
    subscriberId: r.subscriberId,
    topic: r.topic,
    target: r.target,
    status: 'unconfirmed',
    createdAt: r.now,
    source: r.source?.form ?? null,
    sourcePageId: r.source?.pageId ?? null,
  });
}

/** The reader form a sign-up came from and the page it was on (the overview's sign-ups by story). */
export interface SubscriptionSource {
  form: SignupSource;
  pageId: string | null;
}

/** The id of an existing page, without creating one (a sign-up only names the page it came from). */
export async function existingPageId(db: AppDb, siteId: string, key: string): Promise<string | null> {
  return (await db.select({ id: pages.id }).from(pages).where(and(eq(pages.siteId, siteId), eq(pages.key, key))).get())?.id ?? null;
}

/** Confirms subscriptions without a round trip, when the address is already proven. */
export function confirmAtOnceStatement(db: AppDb, ids: string[], now: number) {
  return db.update(subscriptions).set({ status: 'confirmed', confirmedAt: now }).where(inArray(subscriptions.id, ids));
}

/** The page id for story updates, creating the page row if nobody has commented yet. */
export async function pageIdForUpdates(db: AppDb, siteId: string, key: string, title: string | undefined, now: number): Promise<string> {
  await db.insert(pages).values({ id: newId(), siteId, key, title: title ?? null, createdAt: now, updatedAt: now }).onConflictDoNothing();
  const row = await db.select({ id: pages.id }).from(pages).where(and(eq(pages.siteId, siteId), eq(pages.key, key))).get();
  return row!.id;
}

/**
 * One page of a topic's confirmed subscribers who may be mailed (active, not suppressed), by
 * subscription id after `after`.
 */
export async function recipientsPage(db: AppDb, siteId: string, topic: SubscriptionTopic, target: string, after: string, pageSize: number) {
  return db
    .select({ subscriberId: subscribers.id, subscriptionId: subscriptions.id, email: subscribers.email })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
    .where(
      and(
        eq(subscribers.siteId, siteId),
        eq(subscriptions.topic, topic),
        eq(subscriptions.target, target),
        eq(subscriptions.status, 'confirmed'),
        eq(subscribers.status, 'active'),
        gt(subscriptions.id, after),
        notExists(db.select({ e: suppressions.email }).from(suppressions).where(eq(suppressions.email, subscribers.email))),
      ),
    )
    .orderBy(asc(subscriptions.id))
    .limit(pageSize)
    .all();
}

/**
 * Who is told about a reply to `parentId`: the parent comment's confirmed, active and not
 * suppressed reply subscriber, with the page the comment is on.
 */
export async function replySubscriber(db: AppDb, parentId: string) {
  return db
    .select({
      parentEmail: comments.authorEmail,
      pageUrl: pages.url,
      pageTitle: pages.title,
      subscriberId: subscribers.id,
      subscriptionId: subscriptions.id,
      email: subscribers.email,
    })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .innerJoin(subscriptions, and(eq(subscriptions.topic, 'replies'), eq(subscriptions.target, comments.id), eq(subscriptions.status, 'confirmed')))
    .innerJoin(subscribers, and(eq(subscribers.id, subscriptions.subscriberId), eq(subscribers.status, 'active')))
    .where(and(eq(comments.id, parentId), notExists(db.select({ e: suppressions.email }).from(suppressions).where(eq(suppressions.email, subscribers.email)))))
    .get();
}

/** The page, status and deletion of each comment a reply subscription is about. */
export async function subscribedComments(db: AppDb, ids: string[]) {
  return queryInChunks(ids, (slice) =>
    db.select({ id: comments.id, pageId: comments.pageId, status: comments.status, deletedAt: comments.deletedAt }).from(comments).where(inArray(comments.id, slice)).all(),
  );
}

/** The key, title and address of each page a subscription is about. */
export async function subscribedPages(db: AppDb, ids: string[]) {
  return queryInChunks(ids, (slice) =>
    db.select({ id: pages.id, key: pages.key, title: pages.title, url: pages.url }).from(pages).where(inArray(pages.id, slice)).all(),
  );
}
