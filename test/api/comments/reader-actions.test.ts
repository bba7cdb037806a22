import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, addEditor, makeTestApp, signIn, type TestApp } from '../../support/test-app.ts';

const SITE = '/api/v1/sites/news';
const LIST = `${SITE}/comments`;
const AUTHOR = { 'X-Parley-Reader': 'author-browser-token-0001' };
const READER = { 'X-Parley-Reader': 'reader-browser-token-0002' };
let t: TestApp;

beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function post(body: string, extra: Record<string, unknown> = {}) {
  const res = await t.post(LIST, aComment({ body, ...extra }), AUTHOR);
  expect(res.status).toBe(201);
  return res.body as { comment: { id: string }; editToken: string };
}
const vote = (id: string, value: unknown, headers = READER) => t.request('POST', `${LIST}/${id}/votes`, { value }, headers);
const listed = async (sort = 'newest') => (await t.get(`${LIST}?page=/2026/story&sort=${sort}`)).body.comments;

describe('votes', () => {
  it('counts one up-vote per reader, toggles it off, and sorts top by it', async () => {
    const a = await post('A first comment worth reading');
    const b = await post('A second comment worth reading');
    expect((await vote(b.comment.id, 1)).body).toEqual({ score: 1, voted: true });
    // Voting again is no second vote.
    expect((await vote(b.comment.id, 1)).body).toEqual({ score: 1, voted: true });
    t.setIp('198.51.100.20');
    expect((await vote(b.comment.id, 1, { 'X-Parley-Reader': 'someone-else-token-03' })).body.score).toBe(2);
    expect((await listed('top')).map((c: any) => c.id)).toEqual([b.comment.id, a.comment.id]);

    t.setIp('203.0.113.7');
    expect((await vote(b.comment.id, 0)).body).toEqual({ score: 1, voted: false });
    expect((await vote(b.comment.id, 0)).body).toEqual({ score: 1, voted: false });
    const row = await t.db.get<{ score: number }>(sql`select score from comments where id = ${b.comment.id}`);
    expect(row?.score).toBe(1);
  });

  it('counts votes from one network once, however many reader tokens arrive at once', async () => {
    const c = await post('Stuff my votes');
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => vote(c.comment.id, 1, { 'X-Parley-Reader': `made-up-reader-token-${String(i).padStart(3, '0')}` })));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect((await listed())[0].score).toBe(1);
    t.setIp('198.51.100.44');
    expect((await vote(c.comment.id, 1)).body.score).toBe(2);
  });

  it('refuses a vote on your own comment, from the browser that wrote it', async () => {
    const mine = await post('My own comment here');
    const res = await vote(mine.comment.id, 1, AUTHOR);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('own_comment');
    expect((await listed())[0].score).toBe(0);
  });

  it('refuses bad values and unknown or unpublished comments, storing nothing', async () => {
    const c = await post('Something to vote on');
    for (const value of [2, -1, '1', null, undefined]) {
      const res = await vote(c.comment.id, value);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await vote('no-such-comment', 1)).status).toBe(404);
    await t.db.run(sql`update comments set status = 'pending' where id = ${c.comment.id}`);
    expect((await vote(c.comment.id, 1)).status).toBe(404);
    const votes = await t.db.get<{ n: number }>(sql`select count(*) as n from votes`);
    expect(votes?.n).toBe(0);
  });
});

describe('editing your own comment', () => {
  it('changes the text with the edit token, shows it as edited, and re-renders safely', async () => {
    const c = await post('Original text');
    const res = await t.request('PATCH', `${LIST}/${c.comment.id}`, { body: 'Fixed text <script>alert(1)</script> **bold**' }, { 'X-Edit-Token': c.editToken });
    expect(res.status).toBe(200);
    expect(res.body.comment.bodyHtml).toContain('<strong>bold</strong>');
    expect(res.body.comment.bodyHtml).not.toContain('<script');
    expect(res.body.comment.editedBy).toBe('author');
    const [shown] = await listed();
    expect(shown.bodyHtml).toBe(res.body.comment.bodyHtml);
    expect(shown.editedAt).not.toBeNull();
  });

  it('gives the author, and only the author, the Markdown they wrote', async () => {
    const c = await post('Some **Markdown** here');
    const mine = await t.get(`${LIST}/${c.comment.id}/source`, { 'X-Edit-Token': c.editToken });
    expect(mine.body).toEqual({ body: 'Some **Markdown** here' });
    expect(mine.headers.get('Cache-Control')).toContain('no-store');
    expect((await t.get(`${LIST}/${c.comment.id}/source`, { 'X-Edit-Token': 'nope' })).status).toBe(403);
  });

  it('refuses a wrong or missing token, and a stranger, with 403 and changes nothing', async () => {
    const c = await post('Original text');
    for (const headers of [{}, { 'X-Edit-Token': 'wrong' }, { 'X-Edit-Token': `${c.editToken}x` }, READER] as Record<string, string>[]) {
      const res = await t.request('PATCH', `${LIST}/${c.comment.id}`, { body: 'Hijacked' }, headers);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await listed())[0].bodyHtml).toBe('<p>Original text</p>');
  });

  it('closes after the edit window with 403 edit_window_closed', async () => {
    const c = await post('Original text');
    t.tick(15 * 60_000 + 1);
    const res = await t.request('PATCH', `${LIST}/${c.comment.id}`, { body: 'Too late' }, { 'X-Edit-Token': c.editToken });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('edit_window_closed');
    expect((await listed())[0].bodyHtml).toBe('<p>Original text</p>');
  });

  it('re-runs moderation: banned words refused, suspect words hold it for review', async () => {
    await addEditor(t, 'owner@example.com', 'owner');
    const owner = await signIn(t, 'owner@example.com');
    await t.request('PATCH', `${SITE.replace('/sites/', '/admin/sites/')}`, { wordLists: { banned: ['scumbag'], suspect: ['buy now'] } }, owner.headers);
    const c = await post('A perfectly fine comment');
    const refused = await t.request('PATCH', `${LIST}/${c.comment.id}`, { body: 'You scumbag' }, { 'X-Edit-Token': c.editToken });
    expect(refused.status).toBe(422);
    expect((await listed())[0].bodyHtml).toBe('<p>A perfectly fine comment</p>');

    const held = await t.request('PATCH', `${LIST}/${c.comment.id}`, { body: 'Great offer, buy now' }, { 'X-Edit-Token': c.editToken });
    expect(held.status).toBe(200);
    expect(held.body.comment.status).toBe('pending');
    expect(await listed()).toEqual([]);
    expect((await t.get(`${LIST}?page=/2026/story`)).body.page.commentCount).toBe(0);
  });

  it('refuses an empty or oversized body and keeps the old text', async () => {
    const c = await post('Original text');
    for (const body of ['', '   ', 'x'.repeat(10_001), 42]) {
      const res = await t.request('PATCH', `${LIST}/${c.comment.id}`, { body }, { 'X-Edit-Token': c.editToken });
      expect(res.status).toBe(400);
    }
    expect((await listed())[0].bodyHtml).toBe('<p>Original text</p>');
  });
});

