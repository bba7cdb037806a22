import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { addEditor, makeTestApp, type Signed, signIn, SITE_ORIGIN, type TestApp } from '../../support/test-app.ts';

let t: TestApp;
let owner: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await createSiteIfMissing(t.db, { id: 'other', name: 'Other Paper', allowedOrigins: [SITE_ORIGIN], moderationMode: 'post' }, Date.UTC(2026, 10, 25));
  await addEditor(t, 'owner@example.com', 'owner');
  owner = await signIn(t, 'owner@example.com');
});
afterEach(() => t.close());

async function subscriberOn(site: string, email: string): Promise<string> {
  const res = await t.post('/api/v1/admin/subscribers/import', { site, csv: `email\n${email}`, consented: true }, owner.headers);
  expect(res.body.imported).toBe(1);
  const list = await t.get(`/api/v1/admin/subscribers?site=${site}`, owner.headers);
  return list.body.subscribers.find((s: any) => s.email === email).id;
}

describe('the site of an admin request', () => {
  it('answers made-up site text with 400 and a field error, never 500, on every route that takes one', async () => {
    const odd = ['ab"c', 'x\r\nSet-Cookie: a=b', 'caf\u00e9', '../etc', ' ', 'a'.repeat(64), '\u0000'];
    for (const site of odd) {
      const q = encodeURIComponent(site);
      for (const path of [`/api/v1/admin/subscribers/export?site=${q}`, `/api/v1/admin/subscribers?site=${q}`, `/api/v1/admin/comments?site=${q}`, `/api/v1/admin/audit?site=${q}`, `/api/v1/admin/mailbox?site=${q}`]) {
        const res = await t.get(path, owner.headers);
        expect(res.status, `${path}`).toBe(400);
        expect(res.body.error.fields).toHaveProperty('site');
      }
      const body = await t.post('/api/v1/admin/broadcasts', { site, subject: 'S', body: 'B' }, owner.headers);
      expect(body.status).toBe(400);
    }
  });

  it('answers an unknown site with 404, also for the export, the list and the mailbox', async () => {
    for (const path of ['/api/v1/admin/subscribers/export?site=nowhere', '/api/v1/admin/subscribers?site=nowhere', '/api/v1/admin/mailbox?site=nowhere', '/api/v1/admin/sites/nowhere']) {
      const res = await t.get(path, owner.headers);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('site_not_found');
    }
  });

  it('names the export file after the site', async () => {
    const res = await t.get('/api/v1/admin/subscribers/export?site=news', owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="subscribers-news.csv"');
  });
});

describe('deleting and unsubscribing a subscriber', () => {
  it('works only through the subscriber’s own site, and is in that site’s audit log without the address', async () => {
    const id = await subscriberOn('other', 'someone@example.com');
    // Through another site: as if it did not exist.
    expect((await t.request('POST', `/api/v1/admin/subscribers/${id}/unsubscribe?site=news`, undefined, owner.headers)).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/admin/subscribers/${id}?site=news`, undefined, owner.headers)).status).toBe(404);
    // Without a site: a field error.
    const bare = await t.request('DELETE', `/api/v1/admin/subscribers/${id}`, undefined, owner.headers);
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields).toHaveProperty('site');
    expect((await t.db.get<{ n: number }>(sql`select count(*) as n from subscriptions where status = 'confirmed'`)).n).toBe(1);

    expect((await t.request('POST', `/api/v1/admin/subscribers/${id}/unsubscribe?site=other`, undefined, owner.headers)).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/admin/subscribers/${id}?site=other`, undefined, owner.headers)).status).toBe(204);
    const audit = (await t.get('/api/v1/admin/audit?site=other', owner.headers)).body.entries;
    expect(audit.map((e: any) => e.action)).toEqual(expect.arrayContaining(['subscriber.unsubscribe', 'subscriber.delete']));
    expect(JSON.stringify(audit)).not.toContain('someone@example.com');
    expect((await t.get('/api/v1/admin/audit?site=news', owner.headers)).body.entries.map((e: any) => e.action)).not.toContain('subscriber.delete');
  });
});
