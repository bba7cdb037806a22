import { afterEach, describe, expect, it } from 'vitest';
import { addEditor, makeTestApp, SITE_ORIGIN, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

const RETURN_URL = `${SITE_ORIGIN}/2026/story`;
const MINUTE = 60_000;

let t: TestApp;
afterEach(() => t?.close());

async function setUp(mailDelivery: 'provider' | 'mailbox'): Promise<{ owner: Signed; moderator: Signed }> {
  t = await makeTestApp({ mailDelivery });
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  return { owner: await signIn(t, 'owner@example.com'), moderator: await signIn(t, 'mod@example.com') };
}

const mailbox = async (owner: Signed, to: string) => (await t.get(`/api/v1/admin/mailbox?site=news&to=${encodeURIComponent(to)}`, owner.headers)).body.messages as { kind: string; text: string; html: string }[];
const signInToken = (text: string) => /#parley-signin=([A-Za-z0-9_-]+)/.exec(text)?.[1];
const confirmToken = (text: string) => /\/newsletter\/confirm\/([\w.-]+)/.exec(text)?.[1];

describe('a moderator', () => {
  it('cannot read the mailbox, the subscribers or the newsletter, nor send, import or export', async () => {
    const { owner, moderator } = await setUp('mailbox');
    const draft = await t.post('/api/v1/admin/broadcasts', { site: 'news', subject: 'Hello', body: 'Body' }, owner.headers);
    expect(draft.status).toBe(201);
    const id = draft.body.broadcast.id as string;
    const attempts: [string, string, unknown?][] = [
      ['GET', '/api/v1/admin/mailbox?site=news'],
      ['GET', '/api/v1/admin/subscribers?site=news'],
      ['GET', '/api/v1/admin/subscribers/export?site=news'],
      ['POST', '/api/v1/admin/subscribers/import', { site: 'news', csv: 'email\nx@example.com', consented: true }],
      ['GET', '/api/v1/admin/broadcasts?site=news'],
      ['POST', '/api/v1/admin/broadcasts', { site: 'news', subject: 'Mine', body: 'Body' }],
      ['POST', `/api/v1/admin/broadcasts/${id}/send`],
      ['POST', `/api/v1/admin/broadcasts/${id}/test`],
      ['POST', '/api/v1/admin/sites/news/pages/%2F2026%2Fstory/updates', { subject: 'Update', body: 'Body' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, body, moderator.headers);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    // Nothing was imported, nothing sent.
    expect((await t.get('/api/v1/admin/subscribers?site=news', owner.headers)).body.subscribers).toEqual([]);
    expect((await t.get(`/api/v1/admin/broadcasts/${id}`, owner.headers)).body.broadcast.status).toBe('draft');
  });
});

describe('the mailbox', () => {
  it('never shows a sign-in, confirm or unsubscribe token once a real provider sends the mail', async () => {
    const { owner } = await setUp('provider');
    expect((await t.post('/api/v1/sites/news/auth/email', { email: 'ada@example.com', returnUrl: RETURN_URL })).status).toBe(202);
    expect((await t.post('/api/v1/sites/news/subscriptions', { email: 'ada@example.com' })).status).toBe(202);
    const messages = await mailbox(owner, 'ada@example.com');
    expect(messages.map((m) => m.kind).sort()).toEqual(['confirm', 'sign-in']);
    for (const m of messages) {
      expect(`${m.text}${m.html}`).toMatch(/(#parley-signin=|\/newsletter\/confirm\/)redacted/);
      expect(signInToken(m.text) ?? 'redacted').toBe('redacted');
      expect(confirmToken(m.text) ?? 'redacted').toBe('redacted');
    }
    // The stored mail itself is untouched: only the dashboard's view is redacted.
    const stored = await t.db.all<{ text: string }>(
      (await import('drizzle-orm')).sql`select text from outbox where kind = 'sign-in'`,
    );
    const real = signInToken(stored[0]!.text)!;
    expect(real).not.toBe('redacted');
    expect(JSON.stringify(messages)).not.toContain(real);
  });

  it('in development shows a sign-in link only until it is used, and one that expired not at all', async () => {
    const { owner } = await setUp('mailbox');
    await t.post('/api/v1/sites/news/auth/email', { email: 'ada@example.com', returnUrl: RETURN_URL });
    const token = signInToken((await mailbox(owner, 'ada@example.com'))[0]!.text)!;
    expect(token).not.toBe('redacted');
    expect((await t.post('/api/v1/sites/news/auth/email/verify', { token })).status).toBe(200);
    const used = (await mailbox(owner, 'ada@example.com'))[0]!;
    expect(signInToken(used.text)).toBe('redacted');
    expect(used.html).not.toContain(token);

    await t.post('/api/v1/sites/news/auth/email', { email: 'bob@example.com', returnUrl: RETURN_URL });
    expect(signInToken((await mailbox(owner, 'bob@example.com'))[0]!.text)).not.toBe('redacted');
    t.tick(16 * MINUTE);
    expect(signInToken((await mailbox(owner, 'bob@example.com'))[0]!.text)).toBe('redacted');
  });

  it('in development shows a confirm link until the subscription is confirmed', async () => {
    const { owner } = await setUp('mailbox');
    await t.post('/api/v1/sites/news/subscriptions', { email: 'cy@example.com' });
    const token = confirmToken((await mailbox(owner, 'cy@example.com'))[0]!.text)!;
    expect(token).not.toBe('redacted');
    expect((await t.app.request(`/newsletter/confirm/${token}`, { method: 'POST' })).status).toBeLessThan(400);
    const after = (await mailbox(owner, 'cy@example.com')).find((m) => m.kind === 'confirm')!;
    expect(confirmToken(after.text)).toBe('redacted');
    expect(after.html).not.toContain(token);
  });
});
