import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../../server/mail/outbox.ts';
import { resendMailer } from '../../../server/mail/resend-mailer.ts';
import { backfillStats, rebuildStats } from '../../../server/features/stats/index.ts';
import { FakeResend } from '../../support/fake-resend.ts';
import { addEditor, aComment, makeTestApp, type Signed, signIn, type TestApp, WEBHOOK_SECRET } from '../../support/test-app.ts';

/*
 * A history written through the real write paths (posting, moderation, flags, sign-ups with their
 * confirmation, the editors' import, a broadcast and Resend's webhook events) across several days,
 * read back as the overview's series in several time zones, exactly.
 */

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;
const STATS = '/api/v1/admin/sites/news/stats';

let t: TestApp;
let fake: FakeResend;
let owner: Signed;
let moderator: Signed;
/** Where the app's clock is (it also steps a millisecond per reading, which stays far below a second). */
let clock = T0;
const advanceTo = (at: number) => {
  t.tick(at - clock);
  clock = at;
};

beforeEach(async () => {
  t = await makeTestApp({ moderationMode: 'pre' });
  clock = T0;
  fake = await new FakeResend().start();
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
  moderator = await signIn(t, 'mod@example.com');
});
afterEach(async () => {
  t.close();
  await fake.stop();
});

const post = async (page: string, extra: Record<string, unknown> = {}) => {
  const res = await t.post('/api/v1/sites/news/comments', aComment({ page, body: `Comment ${Math.random()}`, ...extra }));
  expect(res.status).toBe(201);
  return res.body.comment.id as string;
};
const act = async (who: Signed, id: string, action: string) => expect((await t.post(`/api/v1/admin/comments/${id}/actions`, { action }, who.headers)).status).toBe(200);
const outboxText = async (to: string) => (await t.db.get<{ text: string }>(sql`select text from outbox where to_email = ${to} and kind = 'confirm'`)).text;
const webhook = async (type: string, data: Record<string, unknown>, id = `msg_${Math.random().toString(36).slice(2)}`) => {
  const body = JSON.stringify({ type, data });
  const at = new Date(clock);
  const signature = new Webhook(WEBHOOK_SECRET).sign(id, at, body);
  const res = await t.app.request('/webhooks/resend', {
    method: 'POST',
    body,
    headers: { 'svix-id': id, 'svix-timestamp': String(Math.floor(clock / 1000)), 'svix-signature': signature, 'Content-Type': 'application/json' },
  });
  expect(res.status).toBe(200);
};