describe('deleting your own comment', () => {
  it('removes a comment without replies from the listing and the count', async () => {
    const c = await post('Soon gone');
    const res = await t.request('DELETE', `${LIST}/${c.comment.id}`, undefined, { 'X-Edit-Token': c.editToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: true, placeholder: false });
    const list = await t.get(`${LIST}?page=/2026/story`);
    expect(list.body.comments).toEqual([]);
    expect(list.body.page.commentCount).toBe(0);
    const row = await t.db.get<Record<string, unknown>>(sql`select author_name, author_email, body_source, body_html, status from comments where id = ${c.comment.id}`);
    expect(row).toEqual({ author_name: '', author_email: null, body_source: '', body_html: '', status: 'deleted' });
  });

  it('keeps a comment with replies as a text-free [deleted] placeholder, any time later', async () => {
    const c = await post('Parent text', { authorEmail: 'parent@example.com' });
    await t.post(LIST, aComment({ body: 'A reply', parentId: c.comment.id }), READER);
    t.tick(30 * 86_400_000);
    const res = await t.request('DELETE', `${LIST}/${c.comment.id}`, undefined, { 'X-Edit-Token': c.editToken });
    expect(res.body).toEqual({ deleted: true, placeholder: true });
    // The count is of what readers can read: the reply, not the placeholder; and the counts API agrees.
    expect((await t.get(`${LIST}?page=/2026/story`)).body.page.commentCount).toBe(1);
    expect((await t.get(`${SITE}/counts?page=/2026/story`)).body.counts['/2026/story']).toBe(1);
    const [shown] = await listed();
    expect(shown).toMatchObject({ id: c.comment.id, deleted: true, authorName: '', bodyHtml: '' });
    expect(shown.replies.map((r: any) => r.bodyHtml)).toEqual(['<p>A reply</p>']);
    const html = (await t.get(`${SITE}/comments.html?page=/2026/story`)).body as string;
    expect(html).toContain('[deleted]');
    expect(html).not.toContain('Parent text');
    const dump = JSON.stringify(await t.db.all(sql`select * from comments where id = ${c.comment.id}`));
    expect(dump).not.toContain('parent@example.com');
    expect(dump).not.toContain('Parent text');
    // A second delete finds nothing to delete.
    expect((await t.request('DELETE', `${LIST}/${c.comment.id}`, undefined, { 'X-Edit-Token': c.editToken })).status).toBe(404);
  });

  it('refuses a stranger', async () => {
    const c = await post('Mine');
    const res = await t.request('DELETE', `${LIST}/${c.comment.id}`, undefined, { 'X-Edit-Token': 'not-the-token' });
    expect(res.status).toBe(403);
    expect((await listed()).length).toBe(1);
  });
});

describe('permalinks', () => {
  it('answers the thread a reply is in, with the page key', async () => {
    const root = await post('Root comment');
    const reply = (await t.post(LIST, aComment({ body: 'Deep reply', parentId: root.comment.id }), READER)).body.comment;
    const res = await t.get(`${LIST}/${reply.id}`);
    expect(res.status).toBe(200);
    expect(res.body.page.key).toBe('/2026/story');
    expect(res.body.thread.id).toBe(root.comment.id);
    expect(res.body.thread.replies[0].id).toBe(reply.id);
    expect((await t.get(`${LIST}/nope`)).status).toBe(404);
  });
});
