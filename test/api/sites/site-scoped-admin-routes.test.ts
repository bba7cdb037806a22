import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aComment, addEditor, makeTestApp, type Signed, signIn, type TestApp } from '../../support/test-app.ts';

/*
 * Site-scoped admin routes live under /api/v1/admin/sites/:site/…, behind one site loader; the
 * old paths that took the site as ?site= (or `site` in the body) stay for one release and must
 * answer exactly as the new ones do.
 */

let t: TestApp;
let owner: Signed;
let mod: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
  mod = await signIn(t, 'mod@example.com');
});
afterEach(() => t.close());

const OLD_AND_NEW_READS: [string, string][] = [
  ['/api/v1/admin/comments?site=news&status=all', '/api/v1/admin/sites/news/comments?status=all'],
  ['/api/v1/admin/counts?site=news', '/api/v1/admin/sites/news/counts'],
  ['/api/v1/admin/bans?site=news', '/api/v1/admin/sites/news/bans'],
  ['/api/v1/admin/audit?site=news', '/api/v1/admin/sites/news/audit'],
  ['/api/v1/admin/broadcasts?site=news', '/api/v1/admin/sites/news/broadcasts'],
  ['/api/v1/admin/subscribers?site=news&status=confirmed', '/api/v1/admin/sites/news/subscribers?status=confirmed'],
  ['/api/v1/admin/mailbox?site=news', '/api/v1/admin/sites/news/mailbox'],
];

describe('site-scoped admin routes and their old ?site= aliases', () => {
  it('answer the same, for every read the dashboard makes', async () => {
    const comment = (await t.post('/api/v1/sites/news/comments', aComment({ authorEmail: 'troll@example.com', body: 'Buy now' }))).body.comment;
    expect((await t.post('/api/v1/admin/sites/news/bans', { kind: 'email', commentId: comment.id, reason: 'spam' }, owner.headers)).status).toBe(201);
    expect((await t.post('/api/v1/admin/sites/news/broadcasts', { subject: 'Morning', body: 'News' }, owner.headers)).status).toBe(201);
    expect((await t.post('/api/v1/admin/sites/news/subscribers/import', { csv: 'email\nada@example.com', consented: true }, owner.headers)).body).toEqual({ imported: 1, skipped: [] });

    for (const [old, current] of OLD_AND_NEW_READS) {
      const [a, b] = [await t.get(old, owner.headers), await t.get(current, owner.headers)];
      expect(b.status, current).toBe(200);
      expect(a.status, old).toBe(200);
      expect(a.body, `${old} ≠ ${current}`).toEqual(b.body);
    }
    const [oldCsv, newCsv] = [await t.get('/api/v1/admin/subscribers/export?site=news', owner.headers), await t.get('/api/v1/admin/sites/news/subscribers/export', owner.headers)];
    expect(newCsv.status).toBe(200);
    expect(newCsv.headers.get('Content-Disposition')).toBe('attachment; filename="subscribers-news.csv"');
    expect(oldCsv.body).toEqual(newCsv.body);
    expect(String(newCsv.body)).toContain('ada@example.com');
  });

  it('write the same through either path, also at the same moment', async () => {
    const [viaOld, viaNew] = await Promise.all([
      t.post('/api/v1/admin/bans', { site: 'news', kind: 'email', value: 'x@example.com', reason: 'old' }, owner.headers),
      t.post('/api/v1/admin/sites/news/bans', { kind: 'email', value: 'X@example.com', reason: 'new' }, owner.headers),
    ]);
    expect([viaOld.status, viaNew.status]).toEqual([201, 201]);
    expect(viaOld.body.ban.id === viaNew.body.ban.id || viaOld.body.ban.value === viaNew.body.ban.value).toBe(true);
    const bans = (await t.get('/api/v1/admin/sites/news/bans', owner.headers)).body.bans;
    expect(bans).toHaveLength(1);
    expect(bans[0]).toMatchObject({ siteId: 'news', kind: 'email', value: 'x@example.com' });

    const drafts = await Promise.all([
      t.post('/api/v1/admin/broadcasts', { site: 'news', subject: 'One', body: 'B' }, owner.headers),
      t.post('/api/v1/admin/sites/news/broadcasts', { subject: 'Two', body: 'B' }, owner.headers),
    ]);
    expect(drafts.map((d) => [d.status, d.body.broadcast.site])).toEqual([
      [201, 'news'],
      [201, 'news'],
    ]);

    const ids: string[] = [];
    for (const csv of ['email\none@example.com', 'email\ntwo@example.com']) {
      await t.post('/api/v1/admin/sites/news/subscribers/import', { csv, consented: true }, owner.headers);
    }
    for (const s of (await t.get('/api/v1/admin/sites/news/subscribers', owner.headers)).body.subscribers) ids.push(s.id);
    expect((await t.request('DELETE', `/api/v1/admin/subscribers/${ids[0]}?site=news`, undefined, owner.headers)).status).toBe(204);
    expect((await t.request('DELETE', `/api/v1/admin/sites/news/subscribers/${ids[1]}`, undefined, owner.headers)).status).toBe(204);
    expect((await t.get('/api/v1/admin/sites/news/subscribers', owner.headers)).body.subscribers).toEqual([]);
  });

  it('closes and reopens a page, and uploads an import, under the site', async () => {
    await t.post('/api/v1/sites/news/comments', aComment({ page: '/a/story' }));
    const closed = await t.post(`/api/v1/admin/sites/news/pages/${encodeURIComponent('/a/story')}/close`, {}, mod.headers);
    expect(closed.body).toEqual({ page: { key: '/a/story', closed: true } });
    const wxr = '<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>';
    for (const path of ['/api/v1/admin/sites/news/imports?format=wordpress&dryRun=true', '/api/v1/admin/imports?site=news&format=wordpress&dryRun=true']) {
      const res = await t.app.request(path, { method: 'POST', headers: { ...owner.headers, 'Content-Type': 'application/octet-stream' }, body: wxr });
      expect(res.status, path).toBe(200);
      expect(((await res.json()) as { summary: { dryRun: boolean } }).summary.dryRun).toBe(true);
    }
  });
});

