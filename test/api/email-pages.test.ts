import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signToken } from '../../server/crypto.ts';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../support/test-app.ts';

/**
 * The pages behind email links say what the subscription is and whose it is: the publication's
 * name (logo and accent colour from its settings), the story, a way back to it, and what Save did.
 */

const SECRET = 'test-secret-test-secret-test-secret';
const LIST = '/api/v1/sites/news/comments';
const STORY = { page: '/2026/story', url: 'https://news.example.com/2026/story', title: 'Harbour <b>vote</b> tonight' };
let t: TestApp;
let owner: Signed;

beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  owner = await signIn(t, 'owner@example.com');
});
afterEach(() => t.close());

const settings = (patch: Record<string, unknown>) => t.request('PATCH', '/api/v1/admin/sites/news', patch, owner.headers);
const form = (path: string, body: string) => t.app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
const token = (claims: Record<string, unknown>) => signToken(SECRET, claims as never);

/** A reader who follows the story, gets the newsletter, and asked to hear of replies to their comment. */
async function reader() {
  const posted = await t.post(LIST, aComment({ ...STORY, authorEmail: 'reader@example.com', notifyReplies: true, body: 'Mine, with replies wanted' }));
  expect(posted.status).toBe(201);
  expect((await t.post('/api/v1/sites/news/subscriptions', { email: 'reader@example.com', topics: ['newsletter', 'page'], page: STORY.page, title: STORY.title })).status).toBe(202);
  const subscriber = (await t.db.get<{ id: string }>(sql`select id from subscribers where email = 'reader@example.com'`))!;
  await t.db.run(sql`update subscriptions set status = 'confirmed', confirmed_at = 1`);
  return { subscriber: subscriber.id, comment: posted.body as { comment: { id: string }; editToken: string } };
}

