import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { suppressions } from '../../db/schema.ts';
import { signToken } from '../../server/crypto.ts';
import { makeTestApp, type TestApp } from '../support/test-app.ts';

const SUBSCRIBE = '/api/v1/sites/news/subscriptions';
const SECRET = 'test-secret-test-secret-test-secret';
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

async function mails(to?: string) {
  const rows = await t.db.all<{ to_email: string; subject: string; text: string; html: string; kind: string }>(
    to ? sql`select * from outbox where to_email = ${to} order by created_at` : sql`select * from outbox order by created_at`,
  );
  return rows;
}
const confirmLink = (text: string) => /\/newsletter\/confirm\/[\w.-]+/.exec(text)![0];
async function subscriptionStatuses(email: string) {
  return (
    await t.db.all<{ topic: string; status: string }>(
      sql`select topic, subscriptions.status from subscriptions join subscribers on subscribers.id = subscriber_id where email = ${email} order by topic`,
    )
  ).map((r) => `${r.topic}:${r.status}`);
}

describe('signing up', () => {
  it('answers 202 with the same body whatever the address state (no enumeration)', async () => {
    await t.db.insert(suppressions).values({ email: 'bounced@example.com', reason: 'bounce', createdAt: 1 });
    const fresh = await t.post(SUBSCRIBE, { email: 'new@example.com' });
    const pending = await t.post(SUBSCRIBE, { email: 'new@example.com' });
    const suppressed = await t.post(SUBSCRIBE, { email: 'bounced@example.com' });
    await t.app.request(confirmLink((await mails('new@example.com'))[0]!.text), { method: 'POST' });
    const confirmed = await t.post(SUBSCRIBE, { email: 'New@Example.com' });
    for (const res of [fresh, pending, suppressed, confirmed]) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(fresh.body);
    }
    expect(await mails('bounced@example.com')).toHaveLength(0);
  });

  it('sends a confirmation email with a signed link, and nothing a reader typed in the subject', async () => {
    await t.post(SUBSCRIBE, { email: 'reader@example.com', topics: ['newsletter', 'page'], page: '/2026/story', title: '<b>Title</b>' });
    const [mail] = await mails();
    expect(mail!.kind).toBe('confirm');
    expect(mail!.subject).toBe('Confirm your subscription to Example News');
    expect(mail!.text).toMatch(/http:\/\/parley\.test\/newsletter\/confirm\/[\w-]+\.[\w-]+/);
    expect(mail!.html).toContain('&lt;b&gt;Title&lt;/b&gt;');
    expect(mail!.html).not.toContain('<b>Title</b>');
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:unconfirmed', 'page:unconfirmed']);
  });

  it('throttles confirmation emails to one address to three a day', async () => {
    for (let i = 0; i < 6; i++) expect((await t.post(SUBSCRIBE, { email: 'target@example.com' })).status).toBe(202);
    expect(await mails('target@example.com')).toHaveLength(3);
    t.tick(86_400_001);
    await t.post(SUBSCRIBE, { email: 'target@example.com' });
    expect(await mails('target@example.com')).toHaveLength(4);
  });

  it('refuses bad input and stores nothing', async () => {
    for (const body of [{}, { email: 'nope' }, { email: 'a@example.com', topics: ['spam'] }, { email: 'a@example.com', topics: ['page'] }, { email: 'a@example.com', topics: [] }]) {
      const res = await t.post(SUBSCRIBE, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await t.db.get<{ n: number }>(sql`select count(*) as n from subscribers`)).n).toBe(0);
  });
});

describe('confirming', () => {
  it('GET shows a page and changes nothing; POST confirms', async () => {
    await t.post(SUBSCRIBE, { email: 'reader@example.com' });
    const link = confirmLink((await mails())[0]!.text);
    const shown = await t.get(link);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<form method="post">');
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:unconfirmed']);
    const done = await t.app.request(link, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are subscribed');
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:confirmed']);
  });

  it('refuses expired and forged tokens', async () => {
    await t.post(SUBSCRIBE, { email: 'reader@example.com' });
    const link = confirmLink((await mails())[0]!.text);
    const [body, sig] = link.split('/').at(-1)!.split('.');
    const forged = `/newsletter/confirm/${body}.${sig!.slice(0, -2)}AA`;
    expect((await t.app.request(forged, { method: 'POST' })).status).toBe(400);
    const otherPurpose = `/newsletter/confirm/${await signToken(SECRET, { p: 'manage', s: 'x' })}`;
    expect((await t.app.request(otherPurpose, { method: 'POST' })).status).toBe(400);
    t.tick(49 * 3600_000);
    expect((await t.app.request(link, { method: 'POST' })).status).toBe(400);
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:unconfirmed']);
  });
});

describe('unsubscribing', () => {
  async function confirmedReader() {
    await t.post(SUBSCRIBE, { email: 'reader@example.com' });
    await t.app.request(confirmLink((await mails())[0]!.text), { method: 'POST' });
    const subscriber = await t.db.get<{ id: string }>(sql`select id from subscribers where email = 'reader@example.com'`);
    return `/newsletter/unsubscribe/${await signToken(SECRET, { p: 'unsubscribe', s: subscriber.id })}`;
  }

  it('one-click POST (RFC 8058) works without cookies and answers 200 with an empty body', async () => {
    const link = await confirmedReader();
    const res = await t.app.request(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:unsubscribed']);
  });

  it('GET does not unsubscribe (mail scanners follow links)', async () => {
    const link = await confirmedReader();
    expect((await t.get(link)).status).toBe(200);
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:confirmed']);
  });

  it('the manage page lists topics and saves changes', async () => {
    await confirmedReader();
    const subscriber = await t.db.get<{ id: string }>(sql`select id from subscribers`);
    const manage = `/newsletter/manage/${await signToken(SECRET, { p: 'manage', s: subscriber.id })}`;
    const page = await t.get(manage);
    expect(page.body).toContain('The newsletter');
    await t.app.request(manage, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:unsubscribed']);
    const sub = await t.db.get<{ id: string }>(sql`select id from subscriptions`);
    await t.app.request(manage, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `keep=${sub.id}` });
    expect(await subscriptionStatuses('reader@example.com')).toEqual(['newsletter:confirmed']);
  });
});
