import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../../server/mail/outbox.ts';
import { resendMailer } from '../../../server/mail/resend-mailer.ts';
import { FakeResend } from '../../support/fake-resend.ts';
import { addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
let owner: Signed;
let fake: FakeResend;
beforeEach(async () => {
  t = await makeTestApp();
  fake = await new FakeResend().start();
  await addEditor(t, 'owner@example.com', 'owner');
  owner = await signIn(t, 'owner@example.com');
});
afterEach(async () => {
  t.close();
  await fake.stop();
});

const drain = () => drainOutbox(t.db, { mailer: resendMailer('re_key', { baseUrl: fake.url }), from: 'News <news@example.com>', now: () => Date.UTC(2026, 10, 25, 13) });
const importCsv = (csv: string, consented = true) => t.post('/api/v1/admin/subscribers/import', { site: 'news', csv, consented }, owner.headers);

describe('broadcasts', () => {
  it('sends to every confirmed subscriber with one-click unsubscribe headers, once', async () => {
    const csv = ['email,name', 'a@example.com,Ana', 'b@example.com,Ben', '"c@example.com","Chloé, C."', 'not-an-email,X'].join('\n');
    const imported = await importCsv(csv);
    expect(imported.body).toEqual({ imported: 3, skipped: [{ line: 5, reason: 'not a valid email address' }] });
    await t.post('/api/v1/sites/news/subscriptions', { email: 'pending@example.com' });

    const created = await t.post('/api/v1/admin/broadcasts', { site: 'news', subject: 'Morning briefing', body: '# Today\n\nThe **wind farm** vote. <script>x</script>' }, owner.headers);
    expect(created.status).toBe(201);
    const id = created.body.broadcast.id;
    const sent = await t.post(`/api/v1/admin/broadcasts/${id}/send`, {}, owner.headers);
    expect(sent.body.broadcast).toMatchObject({ status: 'sent', recipients: 3 });
    expect((await t.post(`/api/v1/admin/broadcasts/${id}/send`, {}, owner.headers)).status).toBe(409);

    await drain();
    const newsletters = fake.delivered.filter((d) => d.subject === 'Morning briefing');
    expect(newsletters.map((d) => d.to).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    const mail = newsletters[0]!;
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<http:\/\/parley\.test\/newsletter\/unsubscribe\/[\w-]+\.[\w-]+>$/);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain('<h1>Today</h1>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain('Unsubscribe: http://parley.test/newsletter/unsubscribe/');

    // The recipient's mail client unsubscribes in one click; the broadcast counts it.
    const link = mail.headers['List-Unsubscribe']!.slice(1, -1).replace('http://parley.test', '');
    const res = await t.app.request(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const counts = (await t.get(`/api/v1/admin/broadcasts/${id}`, owner.headers)).body.broadcast.counts;
    expect(counts).toMatchObject({ sent: 3, failed: 0, unsubscribed: 1 });
  });

  it('sends a test to the editor only', async () => {
    await importCsv('email\na@example.com');
    const id = (await t.post('/api/v1/admin/broadcasts', { site: 'news', subject: 'Hi', body: 'Body' }, owner.headers)).body.broadcast.id;
    expect((await t.post(`/api/v1/admin/broadcasts/${id}/test`, {}, owner.headers)).body).toEqual({ sentTo: 'owner@example.com' });
    await drain();
    expect(fake.delivered.map((d) => [d.to, d.subject])).toEqual([['owner@example.com', '[Test] Hi']]);
  });

  it('imports without stated consent by sending confirmations', async () => {
    await importCsv('email\nx@example.com', false);
    const mailbox = (await t.get('/api/v1/admin/mailbox?site=news', owner.headers)).body.messages;
    expect(mailbox.map((m: any) => [m.kind, m.to])).toEqual([['confirm', 'x@example.com']]);
    const list = (await t.get('/api/v1/admin/subscribers?site=news&status=unconfirmed', owner.headers)).body.subscribers;
    expect(list.map((s: any) => s.email)).toEqual(['x@example.com']);
  });

  it('exports subscribers as CSV, defusing spreadsheet formulas', async () => {
    await importCsv('email,name\na@example.com,"=HYPERLINK(""http://evil"")"');
    const res = await t.app.request('/api/v1/admin/subscribers/export?site=news', { headers: owner.headers });
    expect(res.headers.get('Content-Type')).toContain('text/csv');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('email,name,status,topics,created_at');
    expect(text).toContain(`a@example.com,"'=HYPERLINK(""http://evil"")",active,newsletter:confirmed`);
  });

  it('sends a story update to the story followers', async () => {
    await t.post('/api/v1/sites/news/comments', { page: '/2026/story', authorName: 'A', body: 'x', title: 'The story' });
    await t.post('/api/v1/sites/news/subscriptions', { email: 'f@example.com', topics: ['page'], page: '/2026/story' });
    const confirm = await t.db.get<{ text: string }>(sql`select text from outbox where kind = 'confirm'`);
    await t.app.request(/\/newsletter\/confirm\/[\w.-]+/.exec(confirm.text)![0], { method: 'POST' });
    const res = await t.post(`/api/v1/admin/sites/news/pages/${encodeURIComponent('/2026/story')}/updates`, { subject: 'Update: vote delayed', body: 'The vote moved to Friday.' }, owner.headers);
    expect(res.body).toEqual({ recipients: 1 });
    await drain();
    const update = fake.delivered.find((d) => d.subject === 'Update: vote delayed')!;
    expect(update.to).toBe('f@example.com');
    expect(update.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });
});
