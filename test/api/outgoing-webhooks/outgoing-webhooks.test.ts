import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { atomic } from '../../../db/atomic.ts';
import { comments } from '../../../db/schema.ts';
import { DISABLE_AFTER_FAILURES, drainWebhooks, RETRY_DELAYS_MS, type WebhookTransport } from '../../../server/features/outgoing-webhooks/delivery.ts';
import { commentEventStatement } from '../../../server/features/outgoing-webhooks/events.repo.ts';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';
import { type Received, startReceiver } from '../../support/webhook-receiver.ts';

const LIST = '/api/v1/sites/news/comments';
const HOOKS = '/api/v1/admin/sites/news/webhooks';
const ALL = ['comment.created', 'comment.published', 'comment.flagged', 'comment.removed', 'subscriber.confirmed', 'subscriber.unsubscribed', 'broadcast.sent'];

let t: TestApp;
let owner: Signed;
let clock: number;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(webhooks: WebhookTransport) {
  t = await makeTestApp({ webhooks });
  cleanups.push(() => t.close());
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
  clock = Date.UTC(2026, 10, 26);
}
const drain = (webhooks: WebhookTransport) => drainWebhooks(t.db, { ...webhooks, publicUrl: 'http://parley.test', now: () => clock });
async function receiver(answer?: (n: number) => number) {
  const r = await startReceiver(answer);
  cleanups.push(() => r.close());
  return r;
}
async function count(table: string, where = '1 = 1'): Promise<number> {
  return (await t.db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table} where ${where}`))).n;
}
const LOCAL: WebhookTransport = { allowPrivate: true };

/**
 * Verifies a received request as a receiver would with the standardwebhooks package, at the time
 * it was signed (the test clocks are not the wall clock, and the package refuses old timestamps).
 */
function verify(secret: string, x: Received): any {
  vi.useFakeTimers({ now: Number(x.headers['webhook-timestamp']) * 1000, toFake: ['Date'] });
  try {
    return new Webhook(secret).verify(x.body, x.headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

describe('outgoing webhooks: delivery', () => {
  it('delivers a posted comment to a local receiver, signed so that the secret from the create answer verifies it', async () => {
    await setUp(LOCAL);
    const r = await receiver();
    const created = await t.post(HOOKS, { url: r.url, events: ['comment.created', 'comment.published'] }, owner.headers);
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    // The secret is shown once: the list never has it.
    const listed = await t.get(HOOKS, owner.headers);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    expect(listed.body.endpoints[0]).not.toHaveProperty('secret');

    const posted = await t.post(LIST, aComment({ authorEmail: 'ada@example.com', url: 'https://news.example.com/2026/story', title: 'The story' }));
    expect(await drain(LOCAL)).toMatchObject({ delivered: 2, failed: 0 });
    expect(r.received).toHaveLength(2);
    const events = r.received.map((x) => {
      // Throws unless the signature over this exact body verifies with the endpoint's secret.
      const verified = verify(created.body.secret, x);
      expect(x.headers['webhook-id']).toMatch(/^msg_/);
      return verified;
    });
    expect(events.map((e) => e.type).sort()).toEqual(['comment.created', 'comment.published']);
    const e = events.find((x) => x.type === 'comment.created');
    expect(e.data).toEqual({
      site: { id: 'news', name: 'Example News' },
      page: { key: '/2026/story', url: 'https://news.example.com/2026/story', title: 'The story' },
      comment: {
        id: posted.body.comment.id,
        parentId: null,
        authorName: 'Ada',
        body: 'A thoughtful comment.',
        status: 'approved',
        url: `https://news.example.com/2026/story#comment-${posted.body.comment.id}`,
        createdAt: expect.stringMatching(/^2026-11-25T12:00:00\.\d{3}Z$/),
      },
    });
    // Never the author's email or IP hash.
    expect(r.received.map((x) => x.body).join()).not.toContain('ada@example.com');
    expect(r.received.map((x) => x.body).join()).not.toMatch(/ipHash|ip_hash/);
    // A wrong secret does not verify.
    expect(() => verify(`whsec_${btoa('another secret of thirty-two byte')}`, r.received[0]!)).toThrow();

    const log = await t.get(`${HOOKS}/${created.body.endpoint.id}/deliveries`, owner.headers);
    expect(log.body.deliveries.map((d: any) => [d.status, d.attempts, d.responseStatus, d.responseSnippet])).toEqual([
      ['delivered', 1, 200, 'ok, thanks'],
      ['delivered', 1, 200, 'ok, thanks'],
    ]);
  });

  it('retries a delivery answered 500 after the backoff, then delivers it', async () => {
    await setUp(LOCAL);
    const r = await receiver((n) => (n === 1 ? 500 : 204));
    const created = await t.post(HOOKS, { url: r.url, events: ['comment.created'] }, owner.headers);
    await t.post(LIST, aComment());
    expect(await drain(LOCAL)).toMatchObject({ delivered: 0, retried: 1 });
    let [d] = (await t.get(`${HOOKS}/${created.body.endpoint.id}/deliveries`, owner.headers)).body.deliveries;
    expect(d).toMatchObject({ status: 'queued', attempts: 1, responseStatus: 500, error: 'answered 500', responseSnippet: 'failure number 1' });
    expect(Date.parse(d.nextAttemptAt)).toBe(clock + RETRY_DELAYS_MS[0]!);
    // Not before its time.
    expect(await drain(LOCAL)).toMatchObject({ delivered: 0, retried: 0 });
    clock += RETRY_DELAYS_MS[0]!;
    expect(await drain(LOCAL)).toMatchObject({ delivered: 1 });
    [d] = (await t.get(`${HOOKS}/${created.body.endpoint.id}/deliveries`, owner.headers)).body.deliveries;
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 204, nextAttemptAt: null });
    // The same webhook-id on both attempts, so a receiver can drop a duplicate.
    expect(r.received[0]!.headers['webhook-id']).toBe(r.received[1]!.headers['webhook-id']);
  });

  it('does not retry a 4xx other than 408/429, and follows no redirect', async () => {
    await setUp(LOCAL);
    const r = await receiver((n) => (n === 1 ? 404 : 302));
    await t.post(HOOKS, { url: r.url, events: ['comment.created'] }, owner.headers);
    await t.post(LIST, aComment());
    await t.post(LIST, aComment({ body: 'Another one.' }));
    expect(await drain(LOCAL)).toMatchObject({ failed: 2, retried: 0 });
    expect(await count('webhook_deliveries', "status = 'failed'")).toBe(2);
  });

  it(`turns the endpoint off after ${DISABLE_AFTER_FAILURES} failed attempts in a row and emails the owners`, async () => {
    await setUp(LOCAL);
    const r = await receiver(() => 503);
    const created = await t.post(HOOKS, { url: r.url, events: ['comment.created'] }, owner.headers);
    await t.post(LIST, aComment());
    for (let i = 0; i < DISABLE_AFTER_FAILURES - 1; i++) {
      expect(await drain(LOCAL)).toMatchObject({ retried: 1, disabled: 0 });
      clock += RETRY_DELAYS_MS[i]!;
    }
    // About a day after the first attempt.
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(23 * 3_600_000);
    expect(await drain(LOCAL)).toMatchObject({ failed: 1, disabled: 1 });
    expect(r.received).toHaveLength(DISABLE_AFTER_FAILURES);
    const [endpoint] = (await t.get(HOOKS, owner.headers)).body.endpoints;
    expect(endpoint).toMatchObject({ id: created.body.endpoint.id, enabled: false, failureStreak: DISABLE_AFTER_FAILURES });
    expect(endpoint.disabledReason).toMatch(/10 failed attempts/);
    const mail = await t.db.all<{ to_email: string; subject: string }>(sql`select to_email, subject from outbox where kind = 'webhook-disabled'`);
    expect(mail).toEqual([{ to_email: 'owner@example.com', subject: `Webhook turned off: ${r.url}` }]);
    // Turned on again, it gets a fresh run; failing again turns it off and mails again.
    const on = await t.request('PATCH', `${HOOKS}/${created.body.endpoint.id}`, { enabled: true }, owner.headers);
    expect(on.body.endpoint).toMatchObject({ enabled: true, disabledReason: null, failureStreak: 0 });
    // While off, new events are not queued for it and nothing is sent.
    clock += 3_600_000;
    await t.request('PATCH', `${HOOKS}/${created.body.endpoint.id}`, { enabled: false }, owner.headers);
    await t.post(LIST, aComment({ body: 'While it is off.' }));
    expect(await count('webhook_deliveries')).toBe(1);
    expect(await drain(LOCAL)).toMatchObject({ delivered: 0, retried: 0, failed: 0 });
    expect(r.received).toHaveLength(DISABLE_AFTER_FAILURES);
    // Ten events refused at once by a receiver that is gone: one run, one email more.
    await t.request('PATCH', `${HOOKS}/${created.body.endpoint.id}`, { enabled: true }, owner.headers);
    for (let i = 0; i < DISABLE_AFTER_FAILURES; i++) await t.post(LIST, aComment({ body: `Event ${i}.` }));
    await drainWebhooks(t.db, { allowPrivate: true, publicUrl: 'http://parley.test', now: () => clock, fetch: (async () => new Response('gone', { status: 410 })) as typeof fetch });
    expect(await count('outbox', "kind = 'webhook-disabled'")).toBe(2);
    expect((await t.get(HOOKS, owner.headers)).body.endpoints[0].enabled).toBe(false);
  });

  it('housekeeping forgets finished deliveries after 30 days, never waiting ones', async () => {
    await setUp(LOCAL);
    const r = await receiver((n) => (n === 1 ? 200 : 500));
    await t.post(HOOKS, { url: r.url, events: ['comment.created'] }, owner.headers);
    await t.post(LIST, aComment({ body: 'One.' }));
    await drain(LOCAL);
    await t.post(LIST, aComment({ body: 'Two.' }));
    await drain(LOCAL);
    expect(await count('webhook_deliveries', "status = 'delivered'")).toBe(1);
    expect(await count('webhook_deliveries', "status = 'queued'")).toBe(1);
    const { purgeExpiredGuards } = await import('../../../server/jobs/housekeeping.ts');
    const posted = Date.UTC(2026, 10, 25, 12);
    await purgeExpiredGuards(t.db, posted + 29 * 86_400_000);
    expect(await count('webhook_deliveries')).toBe(2);
    await purgeExpiredGuards(t.db, posted + 31 * 86_400_000);
    expect(await count('webhook_deliveries', "status = 'delivered'")).toBe(0);
    expect(await count('webhook_deliveries', "status = 'queued'")).toBe(1);
  });

  it('"send test event" sends a signed webhook.test at once and answers how it went', async () => {
    await setUp(LOCAL);
    const r = await receiver();
    const created = await t.post(HOOKS, { url: r.url, events: ['broadcast.sent'] }, owner.headers);
    const test = await t.post(`${HOOKS}/${created.body.endpoint.id}/test`, {}, owner.headers);
    expect(test.status).toBe(200);
    expect(test.body.delivery).toMatchObject({ event: 'webhook.test', status: 'delivered', responseStatus: 200, attempts: 1 });
    const body = verify(created.body.secret, r.received[0]!);
    expect(body.type).toBe('webhook.test');
  });

  it('rotating the secret signs later deliveries with the new one', async () => {
    await setUp(LOCAL);
    const r = await receiver();
    const created = await t.post(HOOKS, { url: r.url, events: ['comment.created'] }, owner.headers);
    const rotated = await t.post(`${HOOKS}/${created.body.endpoint.id}/secret`, {}, owner.headers);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    await t.post(LIST, aComment());
    await drain(LOCAL);
    expect(() => verify(rotated.body.secret, r.received[0]!)).not.toThrow();
    expect(() => verify(created.body.secret, r.received[0]!)).toThrow();
  });

  it('sends comment.flagged to a Slack-format endpoint as a readable { text } message', async () => {
    await setUp(LOCAL);
    const r = await receiver();
    await t.post(HOOKS, { url: r.url, events: ['comment.flagged'], format: 'slack' }, owner.headers);
    const posted = await t.post(LIST, aComment({ authorName: 'Bob <b>', url: 'https://news.example.com/2026/story', title: 'The story' }));
    expect((await t.post(`/api/v1/sites/news/comments/${posted.body.comment.id}/flags`, { reason: 'abuse' })).status).toBe(201);
    await drain(LOCAL);
    const body = JSON.parse(r.received[0]!.body);
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toContain('A comment by *Bob &lt;b&gt;* on <https://news.example.com/2026/story|The story> was reported (abuse).');
    expect(body.text).toContain('<http://parley.test/admin/#/queue/pending|Open the moderation queue>');
  });
});

