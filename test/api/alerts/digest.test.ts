import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';
import { atomic } from '../../../db/atomic.ts';
import { dueDigests, oldestWaiting } from '../../../server/features/alerts/alerts.repo.ts';
import { DIGEST_COMMENTS, digestStatements } from '../../../server/features/alerts/digests.ts';
import { alertRows, chooseAlerts, deliver, PUBLIC_URL, runDigests, SECRET } from './alerts-helpers.ts';

const NEWS = '/api/v1/sites/news/comments';
const SPORT = '/api/v1/sites/sport/comments';
/** The test clock starts at 12:00 UTC; hourly digests chosen then are first due at 13:00. */
const AT_13_05 = Date.UTC(2026, 10, 25, 13, 5);
const AT_14_05 = Date.UTC(2026, 10, 25, 14, 5);

let t: TestApp;
let mod: Signed;
let other: Signed;
let quiet: Signed;
beforeEach(async () => {
  t = await makeTestApp({ moderationMode: 'pre' });
  await createSiteIfMissing(t.db, { id: 'sport', name: 'Example Sport', allowedOrigins: [], moderationMode: 'pre' }, Date.UTC(2026, 10, 25));
  await addEditor(t, 'mod@example.com', 'moderator');
  await addEditor(t, 'other@example.com', 'moderator');
  await addEditor(t, 'quiet@example.com', 'owner');
  mod = await signIn(t, 'mod@example.com');
  other = await signIn(t, 'other@example.com');
  quiet = await signIn(t, 'quiet@example.com');
  await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'hourly', flagged: false }]);
  await chooseAlerts(t, other.headers, [{ site: 'sport', digest: 'hourly', flagged: false }]);
  // Chose nothing: the default is off.
  expect((await t.get('/api/v1/admin/account/alerts', quiet.headers)).body.sites.map((s: any) => [s.site.id, s.digest, s.flagged])).toEqual([
    ['news', 'off', false],
    ['sport', 'off', false],
  ]);
});
afterEach(() => t.close());

/** Posts held comments on news, a minute apart, oldest first. */
async function hold(count: number, first: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await t.post(NEWS, aComment({ authorName: `Reader ${i + 1}`, body: `Held comment number ${i + 1}.`, ...(i === 0 ? first : {}) }));
    expect(res.body.comment.status).toBe('pending');
    ids.push(res.body.comment.id);
    t.tick(60_000);
  }
  return ids;
}

