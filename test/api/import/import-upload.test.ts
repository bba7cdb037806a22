import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../server/app.ts';
import { addEditor, makeTestApp, signIn, type Signed, type TestApp } from '../../support/test-app.ts';
import { tableCounts } from '../../support/import-helpers.ts';

/** The dashboard's upload: POST /api/v1/admin/imports with the export file as the body. */

function disqusExport(posts: number): string {
  const body = [];
  for (let i = 0; i < posts; i++) {
    body.push(
      `<post dsq:id="${i}"><message><![CDATA[<p>Comment ${i} <script>alert(${i})</script><a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)></p>]]></message><createdAt>2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z</createdAt><isDeleted>false</isDeleted><isSpam>${i % 10 === 9}</isSpam><author><name>Reader ${i}</name></author><thread dsq:id="1"/>${i > 0 && i % 4 === 0 ? `<parent dsq:id="${i - 1}"/>` : ''}</post>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1"><link>https://news.example.com/2026/story</link><title>Story</title></thread>${body.join('\n')}</disqus>`;
}

let t: TestApp;
let owner: Signed;
beforeEach(async () => {
  t = await makeTestApp();
  await addEditor(t, 'owner@example.com', 'owner');
  await addEditor(t, 'mod@example.com', 'moderator');
  owner = await signIn(t, 'owner@example.com');
});
afterEach(() => t.close());

const upload = (who: Signed | { headers: Record<string, string> }, query: string, body: string, extra: Record<string, string> = {}) =>
  t.app.request(`/api/v1/admin/imports?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', ...who.headers, ...extra }, body });

describe('import upload (dashboard)', () => {
  it('previews with a dry run, then imports a file far larger than the API body limit', async () => {
    const file = disqusExport(1200);
    expect(file.length).toBeGreaterThan(MAX_BODY_BYTES * 3);
    const before = await tableCounts(t.db);
    const dry = await upload(owner, 'site=news&format=disqus&dryRun=true&filename=export.xml', file);
    expect(dry.status).toBe(200);
    const preview = (await dry.json()).summary;
    expect(preview).toMatchObject({ dryRun: true, pages: { created: 1, existing: 0 }, comments: { approved: 1080, spam: 120 } });
    expect(await tableCounts(t.db)).toEqual(before);

    const real = await upload(owner, 'site=news&format=disqus&filename=export.xml', file);
    expect(real.status).toBe(200);
    expect((await real.json()).summary).toMatchObject({ dryRun: false, comments: { approved: 1080, spam: 120 }, orphans: 0 });

    // Readers see the imported discussion through the public API, safely rendered.
    const list = await t.get('/api/v1/sites/news/comments?page=%2F2026%2Fstory&limit=50&sort=oldest');
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    expect(text).toContain('Comment 0');
    expect(text).not.toMatch(/<script|onerror|javascript:|<img/i);

    // The audit log names the import.
    const audit = await t.get('/api/v1/admin/audit?site=news', owner.headers);
    expect(JSON.stringify(audit.body)).toContain('disqus: export.xml');

    const again = await upload(owner, 'site=news&format=disqus&filename=export.xml', file);
    expect((await again.json()).summary).toMatchObject({ alreadyImported: 1200, comments: { approved: 0, spam: 0 } });
  });

  it('answers a bad file with the one error envelope, naming the file and the line', async () => {
    const res = await upload(owner, 'site=news&format=wordpress&filename=broken.xml', '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item></channel></rss>');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message: 'Cannot import broken.xml, line 1, column 74: the file is not well-formed XML: unexpected close tag' } });
    const xxe = await upload(owner, 'site=news&format=disqus', '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><disqus>&x;</disqus>');
    expect(xxe.status).toBe(400);
    expect((await xxe.json()).error.message).toMatch(/^Cannot import the uploaded file, line 1, column \d+: undefined entity/);
  });

  it('is for owners only, needs the CSRF token, a known site and format, and refuses a declared size over the limit', async () => {
    const mod = await signIn(t, 'mod@example.com');
    expect((await upload(mod, 'site=news&format=disqus', disqusExport(1))).status).toBe(403);
    expect((await upload({ headers: { Cookie: owner.cookie } }, 'site=news&format=disqus', disqusExport(1))).status).toBe(403);
    expect((await upload({ headers: {} }, 'site=news&format=disqus', disqusExport(1))).status).toBe(401);
    expect((await upload(owner, 'site=elsewhere&format=disqus', disqusExport(1))).status).toBe(404);
    const format = await upload(owner, 'site=news&format=commento', disqusExport(1));
    expect(format.status).toBe(400);
    expect((await format.json()).error.fields).toEqual({ format: 'Format must be disqus or wordpress.' });
    const huge = await upload(owner, 'site=news&format=disqus', disqusExport(1), { 'Content-Length': String(600 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await tableCounts(t.db)).comments).toBe(0);
  });
});
