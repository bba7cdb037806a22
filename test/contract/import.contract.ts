import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './client.ts';
import { siteWithOwner } from './site-setup.ts';
import type { ContractSuite } from './target.ts';

const SITE = 'c-import';
const PAGE = '/2024/03/harbour-story/';

/**
 * A small Disqus export: one thread, a top-level post with a link and a script, a reply to it,
 * a second top-level post, a spam post and a deleted one.
 */
const DISQUS = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1"><forum>news</forum><title>General</title><isDefault>true</isDefault></category>
  <thread dsq:id="t1">
    <id>harbour-story</id>
    <forum>news</forum>
    <category dsq:id="1"/>
    <link>https://news.example.com${PAGE}</link>
    <title>Harbour story</title>
    <createdAt>2024-03-01T08:00:00Z</createdAt>
    <isClosed>false</isClosed>
    <isDeleted>false</isDeleted>
  </thread>
  <post dsq:id="p1">
    <id>wp_id=1</id>
    <message><![CDATA[<p>Great <b>reporting</b>, see <a href="https://example.org/source">the source</a>.</p><script>alert('x')</script><p>Second paragraph.</p>]]></message>
    <createdAt>2024-03-01T09:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Ada Lovelace</name><email>ada@example.com</email><isAnonymous>false</isAnonymous><username>ada</username></author>
    <thread dsq:id="t1"/>
  </post>
  <post dsq:id="p2">
    <message><![CDATA[<p>Agreed &mdash; <i>thanks</i> <a href="javascript:alert(1)">click</a><img src="x" onerror="alert(2)"></p>]]></message>
    <createdAt>2024-03-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Grace Hopper</name><isAnonymous>false</isAnonymous><username>grace</username></author>
    <thread dsq:id="t1"/>
    <parent dsq:id="p1"/>
  </post>
  <post dsq:id="p3">
    <message><![CDATA[<p>A second opinion.</p>]]></message>
    <createdAt>2024-03-01T11:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Linus</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="t1"/>
  </post>
  <post dsq:id="p4">
    <message><![CDATA[<p>Buy cheap watches</p>]]></message>
    <createdAt>2024-03-01T12:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>true</isSpam>
    <author><name>Spammer</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="t1"/>
  </post>
  <post dsq:id="p5">
    <message><![CDATA[<p>Regret this.</p>]]></message>
    <createdAt>2024-03-01T13:00:00Z</createdAt>
    <isDeleted>true</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Someone</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="t1"/>
  </post>
</disqus>
`;

/**
 * The dashboard's upload (`POST /api/v1/admin/imports`, the file as the raw body) on both
 * targets: on Workers it runs the same streaming importer and HTML-to-Markdown conversion.
 */
export const importContract: ContractSuite = (target) => {
  describe('import from Disqus (dashboard upload)', () => {
    let owner: Client;
    let reader: Client;

    const upload = (dryRun: boolean) =>
      owner.request('POST', `/api/v1/admin/imports?site=${SITE}&format=disqus&dryRun=${dryRun}&pageKey=path&filename=disqus-export.xml`, DISQUS, {
        'Content-Type': 'application/octet-stream',
      });

    beforeAll(async () => {
      ({ owner, reader } = await siteWithOwner(target, SITE));
    });

    it('previews with a dry run that writes nothing', async () => {
      const dry = await upload(true);
      expect(dry.status, JSON.stringify(dry.body)).toBe(200);
      expect(dry.body.summary).toMatchObject({
        dryRun: true,
        pages: { created: 1, existing: 0 },
        comments: { approved: 3, spam: 1, deleted: 1 },
        alreadyImported: 0,
        orphans: 0,
      });
      const list = await reader.get(`/api/v1/sites/${SITE}/comments?page=${encodeURIComponent(PAGE)}`);
      expect(list.status).toBe(200);
      expect(list.body.comments).toEqual([]);
    });

    it('imports, and the public listing shows the comments nested and sanitised', async () => {
      const real = await upload(false);
      expect(real.status, JSON.stringify(real.body)).toBe(200);
      expect(real.body.summary).toMatchObject({ dryRun: false, pages: { created: 1 }, comments: { approved: 3, spam: 1, deleted: 1 }, alreadyImported: 0, orphans: 0 });

      const list = await reader.get(`/api/v1/sites/${SITE}/comments?page=${encodeURIComponent(PAGE)}&sort=oldest`);
      expect(list.status).toBe(200);
      expect(list.body.page).toMatchObject({ key: PAGE, title: 'Harbour story', commentCount: 3 });
      const [first, second] = list.body.comments;
      expect(list.body.comments).toHaveLength(2);
      expect(first).toMatchObject({ authorName: 'Ada Lovelace', parentId: null, createdAt: '2024-03-01T09:00:00.000Z' });
      expect(first.bodyHtml).toBe(
        '<p>Great <strong>reporting</strong>, see <a href="https://example.org/source" rel="nofollow ugc noopener" target="_blank">the source</a>.</p>\n<p>Second paragraph.</p>',
      );
      expect(first.replies).toHaveLength(1);
      expect(first.replies[0]).toMatchObject({ authorName: 'Grace Hopper', parentId: first.id });
      expect(first.replies[0].bodyHtml).toContain('<em>thanks</em>');
      expect(second).toMatchObject({ authorName: 'Linus', bodyHtml: '<p>A second opinion.</p>', replies: [] });

      const text = JSON.stringify(list.body);
      expect(text).not.toMatch(/<script|alert|onerror|javascript:|<img|Buy cheap|Regret/i);
    });

    it('a second import of the same file adds nothing', async () => {
      const again = await upload(false);
      expect(again.status).toBe(200);
      expect(again.body.summary).toMatchObject({ pages: { created: 0 }, comments: { approved: 0, pending: 0, spam: 0, rejected: 0, deleted: 0 }, alreadyImported: 5 });
      const list = await reader.get(`/api/v1/sites/${SITE}/comments?page=${encodeURIComponent(PAGE)}`);
      expect(list.body.page.commentCount).toBe(3);
    });
  });
};