describe('confirm, unsubscribe and manage pages', () => {
  it('say what each subscription is, for which publication, and link back to the article', async () => {
    const { subscriber } = await reader();
    const ids = (await t.db.all<{ id: string }>(sql`select id from subscriptions order by topic`)).map((r) => r.id);
    const confirm = (await t.get(`/newsletter/confirm/${await token({ p: 'confirm', s: subscriber, d: ids })}`)).body as string;
    expect(confirm).toContain('The newsletter of <bdi>Example News</bdi>');
    // The story's title is text, never markup.
    expect(confirm).toContain('Updates on “<a href="https://news.example.com/2026/story"><bdi>Harbour &lt;b&gt;vote&lt;/b&gt; tonight</bdi></a>”');
    expect(confirm).toContain('Replies to your comment on “<a href="https://news.example.com/2026/story">');
    expect(confirm).toContain('<p class="brand" dir="auto"><bdi>Example News</bdi></p>');

    const pageSub = (await t.db.get<{ id: string }>(sql`select id from subscriptions where topic = 'page'`))!.id;
    const unsubscribe = `/newsletter/unsubscribe/${await token({ p: 'unsubscribe', s: subscriber, d: [pageSub] })}`;
    const asked = (await t.get(unsubscribe)).body as string;
    expect(asked).toContain('You will stop receiving:</p><ul class="subs"><li>Updates on');
    expect(asked).not.toContain('The newsletter of');
    expect(asked).toContain('Back to “<bdi>Harbour &lt;b&gt;vote&lt;/b&gt; tonight</bdi>”');
    const done = await (await form(unsubscribe, '')).text();
    expect(done).toContain('You are unsubscribed');
    expect(done).toContain('Updates on “<a href="https://news.example.com/2026/story">');
  });

  it('wear the logo and accent colour from site settings, which are validated (https logo, hex colour) and stored only when valid', async () => {
    const { subscriber } = await reader();
    for (const [patch, field] of [
      [{ logoUrl: 'http://news.example.com/logo.png' }, 'logoUrl'],
      [{ logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
      [{ logoUrl: 'https://user:pw@news.example.com/logo.png' }, 'logoUrl'],
      [{ accentColor: 'red;}body{display:none' }, 'accentColor'],
      [{ accentColor: '#12345' }, 'accentColor'],
    ] as const) {
      const res = await settings(patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.fields[field]).toBeTruthy();
    }
    const site = (await t.get('/api/v1/admin/sites/news', owner.headers)).body.site;
    expect([site.logoUrl, site.accentColor]).toEqual([null, null]);

    const ok = await settings({ name: 'صحيفة الميناء', logoUrl: 'https://news.example.com/logo.png', accentColor: '#B3261E' });
    expect(ok.status).toBe(200);
    expect([ok.body.site.logoUrl, ok.body.site.accentColor]).toEqual(['https://news.example.com/logo.png', '#B3261E']);
    const manage = (await t.get(`/newsletter/manage/${await token({ p: 'manage', s: subscriber })}`)).body as string;
    expect(manage).toContain('<img src="https://news.example.com/logo.png" alt=""><bdi>صحيفة الميناء</bdi>');
    expect(manage).toContain('button{font:inherit;background:#B3261E');
    expect(manage).toContain('The newsletter of <bdi>صحيفة الميناء</bdi>');
    // Emptied again, the pages go back to Parley's colours.
    expect((await settings({ logoUrl: null, accentColor: null })).status).toBe(200);
    expect((await t.get(`/newsletter/manage/${await token({ p: 'manage', s: subscriber })}`)).body).not.toContain('<img');
  });

  it('the manage page says what Save changed, and "Nothing changed" when nothing did', async () => {
    const { subscriber } = await reader();
    const manage = `/newsletter/manage/${await token({ p: 'manage', s: subscriber })}`;
    const subs = await t.db.all<{ id: string; topic: string }>(sql`select id, topic from subscriptions`);
    const all = subs.map((s) => `keep=${s.id}`).join('&');
    const same = await (await form(manage, all)).text();
    expect(same).toContain('Saved. Nothing changed.');
    const withoutNewsletter = subs.filter((s) => s.topic !== 'newsletter').map((s) => `keep=${s.id}`).join('&');
    const off = await (await form(manage, withoutNewsletter)).text();
    expect(off).toMatch(/You will no longer receive:<\/p><ul class="subs"><li>The newsletter of <bdi>Example News<\/bdi><\/li><\/ul>/);
    expect(off).not.toContain('You will receive again');
    const back = await (await form(manage, all)).text();
    expect(back).toMatch(/You will receive again:<\/p><ul class="subs"><li>The newsletter of/);
    expect((await t.db.all<{ status: string }>(sql`select distinct status from subscriptions`)).map((r) => r.status)).toEqual(['confirmed']);
  });

  it('the manage page no longer lists replies to a comment its reader deleted, and Save leaves that subscription alone', async () => {
    const { subscriber, comment } = await reader();
    const manage = `/newsletter/manage/${await token({ p: 'manage', s: subscriber })}`;
    expect((await t.get(manage)).body).toContain('Replies to your comment');
    const deleted = await t.request('DELETE', `${LIST}/${comment.comment.id}`, undefined, { 'X-Edit-Token': comment.editToken });
    expect(deleted.status).toBe(200);
    const page = (await t.get(manage)).body as string;
    expect(page).not.toContain('Replies to your comment');
    expect(page).toContain('Updates on');
    const subs = await t.db.all<{ id: string; topic: string }>(sql`select id, topic from subscriptions where topic != 'replies'`);
    expect(await (await form(manage, subs.map((s) => `keep=${s.id}`).join('&'))).text()).toContain('Saved. Nothing changed.');
  });

  it('made-up tokens and made-up form values change nothing', async () => {
    const { subscriber } = await reader();
    expect((await t.get('/newsletter/manage/not-a-token')).status).toBe(400);
    expect((await form('/newsletter/manage/not.a-token', 'keep=x')).status).toBe(400);
    const manage = `/newsletter/manage/${await token({ p: 'manage', s: subscriber })}`;
    const subs = await t.db.all<{ id: string }>(sql`select id from subscriptions`);
    const res = await form(manage, `${subs.map((s) => `keep=${s.id}`).join('&')}&keep=${encodeURIComponent('<script>')}&keep=other-readers-subscription`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Nothing changed');
  });
});
