import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '../../../db/client.ts';
import { comments, pages, subscribers, subscriptions, votes } from '../../../db/schema.ts';
import { type Identity, identityJson, voterKeyOf } from '../readers/index.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Everything this site holds about a signed-in reader, as they may take it away: their identity,
 * their comments (whatever their status, with the page each is on), their votes, and the
 * subscriptions of their identity's email address. Keyed hashes (IP, browser) are left out: they
 * identify nobody, not even the reader.
 */
export async function exportReaderData(db: AppDb, identity: Identity, now: number) {
  const own = await db
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
    .where(and(eq(comments.identityId, identity.id), eq(comments.siteId, identity.siteId)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();

  const voted = alias(comments, 'voted');
  const myVotes = await db
    .select({ commentId: votes.commentId, value: votes.value, createdAt: votes.createdAt, pageKey: pages.key })
    .from(votes)
    .innerJoin(voted, eq(voted.id, votes.commentId))
    .innerJoin(pages, eq(pages.id, voted.pageId))
    .where(and(eq(votes.voterKey, voterKeyOf(identity.id)), eq(voted.siteId, identity.siteId)))
    .orderBy(asc(votes.createdAt))
    .all();

  const subs = identity.email
    ? await db
        .select({ topic: subscriptions.topic, target: subscriptions.target, status: subscriptions.status, createdAt: subscriptions.createdAt, confirmedAt: subscriptions.confirmedAt, unsubscribedAt: subscriptions.unsubscribedAt, pageKey: pages.key })
        .from(subscriptions)
        .innerJoin(subscribers, eq(subscribers.id, subscriptions.subscriberId))
        // A story subscription's target is its page; name the page by its key, as readers know it.
        .leftJoin(pages, and(eq(subscriptions.topic, 'page'), eq(pages.id, subscriptions.target)))
        .where(and(eq(subscribers.siteId, identity.siteId), eq(subscribers.email, identity.email)))
        .orderBy(asc(subscriptions.createdAt))
        .all()
    : [];

  return {
    exportedAt: iso(now),
    site: identity.siteId,
    identity: identityJson(identity),
    comments: own.map((c) => ({
      id: c.id,
      parentId: c.parentId,
      page: { key: c.pageKey, url: c.pageUrl, title: c.pageTitle },
      authorName: c.authorName,
      authorEmail: c.authorEmail,
      body: c.body,
      status: c.status,
      score: c.score,
      createdAt: iso(c.createdAt),
      editedAt: iso(c.editedAt),
    })),
    votes: myVotes.map((v) => ({ commentId: v.commentId, page: v.pageKey, value: v.value, createdAt: iso(v.createdAt) })),
    subscriptions: subs.map((s) => ({
      topic: s.topic,
      ...(s.topic === 'page' ? { page: s.pageKey } : s.topic === 'replies' ? { commentId: s.target } : {}),
      status: s.status,
      createdAt: iso(s.createdAt),
      confirmedAt: iso(s.confirmedAt),
      unsubscribedAt: iso(s.unsubscribedAt),
    })),
  };
}