/** The history every test below reads (times UTC). */
async function seedHistory() {
  // Nov 25, 12:00: three comments wait in the pre-moderation queue.
  const c1 = await post('/a');
  const c2 = await post('/a');
  const c3 = await post('/b');
  // 12:01:30 the moderator marks one spam (90 s); 12:10 the owner approves and rejects (600 s each).
  advanceTo(T0 + 90_000);
  await act(moderator, c3, 'spam');
  advanceTo(T0 + 10 * MIN);
  await act(owner, c1, 'approve');
  await act(owner, c2, 'reject');
  // A reader reports the published one: no outcome changes.
  expect((await t.post(`/api/v1/sites/news/comments/${c1}/flags`, { reason: 'spam' })).status).toBeLessThan(300);

  // 18:20 (23:50 in Kolkata, 00:05 next day in Kathmandu): a comment that stays held, whose
  // author asks for reply emails from the comment form (unconfirmed).
  advanceTo(Date.UTC(2026, 10, 25, 18, 20));
  await post('/b', { authorEmail: 'ann@example.com', notifyReplies: true });
  // 18:21: the article's form, newsletter and story updates (confirmed 18:25); another reader,
  // the newsletter alone, never confirms.
  advanceTo(Date.UTC(2026, 10, 25, 18, 21));
  expect((await t.post('/api/v1/sites/news/subscriptions', { email: 'r1@example.com', topics: ['newsletter', 'page'], page: '/a', title: 'A' })).status).toBe(202);
  expect((await t.post('/api/v1/sites/news/subscriptions', { email: 'r2@example.com' })).status).toBe(202);
  advanceTo(Date.UTC(2026, 10, 25, 18, 25));
  const link = /\/newsletter\/confirm\/[\w.-]+/.exec(await outboxText('r1@example.com'))![0];
  expect((await t.app.request(link, { method: 'POST' })).status).toBe(200);

  // Nov 26, 10:00: the owner imports two consenting subscribers (not readers' sign-ups).
  advanceTo(Date.UTC(2026, 10, 26, 10, 0));
  expect((await t.post('/api/v1/admin/subscribers/import', { site: 'news', csv: 'email\na@example.com\nb@example.com', consented: true }, owner.headers)).status).toBe(200);
  // 10:05: a broadcast to the three, handed to Resend.
  advanceTo(Date.UTC(2026, 10, 26, 10, 5));
  const created = await t.post('/api/v1/admin/broadcasts', { site: 'news', subject: 'Briefing', body: 'News.' }, owner.headers);
  const broadcastId = created.body.broadcast.id as string;
  expect((await t.post(`/api/v1/admin/broadcasts/${broadcastId}/send`, {}, owner.headers)).body.broadcast.recipients).toBe(3);
  advanceTo(Date.UTC(2026, 10, 26, 10, 6));
  await drainOutbox(t.db, { mailer: resendMailer('re_key', { baseUrl: fake.url }), from: 'News <news@example.com>', now: () => clock });
  const ids = Object.fromEntries(
    (await t.db.all<{ to_email: string; provider_id: string }>(sql`select to_email, provider_id from outbox where broadcast_id = ${broadcastId}`)).map((r) => [r.to_email, r.provider_id]),
  );
  // 10:10: Resend's events, some of them twice (a retry with a new id, and a replay of the same id).
  advanceTo(Date.UTC(2026, 10, 26, 10, 10));
  for (const to of ['a@example.com', 'b@example.com', 'r1@example.com']) await webhook('email.delivered', { email_id: ids[to], to: [to] });
  await webhook('email.delivered', { email_id: ids['a@example.com'], to: ['a@example.com'] });
  await webhook('email.opened', { email_id: ids['a@example.com'], to: ['a@example.com'] }, 'msg_open_a');
  await webhook('email.opened', { email_id: ids['a@example.com'], to: ['a@example.com'] }, 'msg_open_a');
  await webhook('email.opened', { email_id: ids['a@example.com'], to: ['a@example.com'] });
  await webhook('email.clicked', { email_id: ids['a@example.com'], to: ['a@example.com'] });
  // b bounces for good and r1 complains: both are blocked, so the newsletter loses them.
  await webhook('email.bounced', { email_id: ids['b@example.com'], to: ['b@example.com'], bounce: { type: 'Permanent', message: 'gone' } });
  await webhook('email.complained', { email_id: ids['r1@example.com'], to: ['r1@example.com'] });

  // Nov 27, 09:00: one more, approved 45 s later.
  advanceTo(Date.UTC(2026, 10, 27, 9, 0));
  const c5 = await post('/a');
  advanceTo(Date.UTC(2026, 10, 27, 9, 0, 45));
  await act(owner, c5, 'approve');
  return { broadcastId };
}

const stats = async (query: string, who: Signed = owner) => t.get(`${STATS}?${query}`, who.headers);
const editorId = async (email: string) => (await t.db.get<{ id: string }>(sql`select id from editors where email = ${email}`)).id;
const pageId = async (key: string) => (await t.db.get<{ id: string }>(sql`select id from pages where key = ${key}`)).id;
const counters = async () => t.db.all(sql`select site_id, metric, bucket, subject, value from stats_counters where value != 0 order by site_id, metric, bucket, subject`);