describe('outgoing webhooks: events', () => {
  it('writes each event once, with its cause: approve, remove, reader delete, flags (a concurrent burst), unsubscribe, broadcast', async () => {
    await setUp(LOCAL);
    const r = await receiver();
    await t.post(HOOKS, { url: r.url, events: ALL }, owner.headers);
    const mod = await signIn(t, 'mod@example.com');
    await t.request('PATCH', '/api/v1/admin/sites/news', { moderationMode: 'pre' }, owner.headers);
    const held = (await t.post(LIST, aComment())).body.comment;
    expect(held.status).toBe('pending');
    expect((await t.post(`/api/v1/admin/comments/${held.id}/actions`, { action: 'approve' }, mod.headers)).status).toBe(200);
    // Approving again changes nothing and writes nothing.
    await t.post(`/api/v1/admin/comments/${held.id}/actions`, { action: 'approve' }, mod.headers);
    // Ten concurrent reports by one reader are one report; three readers are three.
    const flag = (reader: string) => t.post(`${LIST}/${held.id}/flags`, { reason: 'spam' }, { 'X-Parley-Reader': reader });
    await Promise.all(Array.from({ length: 10 }, () => flag('reader-aaaaaaaaaaaaaaaa')));
    await Promise.all(['reader-bbbbbbbbbbbbbbbb', 'reader-cccccccccccccccc'].map(flag));
    expect((await t.post(`/api/v1/admin/comments/${held.id}/actions`, { action: 'reject' }, mod.headers)).status).toBe(200);
    // A pending comment rejected was never on the page: no comment.removed.
    const other = (await t.post(LIST, aComment({ body: 'never shown' }))).body.comment;
    await t.post(`/api/v1/admin/comments/${other.id}/actions`, { action: 'reject' }, mod.headers);

    const rows = await t.db.all<{ event: string; payload: string }>(sql`select event, payload from webhook_deliveries order by created_at, event`);
    const events = rows.map((x) => x.event);
    expect(events.filter((e) => e === 'comment.created')).toHaveLength(2);
    expect(events.filter((e) => e === 'comment.published')).toHaveLength(1);
    expect(events.filter((e) => e === 'comment.flagged')).toHaveLength(3);
    expect(events.filter((e) => e === 'comment.removed')).toHaveLength(1);
    const removed = JSON.parse(rows.find((x) => x.event === 'comment.removed')!.payload);
    expect(removed.data.comment).toMatchObject({ id: held.id, status: 'rejected' });
    const flagged = JSON.parse(rows.find((x) => x.event === 'comment.flagged')!.payload);
    expect(flagged.data.flag).toEqual({ reason: 'spam' });
  });

  it('a reader deleting their published comment sends comment.removed without its words', async () => {
    await setUp(LOCAL);
    await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['comment.removed'] }, owner.headers);
    const posted = await t.post(LIST, aComment({ body: 'Words I regret.' }), { 'X-Parley-Reader': 'reader-aaaaaaaaaaaaaaaa' });
    const del = await t.request('DELETE', `${LIST}/${posted.body.comment.id}`, undefined, { 'X-Edit-Token': posted.body.editToken, 'X-Parley-Reader': 'reader-aaaaaaaaaaaaaaaa' });
    expect(del.status).toBe(200);
    const rows = await t.db.all<{ payload: string }>(sql`select payload from webhook_deliveries where event = 'comment.removed'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).not.toContain('regret');
    expect(JSON.parse(rows[0]!.payload).data.comment).toMatchObject({ id: posted.body.comment.id, authorName: '', body: '' });
  });

  it('sends subscriber.unsubscribed with the address when an owner unsubscribes a subscriber', async () => {
    await setUp(LOCAL);
    await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['subscriber.unsubscribed', 'subscriber.confirmed'] }, owner.headers);
    await t.post('/api/v1/sites/news/subscriptions', { email: 'sub@example.com', topics: ['newsletter'] });
    const sub = await t.db.get<{ id: string }>(sql`select id from subscribers where email = 'sub@example.com'`);
    await t.db.run(sql`update subscriptions set status = 'confirmed', confirmed_at = 1 where subscriber_id = ${sub!.id}`);
    const res = await t.post(`/api/v1/admin/sites/news/subscribers/${sub!.id}/unsubscribe`, {}, owner.headers);
    expect(res.status).toBe(200);
    const rows = await t.db.all<{ payload: string }>(sql`select payload from webhook_deliveries where event = 'subscriber.unsubscribed'`);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload).data.subscriber).toMatchObject({ id: sub!.id, email: 'sub@example.com', subscriptions: [{ topic: 'newsletter', target: '' }] });
    // Unsubscribing again changes nothing and sends nothing.
    await t.post(`/api/v1/admin/sites/news/subscribers/${sub!.id}/unsubscribe`, {}, owner.headers);
    expect(await count('webhook_deliveries', "event = 'subscriber.unsubscribed'")).toBe(1);
  });

  it('sends subscriber.confirmed from the confirmation link, and subscriber.unsubscribed from one-click unsubscribe, once each', async () => {
    await setUp(LOCAL);
    await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['subscriber.confirmed', 'subscriber.unsubscribed'] }, owner.headers);
    await t.post('/api/v1/sites/news/subscriptions', { email: 'reader@example.com', topics: ['newsletter'] });
    const mail = await t.db.get<{ text: string }>(sql`select text from outbox where kind = 'confirm'`);
    const confirm = /\/newsletter\/confirm\/[\w.-]+/.exec(mail!.text)![0];
    expect((await t.app.request(confirm, { method: 'POST' })).status).toBe(200);
    // The link again: already confirmed, nothing new.
    await t.app.request(confirm, { method: 'POST' });
    const confirmed = await t.db.all<{ payload: string }>(sql`select payload from webhook_deliveries where event = 'subscriber.confirmed'`);
    expect(confirmed.map((r) => JSON.parse(r.payload).data.subscriber.email)).toEqual(['reader@example.com']);

    const { signToken } = await import('../../../server/crypto.ts');
    const sub = await t.db.get<{ id: string }>(sql`select id from subscribers where email = 'reader@example.com'`);
    const unsubscribe = `/newsletter/unsubscribe/${await signToken('test-secret-test-secret-test-secret', { p: 'unsubscribe', s: sub!.id })}`;
    const oneClick = () => t.app.request(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect((await oneClick()).status).toBe(200);
    expect((await oneClick()).status).toBe(200);
    const left = await t.db.all<{ payload: string }>(sql`select payload from webhook_deliveries where event = 'subscriber.unsubscribed'`);
    expect(left).toHaveLength(1);
    expect(JSON.parse(left[0]!.payload).data.subscriber).toMatchObject({ email: 'reader@example.com', subscriptions: [{ topic: 'newsletter', target: '' }] });
  });

  it('sends broadcast.sent once when a newsletter is sent', async () => {
    await setUp(LOCAL);
    await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['broadcast.sent'] }, owner.headers);
    await t.post('/api/v1/admin/sites/news/subscribers/import', { csv: 'email\na@example.com\nb@example.com', consented: true }, owner.headers);
    const created = await t.post('/api/v1/admin/sites/news/broadcasts', { subject: 'Morning briefing', body: 'Today.' }, owner.headers);
    expect(created.status).toBe(201);
    const id = created.body.broadcast.id;
    expect((await t.post(`/api/v1/admin/broadcasts/${id}/send`, {}, owner.headers)).status).toBe(200);
    expect((await t.post(`/api/v1/admin/broadcasts/${id}/send`, {}, owner.headers)).status).toBe(409);
    const rows = await t.db.all<{ payload: string }>(sql`select payload from webhook_deliveries where event = 'broadcast.sent'`);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.payload).data.broadcast).toMatchObject({ id, subject: 'Morning briefing', recipients: 2 });
  });

  it('sends comment.removed when reports hide a comment, or its author edits it into review', async () => {
    await setUp(LOCAL);
    await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['comment.removed'] }, owner.headers);
    await t.request('PATCH', '/api/v1/admin/sites/news', { hideFlaggedUntilReviewed: true, flagThreshold: 2 }, owner.headers);
    const reported = (await t.post(LIST, aComment())).body.comment;
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      t.setIp(ip);
      await t.post(`${LIST}/${reported.id}/flags`, { reason: 'abuse' }, { 'X-Parley-Reader': `reader-${ip.replace(/\./g, '-')}-xxxxxx` });
    }
    await t.request('PATCH', '/api/v1/admin/sites/news', { wordLists: { suspect: ['lottery'] } }, owner.headers);
    const edited = await t.post(LIST, aComment({ body: 'Fine words.' }), { 'X-Parley-Reader': 'reader-editor-xxxxxxxxx' });
    const edit = await t.request('PATCH', `${LIST}/${edited.body.comment.id}`, { body: 'Win the lottery now.' }, { 'X-Edit-Token': edited.body.editToken, 'X-Parley-Reader': 'reader-editor-xxxxxxxxx' });
    expect(edit.body.comment.status).toBe('pending');
    const rows = await t.db.all<{ payload: string }>(sql`select payload from webhook_deliveries where event = 'comment.removed' order by created_at`);
    expect(rows.map((r) => JSON.parse(r.payload).data.comment).map((c: any) => [c.id, c.status])).toEqual([
      [reported.id, 'pending'],
      [edited.body.comment.id, 'pending'],
    ]);
  });

  it('a write that fails writes no delivery', async () => {
    await setUp(LOCAL);
    await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['comment.created'] }, owner.headers);
    const posted = (await t.post(LIST, aComment())).body.comment;
    const before = await count('webhook_deliveries');
    const at = Date.UTC(2026, 10, 25, 12, 0, 0);
    const row = await t.db.get<Record<string, unknown>>(sql`select * from comments where id = ${posted.id}`);
    // The same comment id again: the insert fails, and the event statement after it is rolled back.
    await expect(
      atomic(t.db, [
        t.db.update(comments).set({ createdAt: at }).where(sql`id = ${posted.id}`),
        commentEventStatement(t.db, { siteId: 'news', type: 'comment.created', commentId: posted.id, guard: { kind: 'created' }, now: at }),
        t.db.insert(comments).values({ ...(row as any), id: posted.id, siteId: 'news', pageId: row!.page_id, authorName: 'x', bodySource: 'x', bodyHtml: 'x', status: 'approved', createdAt: at, updatedAt: at }),
      ]),
    ).rejects.toThrow();
    expect(await count('webhook_deliveries')).toBe(before);
  });
});

describe('outgoing webhooks: who may manage them', () => {
  it('is for owners: a moderator is refused every route', async () => {
    await setUp(LOCAL);
    const mod = await signIn(t, 'mod@example.com');
    const created = await t.post(HOOKS, { url: 'http://127.0.0.1:9/hook', events: ['comment.created'] }, owner.headers);
    const id = created.body.endpoint.id;
    for (const [method, path, body] of [
      ['GET', HOOKS, undefined],
      ['POST', HOOKS, { url: 'http://127.0.0.1:9/x', events: ['comment.created'] }],
      ['PATCH', `${HOOKS}/${id}`, { enabled: false }],
      ['DELETE', `${HOOKS}/${id}`, undefined],
      ['POST', `${HOOKS}/${id}/test`, {}],
      ['POST', `${HOOKS}/${id}/secret`, {}],
      ['GET', `${HOOKS}/${id}/deliveries`, undefined],
    ] as const) {
      const res = await t.request(method, path, body, mod.headers);
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'forbidden']);
    }
    const signedOut = await t.get(HOOKS);
    expect(signedOut.status).toBe(401);
  });

  it("refuses another site's endpoint id under this site", async () => {
    await setUp(LOCAL);
    await createSiteIfMissing(t.db, { id: 'other', name: 'Other', allowedOrigins: [], moderationMode: 'post' }, Date.now());
    const theirs = (await t.post('/api/v1/admin/sites/other/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['comment.created'] }, owner.headers)).body.endpoint.id;
    for (const [method, path, body] of [
      ['PATCH', `${HOOKS}/${theirs}`, { enabled: false }],
      ['DELETE', `${HOOKS}/${theirs}`, undefined],
      ['POST', `${HOOKS}/${theirs}/test`, {}],
      ['POST', `${HOOKS}/${theirs}/secret`, {}],
      ['GET', `${HOOKS}/${theirs}/deliveries`, undefined],
    ] as const) {
      const res = await t.request(method, path, body, owner.headers);
      expect([method, res.status]).toEqual([method, 404]);
    }
    expect((await t.get(HOOKS, owner.headers)).body.endpoints).toEqual([]);
    // And events of one site never go to another's endpoints.
    await t.post(LIST, aComment());
    expect(await count('webhook_deliveries')).toBe(0);
  });

  it('refuses made-up input with a 400 and stores nothing', async () => {
    await setUp(LOCAL);
    for (const body of [{}, { url: 'http://127.0.0.1:9/x' }, { url: 'http://127.0.0.1:9/x', events: [] }, { url: 'http://127.0.0.1:9/x', events: ['comment.eaten'] }, { url: 'ftp://x.example/', events: ['comment.created'] }, { url: 'http://127.0.0.1:9/x', events: ['comment.created'], format: 'teams' }, { url: 'http://u:p@127.0.0.1:9/x', events: ['comment.created'] }, { url: 'http://127.0.0.1:9/x', events: ['comment.created'], secret: 'mine' }]) {
      const res = await t.post(HOOKS, body, owner.headers);
      expect([JSON.stringify(body), res.status, res.body.error.code]).toEqual([JSON.stringify(body), 400, 'invalid_request']);
    }
    expect(await count('webhook_endpoints')).toBe(0);
  });
});

describe('outgoing webhooks: SSRF', () => {
  const HOSTILE = [
    'http://127.0.0.1/',
    'https://127.0.0.1/',
    'https://[::1]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/',
    'https://192.168.1.10/',
    'https://172.16.0.1/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://0x7f000001/',
    'https://2130706433/',
    'https://127.1/',
    'https://localhost/',
    'https://app.localhost/',
    'https://[::ffff:127.0.0.1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://intranet/',
  ];

  it.each(HOSTILE)('refuses %s at registration without WEBHOOKS_ALLOW_PRIVATE', async (url) => {
    await setUp({ allowPrivate: false });
    const res = await t.post(HOOKS, { url, events: ['comment.created'] }, owner.headers);
    expect(res.status).toBe(400);
    expect(res.body.error.fields.url).toBeTruthy();
    expect(await count('webhook_endpoints')).toBe(0);
  });

  it('refuses to change an endpoint to a private URL', async () => {
    await setUp({ allowPrivate: false, resolveHost: async () => ['93.184.216.34'] });
    const created = await t.post(HOOKS, { url: 'https://hooks.example.com/parley', events: ['comment.created'] }, owner.headers);
    expect(created.status).toBe(201);
    const res = await t.request('PATCH', `${HOOKS}/${created.body.endpoint.id}`, { url: 'https://169.254.169.254/' }, owner.headers);
    expect(res.status).toBe(400);
    expect((await t.get(HOOKS, owner.headers)).body.endpoints[0].url).toBe('https://hooks.example.com/parley');
  });

  it('does not send to a name that resolves to 127.0.0.1 at delivery', async () => {
    const calls: string[] = [];
    const transport: WebhookTransport = {
      allowPrivate: false,
      resolveHost: async (host) => (host === 'rebound.example.com' ? ['93.184.216.34', '127.0.0.1'] : ['93.184.216.34']),
      fetch: (async (url: string) => {
        calls.push(url);
        return new Response('ok');
      }) as typeof fetch,
    };
    await setUp(transport);
    const created = await t.post(HOOKS, { url: 'https://rebound.example.com/hook', events: ['comment.created'] }, owner.headers);
    expect(created.status).toBe(201);
    await t.post(LIST, aComment());
    expect(await drain(transport)).toMatchObject({ delivered: 0, failed: 1 });
    expect(calls).toEqual([]);
    const [d] = (await t.get(`${HOOKS}/${created.body.endpoint.id}/deliveries`, owner.headers)).body.deliveries;
    expect(d).toMatchObject({ status: 'failed', responseStatus: null });
    expect(d.error).toContain('resolves to 127.0.0.1');
  });

  it('sends to a public name over https when it resolves to public addresses only', async () => {
    const calls: { url: string; redirect: unknown }[] = [];
    const transport: WebhookTransport = {
      allowPrivate: false,
      resolveHost: async () => ['93.184.216.34'],
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, redirect: init.redirect });
        return new Response('ok');
      }) as typeof fetch,
    };
    await setUp(transport);
    await t.post(HOOKS, { url: 'https://hooks.example.com/hook', events: ['comment.created'] }, owner.headers);
    await t.post(LIST, aComment());
    expect(await drain(transport)).toMatchObject({ delivered: 1 });
    expect(calls).toEqual([{ url: 'https://hooks.example.com/hook', redirect: 'manual' }]);
  });
});