describe('the queue digest', () => {
  it("lists the oldest waiting comments of the editor's site, oldest first, escaped, with the total and links to the queue", async () => {
    await hold(7, { authorName: '<img src=x onerror=alert(1)>', body: '<script>alert("x")</script> & more' });
    expect(await runDigests(t, AT_13_05)).toEqual({ queued: 1, quiet: 1 });
    const rows = await alertRows(t);
    expect(rows.map((r) => [r.kind, r.to_email, r.site_id])).toEqual([['alert-digest', 'mod@example.com', 'news']]);
    const [mail] = rows;
    expect(mail!.subject).toBe('7 comments waiting for review on Example News');
    // The five oldest, in order, then how many more.
    const listed = [...mail!.text.matchAll(/^\d+\. (.+?) on “/gm)].map((m) => m[1]);
    expect(listed).toEqual(['<img src=x onerror=alert(1)>', 'Reader 2', 'Reader 3', 'Reader 4', 'Reader 5']);
    expect(mail!.text).toContain('…and 2 more.');
    expect(mail!.text).toContain('Reader 5 on “/2026/story”, waiting 1 h');
    expect(mail!.text).toContain('“/2026/story”');
    // Nothing a reader typed reaches the HTML unescaped.
    expect(mail!.html).not.toContain('<img src=x');
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail!.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(mail!.html.indexOf('Reader 2')).toBeLessThan(mail!.html.indexOf('Reader 5'));
    expect(mail!.html).not.toContain('Reader 6');
    expect(mail!.html).toContain('href="http://parley.test/admin/#/queue/pending?site=news"');
    // Each comment links to its story's comments in the queue.
    expect(mail!.html.match(/href="http:\/\/parley\.test\/admin\/#\/queue\/pending\?site=news&amp;page=%2F2026%2Fstory">Review this story's comments</g)).toHaveLength(5);
    expect(mail!.text).toContain('Review: http://parley.test/admin/#/queue/pending?site=news&page=%2F2026%2Fstory');
    expect(JSON.parse(mail!.headers)).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    // The account page remembers when the last digest went out.
    const mine = (await t.get('/api/v1/admin/account/alerts', mod.headers)).body.sites;
    expect(mine.find((s: any) => s.site.id === 'news').lastDigestAt).toBe(AT_13_05);
  });

  it('reaches the provider with the one-click unsubscribe headers', async () => {
    await hold(1);
    await runDigests(t, AT_13_05);
    const [sent] = await deliver(t, AT_13_05);
    expect(sent!.to).toBe('mod@example.com');
    expect(sent!.headers['List-Unsubscribe']).toMatch(/^<http:\/\/parley\.test\/alerts\/off\/[\w-]+\.[\w-]+>$/);
    expect(sent!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(sent!.subject).toBe('1 comment waiting for review on Example News');
  });

  it('is quiet when nothing waits, and tells of what waits next period', async () => {
    expect(await runDigests(t, AT_13_05)).toEqual({ queued: 0, quiet: 2 });
    expect(await alertRows(t)).toEqual([]);
    // Nor is the quiet period made up for within it.
    await hold(1);
    expect(await runDigests(t, AT_13_05 + 60_000)).toEqual({ queued: 0, quiet: 0 });
    expect(await runDigests(t, AT_14_05)).toEqual({ queued: 1, quiet: 1 });
    expect((await alertRows(t)).map((r) => r.to_email)).toEqual(['mod@example.com']);
  });

  it('is not sent twice for the same hour: run again, at once, or after a run that died before it recorded the digest', async () => {
    await hold(2);
    const reports = await Promise.all([runDigests(t, AT_13_05), runDigests(t, AT_13_05), runDigests(t, AT_13_05 + 1000)]);
    expect(reports.reduce((n, r) => n + r.queued, 0)).toBeGreaterThanOrEqual(1);
    await runDigests(t, AT_13_05 + 120_000);
    expect(await alertRows(t)).toHaveLength(1);
    // A run that queued the email but whose "next due" was lost: the key of the hour holds.
    await t.db.run(sql`update editor_alerts set digest_due_at = ${Date.UTC(2026, 10, 25, 13)}`);
    await runDigests(t, AT_13_05 + 180_000);
    expect(await alertRows(t)).toHaveLength(1);
    // The next hour is a new digest.
    await runDigests(t, AT_14_05);
    const rows = await alertRows(t);
    expect(rows.map((r) => r.idempotency_key.replace(/-[0-9a-z]+-news-/, '-ID-news-'))).toEqual(['alert-digest-ID-news-2026-11-25T13', 'alert-digest-ID-news-2026-11-25T14']);
  });

  it('goes to the editors who chose it for that site only, and not to one who turned it off', async () => {
    await hold(1);
    await t.post(SPORT, aComment({ authorName: 'Sporty', body: 'A held sport comment.' }));
    await chooseAlerts(t, quiet.headers, [{ site: 'news', digest: 'hourly', flagged: true }]);
    await chooseAlerts(t, quiet.headers, [{ site: 'news', digest: 'off', flagged: true }]);
    await runDigests(t, AT_13_05);
    const rows = await alertRows(t);
    expect(rows.map((r) => [r.to_email, r.site_id]).sort()).toEqual([
      ['mod@example.com', 'news'],
      ['other@example.com', 'sport'],
    ]);
    expect(rows.find((r) => r.site_id === 'sport')!.text).toContain('Sporty');
    expect(rows.find((r) => r.site_id === 'sport')!.text).not.toContain('Reader 1');
    expect(rows.find((r) => r.site_id === 'news')!.text).not.toContain('Sporty');
  });

  it('sends a daily digest once a day, from 08:00 UTC', async () => {
    await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'daily', flagged: false }]);
    await hold(1);
    await runDigests(t, AT_14_05);
    await runDigests(t, Date.UTC(2026, 10, 26, 7, 59));
    expect(await alertRows(t)).toEqual([]);
    await runDigests(t, Date.UTC(2026, 10, 26, 8, 0));
    await runDigests(t, Date.UTC(2026, 10, 26, 20, 0));
    const rows = await alertRows(t);
    expect(rows.map((r) => r.idempotency_key.slice(-10))).toEqual(['2026-11-26']);
    expect(rows[0]!.text).toContain('daily digest');
  });

  it("loses the reader's words when the reader's data is erased: sent digests are emptied, a queued one goes, others stay", async () => {
    // 13:05: a digest quoting Ada, sent; 14:05: another quoting her, still queued; sport's digest never quoted her.
    await hold(2, { authorName: 'Ada Reader', authorEmail: 'ada@example.net', body: 'Words Ada wants gone' });
    await t.post(SPORT, aComment({ authorName: 'Sporty', body: 'A held sport comment.' }));
    await runDigests(t, AT_13_05);
    await deliver(t, AT_13_05);
    await runDigests(t, AT_14_05);
    const before = await alertRows(t);
    expect(before.filter((r) => r.text.includes('Words Ada wants gone')).map((r) => r.site_id)).toEqual(['news', 'news']);
    const [sent, queued] = before.filter((r) => r.site_id === 'news');
    const erased = await t.post('/api/v1/admin/privacy/erase', { email: 'ada@example.net', doNotMail: false }, quiet.headers);
    expect(erased.status).toBe(200);
    const after = await alertRows(t);
    expect(JSON.stringify(after)).not.toContain('Ada');
    expect(after.find((r) => r.id === sent!.id)).toMatchObject({ subject: '', html: '', text: '' });
    expect(after.find((r) => r.id === queued!.id)).toBeUndefined();
    // The sport digests are untouched.
    expect(after.filter((r) => r.site_id === 'sport').map((r) => r.text.includes('Sporty'))).toEqual([true, true]);
    expect((await t.db.all(sql`select * from alert_digest_comments where comment_id in (select id from comments where author_name = 'Ada Reader')`)).length).toBe(0);
    // The next digest lists what still waits, without her.
    await runDigests(t, AT_14_05 + 3_600_000);
    const next = (await alertRows(t)).filter((r) => r.site_id === 'news').at(-1)!;
    expect(next.text).toContain('Reader 2');
    expect(next.text).not.toContain('Ada');
  });

  it("sends a daily digest at 08:00 on the editor's clock, from the zone their browser gave", async () => {
    const res = await t.request('PUT', '/api/v1/admin/account/alerts', { sites: [{ site: 'news', digest: 'daily', flagged: false }], timeZone: 'america/new_york' }, mod.headers);
    expect(res.status).toBe(200);
    expect(res.body.sites.find((s: any) => s.site.id === 'news')).toMatchObject({ digest: 'daily', timeZone: 'America/New_York' });
    await hold(1);
    // Chosen at 07:00 New York time (12:00 UTC): the first is due at 08:00 there, 13:00 UTC.
    await runDigests(t, Date.UTC(2026, 10, 25, 12, 59));
    expect(await alertRows(t)).toEqual([]);
    await runDigests(t, Date.UTC(2026, 10, 25, 13, 0));
    // 08:00 UTC the next day is 03:00 in New York: still the same day's period.
    await runDigests(t, Date.UTC(2026, 10, 26, 8, 0));
    await runDigests(t, Date.UTC(2026, 10, 26, 12, 59));
    await runDigests(t, Date.UTC(2026, 10, 26, 13, 0));
    expect((await alertRows(t)).map((r) => r.idempotency_key.slice(-10))).toEqual(['2026-11-25', '2026-11-26']);
    // Saving the same choices again keeps the time; a new zone moves it to 08:00 there.
    const due = async () => (await t.db.all<{ due: number }>(sql`select digest_due_at as due from editor_alerts where site_id = 'news' and digest = 'daily'`)).map((r) => r.due);
    expect(await due()).toEqual([Date.UTC(2026, 10, 27, 13)]);
    await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'daily', flagged: false }], 'America/New_York');
    expect(await due()).toEqual([Date.UTC(2026, 10, 27, 13)]);
    // The app's clock is still 25 November, about 17:30 in Kolkata: next is 08:00 there on the 26th.
    await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'daily', flagged: false }], 'Asia/Kolkata');
    expect(await due()).toEqual([Date.UTC(2026, 10, 26, 2, 30)]);
  });

  it('refuses a time zone that is not one, and stores nothing', async () => {
    for (const timeZone of ['Mars/Olympus_Mons', '', 'UTC+25', 'x'.repeat(65), 42]) {
      const res = await t.request('PUT', '/api/v1/admin/account/alerts', { sites: [{ site: 'news', digest: 'daily', flagged: true }], timeZone }, mod.headers);
      expect(res.status, String(timeZone)).toBe(400);
      expect(res.body.error.message).toMatch(/time zone/i);
    }
    expect((await t.get('/api/v1/admin/account/alerts', mod.headers)).body.sites.find((s: any) => s.site.id === 'news')).toMatchObject({ digest: 'hourly', flagged: false, timeZone: 'UTC' });
  });

  it('is withdrawn in its own write when an erasure ran between reading the queue and queueing it', async () => {
    await hold(2, { authorName: 'Ada Reader', authorEmail: 'ada@example.net', body: 'Words Ada wants gone' });
    // What the job read…
    const [due] = (await dueDigests(t.db, AT_13_05, 10)).filter((d) => d.siteId === 'news');
    const oldest = await oldestWaiting(t.db, ['news'], DIGEST_COMMENTS);
    expect(oldest.map((c) => c.authorName)).toEqual(['Ada Reader', 'Reader 2']);
    // …then the erasure commits, then the job's write.
    expect((await t.post('/api/v1/admin/privacy/erase', { email: 'ada@example.net', doNotMail: false }, quiet.headers)).status).toBe(200);
    await atomic(t.db, await digestStatements(t.db, { ...due!, digest: 'hourly' }, oldest, { secret: SECRET, publicUrl: PUBLIC_URL, now: AT_13_05 }));
    expect(await alertRows(t)).toEqual([]);
    expect(await t.db.all(sql`select * from alert_digest_comments`)).toEqual([]);
    // The period is done; the next digest lists what still waits.
    await runDigests(t, AT_14_05);
    const rows = await alertRows(t);
    expect(rows.map((r) => r.site_id)).toEqual(['news']);
    expect(rows[0]!.text).toContain('Reader 2');
    expect(rows[0]!.text).not.toContain('Ada');
  });

  it('stops when the comments are decided', async () => {
    const ids = await hold(2);
    for (const id of ids) await t.post(`/api/v1/admin/comments/${id}/actions`, { action: 'approve' }, mod.headers);
    expect(await runDigests(t, AT_13_05)).toEqual({ queued: 0, quiet: 2 });
    expect(await alertRows(t)).toEqual([]);
  });
});