describe('GET /api/v1/admin/sites/:site/stats', () => {
  it('answers a seeded history exactly, in UTC', async () => {
    const { broadcastId } = await seedHistory();
    const res = await stats('from=2026-11-24&to=2026-11-27');
    expect(res.status).toBe(200);
    const [a, b] = [await pageId('/a'), await pageId('/b')];
    expect(res.body).toEqual({
      site: 'news',
      from: '2026-11-24',
      to: '2026-11-27',
      tz: 'UTC',
      days: ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'],
      comments: { published: [0, 1, 0, 1], held: [0, 1, 0, 0], spam: [0, 1, 0, 0], refused: [0, 1, 0, 0] },
      topStories: [
        { pageId: a, key: '/a', title: null, url: null, comments: 3 },
        { pageId: b, key: '/b', title: null, url: null, comments: 1 },
      ],
      moderation: {
        queueNow: 1,
        decisions: 4,
        medianSeconds: 90,
        p90Seconds: 600,
        byEditor: [
          { editorId: await editorId('owner@example.com'), email: 'owner@example.com', actions: 3 },
          { editorId: await editorId('mod@example.com'), email: 'mod@example.com', actions: 1 },
        ],
      },
      newsletter: {
        confirmed: [0, 1, 1, 1],
        gained: [0, 1, 2, 0],
        lost: [0, 0, 2, 0],
        signups: 4,
        signupsConfirmed: 2,
        confirmationRate: 0.5,
        bySource: [
          { pageId: a, key: '/a', title: null, url: null, commentForm: 0, articleForm: 2 },
          { pageId: b, key: '/b', title: null, url: null, commentForm: 1, articleForm: 0 },
        ],
      },
      email: {
        broadcasts: [
          { id: broadcastId, subject: 'Briefing', sentAt: expect.stringMatching(/^2026-11-26T10:05:00\.\d{3}Z$/), sent: 3, delivered: 3, bounced: 1, complained: 1, opened: 1, clicked: 1 },
        ],
      },
    });
  });

  it('cuts days at the zone’s midnight, including +5:30 and +5:45 zones', async () => {
    await seedHistory();
    const kathmandu = (await stats('from=2026-11-25&to=2026-11-26&tz=Asia/Kathmandu')).body;
    expect(kathmandu.comments).toEqual({ published: [1, 0], held: [0, 1], spam: [1, 0], refused: [1, 0] });
    expect(kathmandu.newsletter).toMatchObject({ confirmed: [0, 1], gained: [0, 3], lost: [0, 2], signups: 4 });
    // The sign-ups at 18:20–18:21 UTC fall on the 26th in Kathmandu, on the 25th in Kolkata.
    expect((await stats('from=2026-11-25&to=2026-11-25&tz=Asia/Kathmandu')).body.newsletter).toMatchObject({ signups: 0, signupsConfirmed: 0, confirmationRate: null, bySource: [] });
    expect((await stats('from=2026-11-25&to=2026-11-25&tz=Asia/Kolkata')).body.newsletter).toMatchObject({ signups: 4, signupsConfirmed: 2, confirmationRate: 0.5 });
    const kolkata = (await stats('from=2026-11-25&to=2026-11-26&tz=Asia/Kolkata')).body;
    expect(kolkata.comments).toEqual({ published: [1, 0], held: [1, 0], spam: [1, 0], refused: [1, 0] });
    expect(kolkata.newsletter).toMatchObject({ confirmed: [1, 1], gained: [1, 2], lost: [0, 2], signups: 4 });
    // A period that holds only the last day: Nov 27 09:00 UTC is 04:00 in New York.
    const newYork = (await stats('from=2026-11-27&to=2026-11-27&tz=America/New_York')).body;
    expect(newYork).toMatchObject({ days: ['2026-11-27'], comments: { published: [1] }, moderation: { decisions: 1, medianSeconds: 45, p90Seconds: 45 } });
    expect(newYork.newsletter.confirmed).toEqual([1]);
    expect(newYork.email.broadcasts).toEqual([]);
  });

  it('counts a 23-hour day when the clocks go forward (Europe/Berlin, 28 March 2027)', async () => {
    advanceTo(Date.UTC(2027, 2, 28, 21, 50)); // 23:50 CEST, still the 28th
    await post('/dst');
    advanceTo(Date.UTC(2027, 2, 28, 22, 30)); // 00:30 CEST on the 29th
    await post('/dst');
    // Sessions do not last four months: sign in again.
    owner = await signIn(t, 'owner@example.com');
    expect((await stats('from=2027-03-28&to=2027-03-29&tz=Europe/Berlin')).body.comments.held).toEqual([1, 1]);
    expect((await stats('from=2027-03-28&to=2027-03-29&tz=UTC')).body.comments.held).toEqual([2, 0]);
  });

  it('rebuilds from the base tables exactly the numbers the triggers kept, and backfills a site without rollups once', async () => {
    await seedHistory();
    const kept = await counters();
    const answer = (await stats('from=2026-11-20&to=2026-11-30&tz=Asia/Kathmandu')).body;
    await rebuildStats(t.db, 'news');
    expect(await counters()).toEqual(kept);
    await t.db.run(sql`delete from stats_counters`);
    await t.db.run(sql`delete from email_events where type = 'sent'`);
    expect(await backfillStats(t.db, clock)).toEqual(['news']);
    expect(await counters()).toEqual(kept);
    expect((await stats('from=2026-11-20&to=2026-11-30&tz=Asia/Kathmandu')).body).toEqual(answer);
    // Done once: a later run leaves the site alone, even if its rollups were lost again.
    await t.db.run(sql`delete from stats_counters`);
    expect(await backfillStats(t.db, clock)).toEqual([]);
    expect(await counters()).toEqual([]);
  });

  it('housekeeping notes a site whose triggers kept its rollups from the start, without rebuilding it', async () => {
    await post('/a');
    await t.db.run(sql`update stats_counters set value = value + 7`);
    expect(await backfillStats(t.db, clock)).toEqual([]);
    expect((await stats('from=2026-11-25&to=2026-11-25')).body.comments.held).toEqual([8]);
  });

  it('keeps the counters true when comments and subscribers are erased, and when an editor is removed', async () => {
    await seedHistory();
    await t.db.run(sql`delete from comments where page_id = (select id from pages where key = '/b')`);
    await t.db.run(sql`delete from subscribers where email = 'r1@example.com'`);
    await t.db.run(sql`delete from editors where email = 'mod@example.com'`);
    const kept = await counters();
    await rebuildStats(t.db, 'news');
    expect(await counters()).toEqual(kept);
    const body = (await stats('from=2026-11-24&to=2026-11-27')).body;
    expect(body.comments).toEqual({ published: [0, 1, 0, 1], held: [0, 0, 0, 0], spam: [0, 0, 0, 0], refused: [0, 1, 0, 0] });
    expect(body.moderation).toMatchObject({ queueNow: 0, decisions: 3, byEditor: [{ email: 'owner@example.com', actions: 3 }] });
    expect(body.newsletter).toMatchObject({ gained: [0, 0, 2, 0], lost: [0, 0, 1, 0], confirmed: [0, 0, 1, 1], signups: 2, signupsConfirmed: 0 });
  });

  it('counts comments refused at the door (banned words, a banned commenter) as refused, and a rebuild keeps them', async () => {
    const patched = await t.request('PATCH', '/api/v1/admin/sites/news', { wordLists: { banned: ['forbidden'], suspect: [] } }, owner.headers);
    expect(patched.status).toBe(200);
    expect((await t.post('/api/v1/admin/sites/news/bans', { kind: 'email', value: 'troll@example.com' }, owner.headers)).status).toBe(201);
    expect((await t.post('/api/v1/sites/news/comments', aComment({ body: 'This is forbidden talk.' }))).status).toBe(422);
    expect((await t.post('/api/v1/sites/news/comments', aComment({ authorEmail: 'troll@example.com' }))).status).toBe(403);
    const c = await post('/a');
    await act(owner, c, 'reject');
    const refused = async () => (await stats('from=2026-11-25&to=2026-11-25')).body.comments.refused;
    expect(await refused()).toEqual([3]);
    await rebuildStats(t.db, 'news');
    expect(await refused()).toEqual([3]);
  });

  it('keeps the rollups equal to a rebuild when posts and decisions arrive at once', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => post(i % 2 ? '/a' : '/b')));
    advanceTo(T0 + 5 * MIN);
    await Promise.all(ids.slice(0, 30).map((id, i) => act(i % 2 ? owner : moderator, id, ['approve', 'reject', 'spam'][i % 3]!)));
    // The same decision twice at once: one wins, the other finds nothing left to change.
    await Promise.all([t.post(`/api/v1/admin/comments/${ids[35]}/actions`, { action: 'approve' }, owner.headers), t.post(`/api/v1/admin/comments/${ids[35]}/actions`, { action: 'approve' }, moderator.headers)]);
    const kept = await counters();
    await rebuildStats(t.db, 'news');
    expect(await counters()).toEqual(kept);
    const body = (await stats('from=2026-11-25&to=2026-11-25')).body;
    expect(body.comments).toEqual({ published: [11], held: [9], spam: [10], refused: [10] });
    expect(body.moderation).toMatchObject({ queueNow: 9, decisions: 31, medianSeconds: 300, p90Seconds: 300 });
  });

  it('lets moderators and owners read it; refuses anyone signed out, unknown sites and malformed ones', async () => {
    expect((await stats('from=2026-11-25&to=2026-11-25', moderator)).status).toBe(200);
    expect((await t.get(`${STATS}?from=2026-11-25&to=2026-11-25`)).status).toBe(401);
    const unknown = await t.get('/api/v1/admin/sites/elsewhere/stats?from=2026-11-25&to=2026-11-25', owner.headers);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'site_not_found']);
    expect((await t.get('/api/v1/admin/sites/no%20such/stats?from=2026-11-25&to=2026-11-25', owner.headers)).status).toBe(400);
  });

  it('refuses bad dates, a reversed or too long period and unknown zones with 400', async () => {
    const cases: [string, string][] = [
      ['to=2026-11-25', 'from'],
      ['from=2026-11-25', 'to'],
      ['from=yesterday&to=2026-11-25', 'from'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=2026-11-25&to=2026-13-01', 'to'],
      ['from=2026-11-26&to=2026-11-25', 'from'],
      ['from=2025-01-01&to=2026-01-02', 'to'],
      ['from=2026-11-25&to=2026-11-25&tz=Mars/Olympus_Mons', 'tz'],
      ['from=2026-11-25&to=2026-11-25&tz=', 'tz'],
      [`from=2026-11-25&to=2026-11-25&tz=${'A'.repeat(200)}`, 'tz'],
      ['from=2026-11-25&to=2026-11-25&tz=..%2F..%2Fetc%2Fpasswd', 'tz'],
      ['from=2026-11-25%00&to=2026-11-25', 'from'],
      ['from=+02026-11-25&to=2026-11-25', 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await stats(query);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'invalid_request']);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    // 366 days is the most a period may hold.
    const year = await stats('from=2028-01-01&to=2028-12-31');
    expect([year.status, year.body.days.length]).toEqual([200, 366]);
  });
});
