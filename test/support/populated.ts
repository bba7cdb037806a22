import { sql } from 'drizzle-orm';
import { identities, suppressions, votes } from '../../db/schema.ts';
import { createSiteIfMissing } from '../../server/features/sites/sites.repo.ts';
import { aComment, addEditor, type Signed, signIn, type TestApp } from './test-app.ts';

export const LIST = '/api/v1/sites/news/comments';

export interface Populated {
  owner: Signed;
  /** Comment ids by a short name. */
  ids: Record<string, string>;
}

async function post(t: TestApp, fields: Record<string, unknown>, site = 'news'): Promise<string> {
  const res = await t.post(`/api/v1/sites/${site}/comments`, aComment(fields));
  if (res.status !== 201) throw new Error(`comment refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.comment.id;
}

/**
 * Fills the test app with a bit of everything an export carries, written through the API where
 * there is one: two sites, settings and word lists, threads with replies, a flag, votes,
 * moderation (audit log), a ban, confirmed and unconfirmed subscribers, a suppression, a broadcast.
 */
export async function populate(t: TestApp): Promise<Populated> {
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  const owner = await signIn(t, 'owner@example.com');
  const mod = await signIn(t, 'mod@example.com');
  await createSiteIfMissing(t.db, { id: 'other', name: 'Other Paper', allowedOrigins: ['https://other.example.org'], moderationMode: 'pre' }, Date.UTC(2026, 10, 25));
  const patched = await t.request('PATCH', '/api/v1/admin/sites/news', { wordLists: { banned: ['scumbag'], suspect: ['idiot'] }, flagThreshold: 5 }, owner.headers);
  if (patched.status !== 200) throw new Error('settings patch failed');

  const ids: Record<string, string> = {};
  ids.root = await post(t, { authorName: 'Ada Reader', authorEmail: 'ada@example.com', body: 'First, with **bold** and a [link](https://example.com).' });
  ids.reply = await post(t, { authorName: 'Bob', authorEmail: 'bob@example.com', body: 'A reply to Ada.', parentId: ids.root });
  ids.adaReply = await post(t, { authorName: 'Ada Reader', authorEmail: 'ada@example.com', body: 'Ada answers Bob.', parentId: ids.reply });
  ids.adaLeaf = await post(t, { authorName: 'Ada Reader', authorEmail: 'ada@example.com', body: 'Ada alone, no replies.', page: '/2026/other-story' });
  ids.bob = await post(t, { authorName: 'Bob', authorEmail: 'bob@example.com', body: 'Bob: “quotes”, émojis 🎉 and a\nnew line.' });
  ids.guest = await post(t, { authorName: 'Guest', body: 'No email at all.' });
  ids.otherSite = await post(t, { authorName: 'Ada Reader', authorEmail: 'ada@example.com', body: 'Ada on the other site.', page: '/x' }, 'other');

  // A signed-in (SSO) reader's comment, and a comment its author deleted after a reply.
  await t.db.insert(identities).values({ id: 'idn-grace', siteId: 'news', kind: 'sso', subject: '4711', email: 'grace@example.com', name: 'Grace', avatarUrl: 'https://example.com/grace.png', createdAt: Date.UTC(2026, 10, 25, 11), lastSeenAt: Date.UTC(2026, 10, 25, 12) });
  await t.db.insert(identities).values({ id: 'idn-ada', siteId: 'news', kind: 'email', subject: 'ada@example.com', email: 'ada@example.com', name: 'Ada Reader', createdAt: Date.UTC(2026, 10, 25, 11), lastSeenAt: Date.UTC(2026, 10, 25, 12) });
  ids.signedIn = await post(t, { authorName: 'Grace', body: 'Written signed in.' });
  await t.db.run(sql`update comments set identity_id = 'idn-grace', author_avatar_url = 'https://example.com/grace.png' where id = ${ids.signedIn}`);
  const gone = await t.post(LIST, aComment({ authorName: 'Regretful', body: 'Soon deleted by its author.' }));
  ids.deleted = gone.body.comment.id;
  await post(t, { authorName: 'Bob', body: 'Answering before it went.', parentId: ids.deleted });
  await t.request('DELETE', `${LIST}/${ids.deleted}`, undefined, { 'X-Edit-Token': gone.body.editToken });

  await t.post(`${LIST}/${ids.bob}/flags`, { reason: 'off-topic', note: 'not about the story' });
  await t.db.insert(votes).values([
    { commentId: ids.root, voterKey: 'voter-1', value: 1, createdAt: Date.UTC(2026, 10, 25, 13) },
    { commentId: ids.root, voterKey: 'voter-2', value: 1, createdAt: Date.UTC(2026, 10, 25, 14) },
  ]);
  await t.post(`/api/v1/admin/comments/${ids.guest}/actions`, { action: 'reject', reason: 'Off topic' }, mod.headers);
  await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'troll@example.com', reason: 'abuse' }, mod.headers);
  await t.post(`/api/v1/admin/sites/news/pages/${encodeURIComponent('/2026/other-story')}/close`, {}, mod.headers);

  await t.post('/api/v1/sites/news/subscriptions', { email: 'ada@example.com', topics: ['newsletter', 'page'], page: '/2026/story' });
  const [confirm] = await t.db.all<{ text: string }>(sql`select text from outbox where to_email = 'ada@example.com' and kind = 'confirm'`);
  const link = /\/newsletter\/confirm\/[\w.-]+/.exec(confirm!.text)![0];
  await t.app.request(link, { method: 'POST' });
  await t.post('/api/v1/sites/news/subscriptions', { email: 'carol@example.com' });
  await t.post('/api/v1/admin/subscribers/import', { site: 'news', csv: 'email,name\ndan@example.com,Dan', consented: true }, owner.headers);
  await t.post('/api/v1/sites/other/subscriptions', { email: 'ada@example.com' });
  await t.db.insert(suppressions).values({ email: 'bounced@example.com', reason: 'bounce', detail: 'mailbox full', createdAt: Date.UTC(2026, 10, 24) });
  await t.post('/api/v1/admin/broadcasts', { site: 'news', subject: 'Weekly', body: 'Hello **readers**' }, owner.headers);
  return { owner, ids };
}
