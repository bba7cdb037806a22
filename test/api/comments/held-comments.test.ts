import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, makeTestApp, SITE_ORIGIN, type TestApp } from '../../support/test-app.ts';

const BASE = '/api/v1/sites/news';
const COMMENTS = `${BASE}/comments`;
const HELD = `${BASE}/comments/held`;
const PAGE = '/2026/story';

let t: TestApp;
beforeEach(async () => {
  // Pre-moderation: every comment waits for review.
  t = await makeTestApp({ moderationMode: 'pre' });
});
afterEach(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function post(overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await t.post(COMMENTS, aComment(overrides), headers);
  expect(res.status).toBe(201);
  return res.body as { comment: { id: string; status: string }; editToken: string };
}

async function emailSignIn(email: string): Promise<string> {
  expect((await t.post(`${BASE}/auth/email`, { email, returnUrl: `${SITE_ORIGIN}${PAGE}` })).status).toBe(202);
  const mail = await t.db.get<{ text: string }>(sql`select text from outbox where to_email = ${email} and kind = 'sign-in' order by created_at desc`);
  const token = /#parley-signin=([A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
  return (await t.post(`${BASE}/auth/email/verify`, { token })).body.token as string;
}

const held = (own: { id: string; token: string }[], headers: Record<string, string> = {}, page = PAGE) => t.post(HELD, { page, own }, headers);

describe("a reader's own comments awaiting review", () => {
  it('come back to the guest who holds their edit tokens, and never enter the shared listing', async () => {
    const first = await post({ body: 'My first thought on this.' });
    const second = await post({ body: 'And a second one.' });
    expect(first.comment.status).toBe('pending');
    const res = await held([
      { id: first.comment.id, token: first.editToken },
      { id: second.comment.id, token: second.editToken },
    ]);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('private, no-store');
    expect(res.body.comments.map((c: any) => [c.id, c.status])).toEqual([
      [first.comment.id, 'pending'],
      [second.comment.id, 'pending'],
    ]);
    // The public answer, cached and shared by everyone, has none of them.
    expect((await t.get(`${COMMENTS}?page=${PAGE}`)).body.comments).toEqual([]);
    // Nothing secret or personal comes back.
    expect(JSON.stringify(res.body)).not.toMatch(/editToken|email|ipHash|Hash/);
  });

  it('shows nothing for a wrong, swapped or made-up token, or for another page', async () => {
    const mine = await post();
    const theirs = await post({ body: 'Someone else entirely.' });
    const cases = [
      [{ id: mine.comment.id, token: 'not-the-token' }],
      [{ id: mine.comment.id, token: theirs.editToken }],
      [{ id: 'made-up-id', token: mine.editToken }],
      [],
    ];
    for (const own of cases) expect((await held(own)).body.comments).toEqual([]);
    expect((await held([{ id: mine.comment.id, token: mine.editToken }], {}, '/2026/another')).body.comments).toEqual([]);
  });

  it('drops comments once a moderator has decided, and deleted ones', async () => {
    const approved = await post({ body: 'Soon approved.' });
    const rejected = await post({ body: 'Soon rejected.' });
    const waiting = await post({ body: 'Still waiting.' });
    await t.db.run(sql`update comments set status = 'approved' where id = ${approved.comment.id}`);
    await t.db.run(sql`update comments set status = 'rejected' where id = ${rejected.comment.id}`);
    const own = [approved, rejected, waiting].map((p) => ({ id: p.comment.id, token: p.editToken }));
    expect((await held(own)).body.comments.map((c: any) => c.id)).toEqual([waiting.comment.id]);
    expect((await t.request('DELETE', `${COMMENTS}/${waiting.comment.id}`, undefined, { 'X-Edit-Token': waiting.editToken })).status).toBe(200);
    expect((await held(own)).body.comments).toEqual([]);
  });

  it("come back to a signed-in reader by identity on any device, never to another reader", async () => {
    const ada = await emailSignIn('ada@example.com');
    const grace = await emailSignIn('grace@example.com');
    const mine = await post({ body: 'Written while signed in.' }, bearer(ada));
    await post({ body: 'A guest comment on the same page.' });
    const res = await held([], bearer(ada));
    expect(res.body.comments.map((c: any) => [c.id, c.verified])).toEqual([[mine.comment.id, true]]);
    expect((await held([], bearer(grace))).body.comments).toEqual([]);
    expect((await held([])).body.comments).toEqual([]);
    // A made-up bearer token is no one.
    expect((await held([], bearer('x'.repeat(43)))).body.comments).toEqual([]);
  });

  it('answers a burst of requests at once, each with only its own comments', async () => {
    const posted = await Promise.all(Array.from({ length: 8 }, (_, i) => post({ body: `Comment number ${i} here.` })));
    const answers = await Promise.all(posted.map((p) => held([{ id: p.comment.id, token: p.editToken }])));
    answers.forEach((res, i) => expect(res.body.comments.map((c: any) => c.id)).toEqual([posted[i]!.comment.id]));
  });

  it('refuses bad input with 400 and the envelope', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ id: `c${i}`, token: 't' }));
    for (const body of [{}, { page: PAGE, own: 'x' }, { page: PAGE, own: [{ id: 1, token: 'x' }] }, { page: PAGE, own: many }, { page: '', own: [] }]) {
      const res = await t.post(HELD, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await t.post(HELD, 'not json')).status).toBe(400);
    expect((await held([], {}, '/never-commented')).body.comments).toEqual([]);
  });
});
