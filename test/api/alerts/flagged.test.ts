import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';
import { alertRows, appWithIpHeader, chooseAlerts } from './alerts-helpers.ts';

const NEWS = '/api/v1/sites/news/comments';

let t: TestApp;
let mod: Signed;
let owner: Signed;
let sportOnly: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await createSiteIfMissing(t.db, { id: 'sport', name: 'Example Sport', allowedOrigins: [], moderationMode: 'post' }, Date.UTC(2026, 10, 25));
  await addEditor(t, 'mod@example.com', 'moderator');
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'sport@example.com', 'moderator');
  await addEditor(t, 'nothing@example.com', 'moderator');
  mod = await signIn(t, 'mod@example.com');
  owner = await signIn(t, 'owner@example.com');
  sportOnly = await signIn(t, 'sport@example.com');
  await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'off', flagged: true }]);
  await chooseAlerts(t, owner.headers, [{ site: 'news', digest: 'daily', flagged: true }]);
  await chooseAlerts(t, sportOnly.headers, [{ site: 'sport', digest: 'off', flagged: true }, { site: 'news', digest: 'hourly', flagged: false }]);
});
afterEach(() => t.close());

const flagFrom = (id: string, ip: string) => {
  t.setIp(ip);
  return t.post(`${NEWS}/${id}/flags`, { reason: 'abuse' });
};

describe('the report alert', () => {
  it('mails each editor who asked for it once, when reports from the threshold of networks (3) arrive', async () => {
    const posted = (await t.post(NEWS, aComment({ authorName: '<b>Troll</b>', body: 'Something <em>rude</em> & loud' }))).body.comment;
    await flagFrom(posted.id, '198.51.100.1');
    await flagFrom(posted.id, '198.51.100.1'); // the same reader again
    await flagFrom(posted.id, '198.51.100.2');
    expect(await alertRows(t)).toEqual([]);
    expect((await flagFrom(posted.id, '198.51.100.3')).status).toBe(201);
    let rows = await alertRows(t);
    expect(rows.map((r) => [r.kind, r.to_email]).sort()).toEqual([
      ['alert-flagged', 'mod@example.com'],
      ['alert-flagged', 'owner@example.com'],
    ]);
    const mail = rows[0]!;
    expect(mail.subject).toBe('A comment was reported on Example News');
    expect(mail.html).toContain('&lt;b&gt;Troll&lt;/b&gt;');
    expect(mail.html).toContain('Something &lt;em&gt;rude&lt;/em&gt; &amp; loud');
    expect(mail.html).not.toContain('<em>rude');
    // "Review it" opens the Flagged queue of that story, where the comment is found at once.
    expect(mail.html).toContain('href="http://parley.test/admin/#/queue/flagged?site=news&amp;page=%2F2026%2Fstory"');
    expect(mail.text).toContain('Review it: http://parley.test/admin/#/queue/flagged?site=news&page=%2F2026%2Fstory');
    expect(mail.text).toContain('reported by 3 or more readers');
    expect(JSON.parse(mail.headers)).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    // More reports of the same comment: no more alerts.
    await flagFrom(posted.id, '198.51.100.4');
    await flagFrom(posted.id, '198.51.100.3');
    rows = await alertRows(t);
    expect(rows).toHaveLength(2);
  });

  it("uses the site's threshold, and sends nothing below it", async () => {
    expect((await t.request('PATCH', '/api/v1/admin/sites/news', { flagThreshold: 2 }, owner.headers)).status).toBe(200);
    const posted = (await t.post(NEWS, aComment())).body.comment;
    await flagFrom(posted.id, '198.51.100.1');
    expect(await alertRows(t)).toEqual([]);
    await flagFrom(posted.id, '198.51.100.2');
    expect(await alertRows(t)).toHaveLength(2);
  });

  it('sends exactly one alert per editor for a burst of concurrent reports from many networks', async () => {
    const posted = (await t.post(NEWS, aComment())).body.comment;
    const app = appWithIpHeader(t);
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.request(`${NEWS}/${posted.id}/flags`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Test-Ip': `198.51.100.${i + 10}` }, body: JSON.stringify({ reason: 'spam' }) }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(12).fill(201));
    const [{ n }] = (await t.db.all<{ n: number }>(sql`select flag_count as n from comments where id = ${posted.id}`)) as [{ n: number }];
    expect(n).toBe(12);
    expect((await alertRows(t)).map((r) => r.to_email).sort()).toEqual(['mod@example.com', 'owner@example.com']);
  });

  it("does not alert editors of another site, nor those who did not ask, and keeps the report when there is no one to tell", async () => {
    await chooseAlerts(t, mod.headers, [{ site: 'news', digest: 'off', flagged: false }]);
    await chooseAlerts(t, owner.headers, [{ site: 'news', digest: 'off', flagged: false }]);
    const posted = (await t.post(NEWS, aComment())).body.comment;
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expect((await flagFrom(posted.id, ip)).status).toBe(201);
    expect(await alertRows(t)).toEqual([]);
    const [{ n }] = (await t.db.all<{ n: number }>(sql`select flag_count as n from comments where id = ${posted.id}`)) as [{ n: number }];
    expect(n).toBe(3);
  });

  it('points to the Pending queue when the site hides reported comments until reviewed', async () => {
    await t.request('PATCH', '/api/v1/admin/sites/news', { hideFlaggedUntilReviewed: true }, owner.headers);
    const posted = (await t.post(NEWS, aComment())).body.comment;
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await flagFrom(posted.id, ip);
    const rows = await alertRows(t);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.html).toContain('#/queue/pending?site=news');
  });

  it("loses the reader's words when the reader's data is erased (queued alerts go, sent ones are emptied)", async () => {
    const posted = (await t.post(NEWS, aComment({ authorName: 'Ada Reader', authorEmail: 'ada@example.net', body: 'Words Ada wants gone' }))).body.comment;
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await flagFrom(posted.id, ip);
    const rows = await alertRows(t);
    expect(rows).toHaveLength(2);
    // One of them has left already.
    await t.db.run(sql`update outbox set status = 'sent' where id = ${rows[0]!.id}`);
    expect((await t.post('/api/v1/admin/privacy/erase', { email: 'ada@example.net', doNotMail: false }, owner.headers)).status).toBe(200);
    const after = await alertRows(t);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: rows[0]!.id, subject: '', html: '', text: '' });
    expect(JSON.stringify(await alertRows(t))).not.toContain('Ada');
  });
});
