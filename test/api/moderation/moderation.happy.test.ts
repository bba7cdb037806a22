import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

const LIST = '/api/v1/sites/news/comments';
let t: TestApp;
let owner: Signed;
let mod: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
  mod = await signIn(t, 'mod@example.com');
});
afterEach(() => t.close());

const settings = (patch: Record<string, unknown>) => t.request('PATCH', '/api/v1/admin/sites/news', patch, owner.headers);
const act = (id: string, action: string, reason?: string) => t.post(`/api/v1/admin/comments/${id}/actions`, { action, reason }, mod.headers);
const queue = (status: string, extra = '') => t.get(`/api/v1/admin/comments?site=news&status=${status}${extra}`, mod.headers);
const publicIds = async (page = '/2026/story') => (await t.get(`${LIST}?page=${page}`)).body.comments.map((c: any) => c.id);
async function count(table: string): Promise<number> {
  return (await t.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`))).n;
}

describe('moderation modes', () => {
  it('pre: every comment waits; the answer says pending; approve publishes it and counts it', async () => {
    await settings({ moderationMode: 'pre' });
    const posted = await t.post(LIST, aComment());
    expect(posted.body.comment.status).toBe('pending');
    expect(await publicIds()).toEqual([]);
    const pending = await queue('pending');
    expect(pending.body.comments.map((c: any) => c.id)).toEqual([posted.body.comment.id]);
    expect(pending.body.comments[0].heldReasons).toContain('Pre-moderation: every comment is reviewed');
    expect((await act(posted.body.comment.id, 'approve')).body.comment.status).toBe('approved');
    expect(await publicIds()).toEqual([posted.body.comment.id]);
    expect((await t.get(`${LIST}?page=/2026/story`)).body.page.commentCount).toBe(1);
  });

  it('first: a first comment waits; once one is approved, the same email publishes at once', async () => {
    await settings({ moderationMode: 'first' });
    const first = await t.post(LIST, aComment({ authorEmail: 'reader@example.com' }));
    expect(first.body.comment.status).toBe('pending');
    const again = await t.post(LIST, aComment({ authorEmail: 'reader@example.com', body: 'still waiting' }));
    expect(again.body.comment.status).toBe('pending');
    await act(first.body.comment.id, 'approve');
    const later = await t.post(LIST, aComment({ authorEmail: 'READER@example.com', body: 'now trusted' }));
    expect(later.body.comment.status).toBe('approved');
    const stranger = await t.post(LIST, aComment({ authorEmail: 'other@example.com' }));
    expect(stranger.body.comment.status).toBe('pending');
    const anonymous = await t.post(LIST, aComment());
    expect(anonymous.body.comment.status).toBe('pending');
  });

  it('post: publishes at once', async () => {
    expect((await t.post(LIST, aComment())).body.comment.status).toBe('approved');
  });
});

describe('word lists', () => {
  beforeEach(async () => {
    const res = await settings({ wordLists: { banned: ['scumbag'], suspect: ['idiot', 'buy now'] } });
    expect(res.status).toBe(200);
  });

  it('refuses a comment with a banned word, obfuscated or not, and stores nothing', async () => {
    for (const body of ['You scumbag', 'you S.C.U.M.B.A.G', 'sCuMmMbAg!', 'scum bag', '5cumb4g']) {
      const res = await t.post(LIST, aComment({ body }));
      expect(res.status, body).toBe(422);
      expect(res.body.error.code).toBe('content_rejected');
      expect(res.body.error.fields.body).toBeTruthy();
    }
    expect(await count('comments')).toBe(0);
  });

  it('holds a comment with a suspect word and says why in the queue', async () => {
    const res = await t.post(LIST, aComment({ body: 'What an 1d10t take. BUY   NOW!' }));
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
    const [held] = (await queue('pending')).body.comments;
    expect(held.heldReasons).toEqual(['Suspect words: idiot, buy now']);
  });

  it('does not match inside other words', async () => {
    const res = await t.post(LIST, aComment({ body: 'Idiotic? No. A scumbags-free zone? Nope: idiotproof scumbaggery.' }));
    expect(res.body.comment.status).toBe('approved');
  });
});

describe('reader flags', () => {
  it('puts a comment in the queue at the threshold and keeps it on the page, counting one flag per reader', async () => {
    const posted = (await t.post(LIST, aComment())).body.comment;
    const flag = () => t.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse' });
    expect((await flag()).status).toBe(201);
    expect((await flag()).status).toBe(201); // same reader again: no new count
    t.setIp('198.51.100.2');
    await flag();
    expect((await queue('flagged')).body.comments.map((c: any) => c.flagCount)).toEqual([2]);
    expect((await queue('pending')).body.comments).toEqual([]);
    t.setIp('198.51.100.3');
    await flag();
    // Waiting for a decision, in Pending and its badge, but still published.
    expect((await queue('pending')).body.comments.map((c: any) => [c.id, c.status])).toEqual([[posted.id, 'approved']]);
    expect((await t.get('/api/v1/admin/counts?site=news', mod.headers)).body.counts).toMatchObject({ pending: 1, flagged: 1 });
    expect(await publicIds()).toEqual([posted.id]);
    // Keeping it clears the reports, and it leaves the queue.
    expect((await t.post(`/api/v1/admin/comments/${posted.id}/actions`, { action: 'approve' }, mod.headers)).status).toBe(200);
    expect((await queue('pending')).body.comments).toEqual([]);
  });

  it('hides a comment at the threshold until reviewed when the site says so', async () => {
    expect((await settings({ hideFlaggedUntilReviewed: true })).body.site.hideFlaggedUntilReviewed).toBe(true);
    const posted = (await t.post(LIST, aComment())).body.comment;
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      t.setIp(ip);
      await t.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse' });
    }
    expect(await publicIds()).toEqual([]);
    const [held] = (await queue('pending')).body.comments;
    expect(held).toMatchObject({ id: posted.id, status: 'pending' });
    expect(held.heldReasons).toContain('Reported from 3 networks');
    expect((await t.get(`${LIST}?page=/2026/story`)).body.page.commentCount).toBe(0);
  });

  it('counts reports from one network once, however many reader tokens they come with, at once', async () => {
    await settings({ hideFlaggedUntilReviewed: true });
    const posted = (await t.post(LIST, aComment())).body.comment;
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse' }, { 'X-Parley-Reader': `made-up-reader-token-${String(i).padStart(3, '0')}` })),
    );
    expect(burst.every((r) => r.status === 201)).toBe(true);
    expect((await queue('flagged')).body.comments.map((c: any) => c.flagCount)).toEqual([1]);
    expect(await publicIds()).toEqual([posted.id]);
    // Addresses within one IPv6 /64 are one network too.
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:0db8:0001:0002:0:0:0:77']) {
      t.setIp(ip);
      await t.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse' }, { 'X-Parley-Reader': `v6-reader-token-${ip.length}` });
    }
    expect((await queue('flagged')).body.comments.map((c: any) => c.flagCount)).toEqual([2]);
    expect(await publicIds()).toEqual([posted.id]);
  });

  it('shows why readers reported a comment, and approving it clears the reports', async () => {
    const posted = (await t.post(LIST, aComment())).body.comment;
    await t.post(`${LIST}/${posted.id}/flags`, { reason: 'abuse', note: 'insults another reader' });
    t.setIp('198.51.100.9');
    await t.post(`${LIST}/${posted.id}/flags`, { reason: 'spam' });
    const [item] = (await queue('flagged')).body.comments;
    expect(item.flags).toEqual({ reasons: { abuse: 1, spam: 1 }, notes: ['insults another reader'] });
    await act(posted.id, 'approve');
    expect((await queue('flagged')).body.comments).toEqual([]);
    expect(await publicIds()).toEqual([posted.id]);
    const audit = (await t.get(`/api/v1/admin/audit?site=news&comment=${posted.id}`, owner.headers)).body.entries;
    expect(audit.map((e: any) => e.action)).toEqual(['flags.clear']);
  });

  it('refuses a bad reason, and flags on unknown or unpublished comments', async () => {
    const posted = (await t.post(LIST, aComment())).body.comment;
    expect((await t.post(`${LIST}/${posted.id}/flags`, { reason: 'boring' })).status).toBe(400);
    expect((await t.post(`${LIST}/nope/flags`, { reason: 'spam' })).status).toBe(404);
    await act(posted.id, 'reject');
    expect((await t.post(`${LIST}/${posted.id}/flags`, { reason: 'spam' })).status).toBe(404);
    expect(await count('flags')).toBe(0);
  });
});

describe('bans', () => {
  it('refuses a banned email with no hint of the ban kind, and stores nothing', async () => {
    const ban = await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'Troll@Example.com', reason: 'abuse' }, mod.headers);
    expect(ban.status).toBe(201);
    const res = await t.post(LIST, aComment({ authorEmail: 'troll@example.com' }));
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'banned', message: 'You cannot comment on this site.' });
    expect(await count('comments')).toBe(0);
  });

  it('bans by IP hash from a comment, without the editor handling addresses', async () => {
    t.setIp('192.0.2.66');
    const troll = (await t.post(LIST, aComment({ body: 'trolling' }))).body.comment;
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'ip', commentId: troll.id }, mod.headers)).status).toBe(201);
    expect((await t.post(LIST, aComment({ authorName: 'New name' }))).status).toBe(403);
    t.setIp('192.0.2.67');
    expect((await t.post(LIST, aComment())).status).toBe(201);
    const stored = await t.db.all<{ value: string }>(sql`select value from bans`);
    expect(stored[0]!.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops applying a ban when it expires', async () => {
    const expiresAt = new Date(Date.UTC(2026, 10, 25, 13, 0, 0)).toISOString();
    await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'x@example.com', expiresAt }, mod.headers);
    expect((await t.post(LIST, aComment({ authorEmail: 'x@example.com' }))).status).toBe(403);
    t.tick(2 * 3600_000);
    expect((await t.post(LIST, aComment({ authorEmail: 'x@example.com' }))).status).toBe(201);
  });

  it('silently holds a banned commenter when the site says so', async () => {
    await settings({ banAction: 'hold' });
    await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'x@example.com' }, mod.headers);
    const res = await t.post(LIST, aComment({ authorEmail: 'x@example.com' }));
    expect(res.status).toBe(201);
    expect(res.body.comment.status).toBe('pending');
  });

  it('lists and lifts bans', async () => {
    const ban = (await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'x@example.com' }, mod.headers)).body.ban;
    expect((await t.get('/api/v1/admin/bans?site=news', mod.headers)).body.bans).toHaveLength(1);
    expect((await t.request('DELETE', `/api/v1/admin/bans/${ban.id}`, undefined, mod.headers)).status).toBe(204);
    expect((await t.post(LIST, aComment({ authorEmail: 'x@example.com' }))).status).toBe(201);
  });

  it('refuses a ban already expired, or with nothing to ban', async () => {
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'x@example.com', expiresAt: '2020-01-01T00:00:00Z' }, mod.headers)).status).toBe(400);
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email' }, mod.headers)).status).toBe(400);
    const anonymous = (await t.post(LIST, aComment())).body.comment;
    expect((await t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', commentId: anonymous.id }, mod.headers)).status).toBe(400);
    expect(await count('bans')).toBe(0);
  });
});

describe('actions, pins, closing and the audit log', () => {
  it('records every action with who, what, before and after, filterable by editor and comment', async () => {
    const c = (await t.post(LIST, aComment())).body.comment;
    await act(c.id, 'reject', 'off topic');
    await act(c.id, 'restore');
    await act(c.id, 'spam');
    await act(c.id, 'delete');
    await act(c.id, 'restore');
    await act(c.id, 'approve');
    await act(c.id, 'pin');
    await act(c.id, 'unpin');
    await t.request('PATCH', `/api/v1/admin/comments/${c.id}`, { body: 'Edited by a moderator' }, mod.headers);
    const audit = (await t.get(`/api/v1/admin/audit?site=news&comment=${c.id}`, owner.headers)).body.entries;
    expect(audit.map((e: any) => [e.action, e.beforeStatus, e.afterStatus]).reverse()).toEqual([
      ['reject', 'approved', 'rejected'],
      ['restore', 'rejected', 'approved'],
      ['spam', 'approved', 'spam'],
      ['delete', 'spam', 'deleted'],
      ['restore', 'deleted', 'spam'],
      ['approve', 'spam', 'approved'],
      ['pin', null, null],
      ['unpin', null, null],
      ['edit', null, null],
    ]);
    expect(audit.at(-1).reason).toBe('off topic');
    expect(audit.every((e: any) => e.editorEmail === 'mod@example.com')).toBe(true);
    const byOwner = (await t.get(`/api/v1/admin/audit?site=news&editor=${audit[0].editorId}`, owner.headers)).body.entries;
    expect(byOwner).toHaveLength(9);
    const listed = (await t.get(`${LIST}?page=/2026/story`)).body.comments[0];
    expect(listed.bodyHtml).toBe('<p>Edited by a moderator</p>');
    expect(listed.editedAt).not.toBeNull();
    expect(listed.editedBy).toBe('moderator');
  });

  it('keeps the page count true through every status change', async () => {
    const c = (await t.post(LIST, aComment())).body.comment;
    const countNow = async () => (await t.get(`${LIST}?page=/2026/story`)).body.page.commentCount;
    expect(await countNow()).toBe(1);
    await act(c.id, 'reject');
    expect(await countNow()).toBe(0);
    await act(c.id, 'spam');
    expect(await countNow()).toBe(0);
    await act(c.id, 'approve');
    await act(c.id, 'approve');
    expect(await countNow()).toBe(1);
  });

  it('lists pinned comments first and marks them', async () => {
    const a = (await t.post(LIST, aComment({ body: 'pin me' }))).body.comment;
    await t.post(LIST, aComment({ body: 'newer' }));
    await act(a.id, 'pin');
    const listed = (await t.get(`${LIST}?page=/2026/story`)).body.comments;
    expect(listed[0]).toMatchObject({ id: a.id, pinned: true });
  });

  it('refuses to pin a reply', async () => {
    const a = (await t.post(LIST, aComment())).body.comment;
    const r = (await t.post(LIST, aComment({ parentId: a.id }))).body.comment;
    expect((await act(r.id, 'pin')).status).toBe(400);
  });

  it('closes and reopens a page; closed pages refuse comments', async () => {
    await t.post(LIST, aComment());
    const key = encodeURIComponent('/2026/story');
    expect((await t.post(`/api/v1/admin/sites/news/pages/${key}/close`, {}, mod.headers)).status).toBe(200);
    expect((await t.post(LIST, aComment())).body.error.code).toBe('page_closed');
    expect((await t.get(`${LIST}?page=/2026/story`)).body.page.closed).toBe(true);
    expect((await t.post(`/api/v1/admin/sites/news/pages/${key}/reopen`, {}, mod.headers)).status).toBe(200);
    expect((await t.post(LIST, aComment())).status).toBe(201);
    expect((await t.post(`/api/v1/admin/sites/news/pages/${encodeURIComponent('/nope')}/close`, {}, mod.headers)).status).toBe(404);
  });

  it('auto-closes a page N days after its first comment', async () => {
    await settings({ autoCloseDays: 2 });
    await t.post(LIST, aComment());
    t.tick(86_400_000);
    expect((await t.post(LIST, aComment())).status).toBe(201);
    t.tick(2 * 86_400_000);
    expect((await t.post(LIST, aComment())).body.error.code).toBe('page_closed');
  });

  it('shows each queued comment in context: parent, page and author history', async () => {
    const parent = (await t.post(LIST, aComment({ body: 'the parent', title: 'The story' }))).body.comment;
    await settings({ moderationMode: 'pre' });
    await t.post(LIST, aComment({ authorEmail: 'r@example.com', parentId: parent.id, body: 'a reply about 50% of things' }));
    const [item] = (await queue('pending')).body.comments;
    expect(item.parent).toMatchObject({ id: parent.id, bodyHtml: '<p>the parent</p>' });
    expect(item.page).toMatchObject({ key: '/2026/story', title: 'The story' });
    expect(item.author).toMatchObject({ approved: 0, rejected: 0, total: 1 });
    expect((await queue('all', '&q=50%25')).body.comments).toHaveLength(1);
    expect((await queue('all', '&q=r%40example')).body.comments).toHaveLength(1);
    expect((await queue('all', '&q=nothing-like-this')).body.comments).toHaveLength(0);
    const counts = (await t.get('/api/v1/admin/counts?site=news', mod.headers)).body.counts;
    expect(counts).toEqual({ pending: 1, flagged: 0, spam: 0 });
  });

  it('pages through a queue by cursor', async () => {
    for (let i = 0; i < 7; i++) await t.post(LIST, aComment({ body: `c${i}` }));
    const first = await t.get('/api/v1/admin/comments?site=news&status=approved&limit=4', mod.headers);
    const second = await t.get(`/api/v1/admin/comments?site=news&status=approved&limit=4&cursor=${first.body.nextCursor}`, mod.headers);
    expect(first.body.comments).toHaveLength(4);
    expect(second.body.comments).toHaveLength(3);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('sites and editors (owners)', () => {
  it('updates settings and validates them', async () => {
    const ok = await settings({ allowedOrigins: ['https://a.example', 'https://b.example/'], flagThreshold: 5, moderationMode: 'first' });
    expect(ok.body.site).toMatchObject({ allowedOrigins: ['https://a.example', 'https://b.example'], flagThreshold: 5, moderationMode: 'first' });
    const bad = await settings({ allowedOrigins: ['not a url'], flagThreshold: 0, surprise: true });
    expect(bad.status).toBe(400);
    expect((await t.get('/api/v1/admin/sites/news', mod.headers)).body.site.flagThreshold).toBe(5);
  });

  it('adds, changes and removes editors, keeping at least one owner', async () => {
    const added = await t.post('/api/v1/admin/editors', { email: 'new@example.com', role: 'moderator', password: 'a long passphrase' }, owner.headers);
    expect(added.status).toBe(201);
    expect((await t.post('/api/v1/admin/editors', { email: 'new@example.com', role: 'moderator', password: 'a long passphrase' }, owner.headers)).status).toBe(409);
    expect((await t.post('/api/v1/admin/editors', { email: 'x@example.com', role: 'moderator', password: 'short' }, owner.headers)).status).toBe(400);
    await signIn(t, 'new@example.com', 'a long passphrase');
    const editors = (await t.get('/api/v1/admin/editors', owner.headers)).body.editors;
    const ownerId = editors.find((e: any) => e.role === 'owner').id;
    expect((await t.request('PATCH', `/api/v1/admin/editors/${ownerId}`, { role: 'moderator' }, owner.headers)).status).toBe(409);
    expect((await t.request('DELETE', `/api/v1/admin/editors/${ownerId}`, undefined, owner.headers)).status).toBe(409);
    expect((await t.request('DELETE', `/api/v1/admin/editors/${added.body.editor.id}`, undefined, owner.headers)).status).toBe(204);
  });
});