describe('the site loader of /api/v1/admin/sites/:site', () => {
  it('answers made-up site text with 400 naming the site, and an unknown site with 404, never 500', async () => {
    for (const site of ['ab"c', 'caf\u00e9', ' ', 'a'.repeat(64), '%00']) {
      for (const path of ['comments', 'counts', 'bans', 'audit', 'broadcasts', 'subscribers', 'subscribers/export', 'mailbox']) {
        const res = await t.get(`/api/v1/admin/sites/${encodeURIComponent(site)}/${path}`, owner.headers);
        expect(res.status, `${site} ${path}`).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.fields).toHaveProperty('site');
      }
    }
    for (const path of ['comments', 'bans', 'subscribers', 'mailbox', '']) {
      const res = await t.get(`/api/v1/admin/sites/nowhere/${path}`, owner.headers);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('site_not_found');
    }
    expect((await t.post('/api/v1/admin/sites/nowhere/bans', { kind: 'email', value: 'x@example.com' }, owner.headers)).body.error.code).toBe('site_not_found');
  });

  it('keeps the newsletter to owners: a moderator is refused on the new paths as on the old', async () => {
    for (const path of ['/api/v1/admin/sites/news/broadcasts', '/api/v1/admin/sites/news/subscribers', '/api/v1/admin/sites/news/mailbox', '/api/v1/admin/broadcasts?site=news']) {
      const res = await t.get(path, mod.headers);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await t.post('/api/v1/admin/sites/news/broadcasts', { subject: 'S', body: 'B' }, mod.headers)).status).toBe(403);
    // Moderators still work the site's queue there.
    expect((await t.get('/api/v1/admin/sites/news/comments', mod.headers)).status).toBe(200);
  });

  it('needs a session, and the CSRF token for writes', async () => {
    expect((await t.get('/api/v1/admin/sites/news/comments')).status).toBe(401);
    const { 'X-CSRF-Token': _csrf, ...noCsrf } = owner.headers as Record<string, string>;
    const res = await t.post('/api/v1/admin/sites/news/bans', { kind: 'email', value: 'x@example.com' }, noCsrf);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });
});

describe('validation of admin requests', () => {
  it('answers a body that is not a JSON object with the envelope, as before', async () => {
    const send = async (body: string) => {
      const res = await t.app.request('/api/v1/admin/sites/news/bans', { method: 'POST', headers: { ...owner.headers, 'Content-Type': 'application/json' }, body });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect(await send('{"kind":')).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: 'The request body must be JSON.' } } });
    expect(await send('[1]')).toEqual({ status: 400, body: { error: { code: 'invalid_request', message: 'The request body must be a JSON object.' } } });
    const bad = await send(JSON.stringify({ kind: 'nose', value: 'x' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.fields).toEqual({ kind: 'Kind must be email, identity or ip.' });
  });

  it('reads the first of a repeated query parameter, and refuses a bad one with its field', async () => {
    const twice = await t.get('/api/v1/admin/sites/news/comments?status=spam&status=nonsense', owner.headers);
    expect(twice.status).toBe(200);
    const wrong = await t.get('/api/v1/admin/sites/news/comments?limit=0', owner.headers);
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.fields)).toEqual(['limit']);
  });
});
