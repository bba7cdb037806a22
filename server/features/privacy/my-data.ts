import type { AppDb } from '../../../db/client.ts';
import { type Identity, identityJson, voterKeyOf } from '../readers/index.ts';
import { readerComments, readerSubscriptions, readerVotes } from './reader-data.repo.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Everything this site holds about a signed-in reader, as they may take it away: their identity,
 * their comments (whatever their status, with the page each is on), their votes, and the
 * subscriptions of their identity's email address. Keyed hashes (IP, browser) are left out: they
 * identify nobody, not even the reader.
 */
export async function exportReaderData(db: AppDb, identity: Identity, now: number) {
  const own = await readerComments(db, identity.id, identity.siteId);

  const myVotes = await readerVotes(db, voterKeyOf(identity.id), identity.siteId);

  const subs = identity.email ? await readerSubscriptions(db, identity.siteId, identity.email) : [];

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
