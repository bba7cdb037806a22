import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '../../../db/client.ts';
import { comments, pages, subscribers, subscriptions, votes } from '../../../db/schema.ts';

/** A signed-in reader's comments on their site, whatever their status, with the page each is on. */
export async function readerComments(db: AppDb, identityId: string, siteId: string) {
  return db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      pageKey: pages.key,
      pageUrl: pages.url,
      pageTitle: pages.title,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      body: comments.bodySource,
      status: comments.status,
      score: comments.score,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
    })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(eq(comments.identityId, identityId), eq(comments.siteId, siteId)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();
}

/** The votes cast under a voter key on comments of the site, with each comment's page key. */
export async function readerVotes(db: AppDb, voterKey: string, siteId: string) {
  const voted = alias(comments, 'voted');
  return db
    .select({ commentId: votes.commentId, value: votes.value, createdAt: votes.createdAt, pageKey: pages.key })
    .from(votes)
    .innerJoin(voted, eq(voted.id, votes.commentId))
    .innerJoin(pages, eq(pages.id, voted.pageId))
    .where(and(eq(votes.voterKey, voterKey), eq(voted.siteId, siteId)))
    .orderBy(asc(votes.createdAt))
    .all();
}

/** The subscriptions of an email address on the site. */
export async function readerSubscriptions(db: AppDb, siteId: string, email: string) {
  return db
    .select({ topic: subscriptions.topic, target: subscriptions.target, status: subscriptions.status, createdAt: subscriptions.createdAt, confirmedAt: subscriptions.confirmedAt, unsubscribedAt: subscriptions.unsubscribedAt, pageKey: pages.key })
    .from(subscriptions)
    .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
    // A story subscription's target is its page; name the page by its key, as readers know it.
    .leftJoin(pages, and(eq(subscriptions.topic, 'page'), eq(pages.id, subscriptions.target)))
    .where(and(eq(subscribers.siteId, siteId), eq(subscribers.email, email)))
    .orderBy(asc(subscriptions.createdAt))
    .all();
}
