import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../db/client.ts';
import { ImportFileError } from '../../../server/features/import/import-error.ts';
import { importDb, importedRows, importText, tableCounts } from '../../support/import-helpers.ts';

/**
 * A Disqus export as Disqus writes it (help centre "Comments Export", XSD 1.0): categories, then
 * threads and posts with dsq:id attributes. This one is assembled to hold what real exports do:
 * a post before its thread, a reply before its parent, a three-level chain, deleted and spam
 * posts, a deleted thread, missing ids, emails and titles, entities, CDATA, padded values, and
 * hostile HTML in a body.
 */
const DISQUS = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://disqus.com/api/schemas/1.0/disqus.xsd http://disqus.com/api/schemas/1.0/disqus-internals.xsd">
  <category dsq:id="100"><forum>harbourtimes</forum><title>General</title><isDefault>true</isDefault></category>

  <!-- A reply listed before the thread and before its parent. -->
  <post dsq:id="503">
    <id />
    <message><![CDATA[<p>Replying to Zoë: <b>agreed</b>.</p>]]></message>
    <createdAt>2024-03-01T10:05:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Kofi</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="1" />
    <parent dsq:id="501" />
  </post>

  <thread dsq:id="1">
    <id>story-1</id>
    <forum>harbourtimes</forum>
    <category dsq:id="100" />
    <link>
      https://news.example.com/2024/03/wind-farm?ref=home#comments
    </link>
    <title>Wind farm &amp; harbour: what&#8217;s next</title>
    <message />
    <createdAt>2024-03-01T09:00:00Z</createdAt>
    <author><name>Desk</name><isAnonymous>false</isAnonymous><username>desk</username></author>
    <isClosed>false</isClosed>
    <isDeleted>false</isDeleted>
  </thread>

  <post dsq:id="501">
    <id>wp_id=17</id>
    <message>
      <![CDATA[<p>First &amp; <i>foremost</i>: see <a href="https://example.org/report" rel="follow">the report</a>.</p><p>Zoë</p>]]>
    </message>
    <createdAt>
      2024-03-01T10:00:00Z
    </createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author>
      <email>  Zoe@Example.COM
      </email>
      <name>Zoë Ångström</name>
      <isAnonymous>false</isAnonymous>
      <username>zoe</username>
    </author>
    <ipAddress>203.0.113.9</ipAddress>
    <thread dsq:id="1" />
  </post>

  <post dsq:id="504">
    <message><![CDATA[<p>Third level <script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">click</a> <a href="https://evil.example/">ok</a></p>]]></message>
    <createdAt>2024-03-01T10:10:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>&lt;script&gt;alert("name")&lt;/script&gt;</name><email>not an email</email></author>
    <thread dsq:id="1" />
    <parent dsq:id="503" />
  </post>

  <post dsq:id="505">
    <message><![CDATA[<p>Buy cheap pills</p>]]></message>
    <createdAt>2024-03-01T11:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>true</isSpam>
    <author><name>spammer</name><email>spam@example.net</email></author>
    <thread dsq:id="1" />
  </post>

  <post dsq:id="506">
    <message><![CDATA[<p>I said something I regret</p>]]></message>
    <createdAt>2024-03-01T11:30:00Z</createdAt>
    <isDeleted>true</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Regretful</name></author>
    <thread dsq:id="1" />
  </post>

  <post dsq:id="507">
    <message><![CDATA[<p>Reply to a deleted comment keeps its place.</p>]]></message>
    <createdAt>2024-03-01T11:40:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Ines</name></author>
    <thread dsq:id="1" />
    <parent dsq:id="506" />
  </post>

  <post dsq:id="508">
    <message><![CDATA[<p>My parent was never exported.</p>]]></message>
    <createdAt>2024-03-01T12:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <author><name>Orphan</name></author>
    <thread dsq:id="1" />
    <parent dsq:id="999999" />
  </post>

  <!-- No dsq:id on the post, no title or identifier on the thread, no author at all. -->
  <thread dsq:id="2">
    <id />
    <link>http://news.example.com/2024/04/ferry/</link>
    <title />
    <isDeleted>false</isDeleted>
  </thread>
  <post>
    <message>&lt;p&gt;Escaped HTML, not CDATA: 5 &amp;lt; 6&lt;/p&gt;</message>
    <createdAt>2024-04-02T08:00:00Z</createdAt>
    <isDeleted>false</isDeleted>
    <isSpam>false</isSpam>
    <thread dsq:id="2" />
  </post>

  <thread dsq:id="3">
    <link>https://news.example.com/2024/05/gone</link>
    <title>Removed story</title>
    <isDeleted>true</isDeleted>
  </thread>
  <post dsq:id="601">
    <message><![CDATA[<p>On a deleted thread</p>]]></message>
    <createdAt>2024-05-01T08:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Nobody</name></author>
    <thread dsq:id="3" />
  </post>
  <post dsq:id="602">
    <message><![CDATA[<p>Thread 1337 does not exist</p>]]></message>
    <createdAt>2024-05-01T08:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Lost</name></author>
    <thread dsq:id="1337" />
  </post>
</disqus>
`;

let db: AppDb;
let close: () => void;
beforeEach(async () => ({ db, close } = await importDb()));
afterEach(() => close());

describe('Disqus import', () => {
  it('maps threads to pages and posts to comments with parents, statuses, authors and times', async () => {
    const summary = await importText(db, 'disqus', DISQUS);
    expect(summary.pages).toEqual({ created: 2, existing: 0 });
    expect(summary.comments).toMatchObject({ approved: 6, spam: 1, deleted: 1, pending: 0 });
    expect(summary.skipped).toEqual({
      'comment on a skipped page (thread deleted in Disqus)': 1,
      'comment whose thread is not in the file': 1,
    });
    expect(summary.orphans).toBe(1);

    const rows = await importedRows(db);
    const by = (id: string) => rows.find((r) => r.externalId === id)!;
    expect(rows).toHaveLength(8);

    // Page key from the link's path and query; the fragment dropped; title entities decoded.
    expect(by('501')).toMatchObject({ pageKey: '/2024/03/wind-farm?ref=home', pageTitle: 'Wind farm & harbour: what’s next', pageUrl: 'https://news.example.com/2024/03/wind-farm?ref=home' });
    expect(by('501')).toMatchObject({ authorName: 'Zoë Ångström', authorEmail: 'zoe@example.com', status: 'approved', depth: 0, createdAt: Date.UTC(2024, 2, 1, 10, 0, 0) });
    // Reply listed before its parent, and a third level under it.
    expect(by('503')).toMatchObject({ parent: '501', root: '501', depth: 1 });
    expect(by('504')).toMatchObject({ parent: '503', root: '501', depth: 2, authorEmail: null });
    // Spam and deleted are kept as such (not shown); a deleted post's text is not brought back.
    expect(by('505').status).toBe('spam');
    expect(by('506')).toMatchObject({ status: 'deleted', bodySource: '', bodyHtml: '' });
    expect(by('507')).toMatchObject({ parent: '506', depth: 1, status: 'approved' });
    // The orphan is top-level.
    expect(by('508')).toMatchObject({ parent: undefined, depth: 0 });

    // A post without a dsq:id, a thread without title: imported, with defaults.
    const anonymous = rows.find((r) => r.pageKey === '/2024/04/ferry/')!;
    expect(anonymous).toMatchObject({ authorName: 'Anonymous', pageTitle: null, authorEmail: null });
    expect(anonymous.externalId).toMatch(/^sha256:/);
    expect(anonymous.bodyHtml).toBe('<p>Escaped HTML, not CDATA: 5 &lt; 6</p>');

    // Only approved comments are counted on the page.
    expect(by('501').pageCount).toBe(5);
  });

  it('turns HTML bodies into safe Markdown and HTML: no script, no handlers, no javascript: links, links marked ugc', async () => {
    await importText(db, 'disqus', DISQUS);
    const rows = await importedRows(db);
    const first = rows.find((r) => r.externalId === '501')!;
    expect(first.bodySource).toBe('First & _foremost_: see [the report](https://example.org/report).\n\nZoë');
    expect(first.bodyHtml).toContain('<a href="https://example.org/report" rel="nofollow ugc noopener" target="_blank">the report</a>');
    const hostile = rows.find((r) => r.externalId === '504')!;
    expect(hostile.authorName).toBe('<script>alert("name")</script>'); // stored as text; escaped where shown
    for (const html of rows.map((r) => r.bodyHtml)) {
      expect(html).not.toMatch(/<script|<img|onerror|javascript:|<iframe/i);
    }
    expect(hostile.bodyHtml).toContain('<a href="https://evil.example/" rel="nofollow ugc noopener" target="_blank">ok</a>');
    expect(hostile.bodyHtml).not.toContain('alert(1)');
    expect(hostile.bodySource).toBe('Third level  click [ok](https://evil.example/)');
  });

  it('importing the same file twice adds nothing the second time', async () => {
    const first = await importText(db, 'disqus', DISQUS);
    const before = await tableCounts(db);
    const rowsBefore = await importedRows(db);
    const second = await importText(db, 'disqus', DISQUS, { now: first.ms + Date.UTC(2026, 11, 1) });
    expect(await tableCounts(db)).toEqual(before);
    expect(second.alreadyImported).toBe(8);
    expect(second.comments.approved + second.comments.spam + second.comments.deleted).toBe(0);
    expect(second.pages).toEqual({ created: 0, existing: 0 });
    expect((await importedRows(db)).map((r) => [r.externalId, r.parent, r.depth])).toEqual(rowsBefore.map((r) => [r.externalId, r.parent, r.depth]));
    expect(before.importPending).toBe(0);
  });

  it('a dry run reports what would be imported and writes nothing', async () => {
    const before = await tableCounts(db);
    const summary = await importText(db, 'disqus', DISQUS, { dryRun: true });
    expect(await tableCounts(db)).toEqual(before);
    expect(summary.dryRun).toBe(true);
    expect(summary.pages).toEqual({ created: 2, existing: 0 });
    expect(summary.comments).toMatchObject({ approved: 6, spam: 1, deleted: 1 });
    expect(summary.skipped).toEqual({
      'comment on a skipped page (thread deleted in Disqus)': 1,
      'comment whose thread is not in the file': 1,
    });
    // And after a real import, a dry run sees it all as already there.
    await importText(db, 'disqus', DISQUS);
    const again = await importText(db, 'disqus', DISQUS, { dryRun: true });
    expect(again.alreadyImported).toBe(8);
    expect(again.pages).toEqual({ created: 0, existing: 0 });
  });

  it('keys pages by the whole URL or the Disqus identifier when asked', async () => {
    await importText(db, 'disqus', DISQUS, { pageKey: 'url' });
    expect(new Set((await importedRows(db)).map((r) => r.pageKey))).toEqual(new Set(['https://news.example.com/2024/03/wind-farm?ref=home', 'http://news.example.com/2024/04/ferry/']));
    const other = await importDb();
    try {
      await importText(other.db, 'disqus', DISQUS, { pageKey: 'identifier' });
      // Thread 2 has an empty <id>: its path is used.
      expect(new Set((await importedRows(other.db)).map((r) => r.pageKey))).toEqual(new Set(['story-1', '/2024/04/ferry/']));
    } finally {
      other.close();
    }
  });

  it('keeps an existing page, its title and its comments, and adds the imported ones to it', async () => {
    const { pages } = await import('../../../db/schema.ts');
    await db.insert(pages).values({ id: 'existing-page', siteId: 'news', key: '/2024/03/wind-farm?ref=home', title: 'Our own title', createdAt: 1, updatedAt: 1 });
    const summary = await importText(db, 'disqus', DISQUS);
    expect(summary.pages).toEqual({ created: 1, existing: 1 });
    const row = (await importedRows(db)).find((r) => r.externalId === '501')!;
    expect(row.pageTitle).toBe('Our own title');
  });

  it('reads ISO-8859-1 and UTF-16 exports as they declare themselves', async () => {
    const latin1 = `<?xml version="1.0" encoding="ISO-8859-1"?><disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://n.example/a</link><title>Caf\u00e9</title></thread><post dsq:id="2"><message>cr\u00e8me br\u00fbl\u00e9e</message><author><name>Jos\u00e9</name></author><thread dsq:id="1"/></post></disqus>`;
    await importText(db, 'disqus', Uint8Array.from([...latin1].map((c) => c.charCodeAt(0))));
    const utf16 = `\ufeff<?xml version="1.0" encoding="UTF-16"?><disqus xmlns:dsq="x"><thread dsq:id="5"><link>https://n.example/b</link></thread><post dsq:id="6"><message>日本語のコメント 👍</message><author><name>Ünïcødé</name></author><thread dsq:id="5"/></post></disqus>`;
    const le = new Uint8Array(utf16.length * 2);
    for (let i = 0; i < utf16.length; i++) {
      le[i * 2] = utf16.charCodeAt(i) & 0xff;
      le[i * 2 + 1] = utf16.charCodeAt(i) >> 8;
    }
    await importText(db, 'disqus', le);
    const rows = await importedRows(db);
    expect(rows.map((r) => [r.authorName, r.bodySource, r.pageTitle])).toEqual(
      expect.arrayContaining([
        ['José', 'crème brûlée', 'Café'],
        ['Ünïcødé', '日本語のコメント 👍', null],
      ]),
    );
  });

  it('takes the export gzip-compressed, as Disqus mails it, and refuses a damaged one clearly', async () => {
    const gz = gzipSync(DISQUS);
    const summary = await importText(db, 'disqus', gz);
    expect(summary.comments).toMatchObject({ approved: 6, spam: 1, deleted: 1 });
    const err = await importText(db, 'disqus', gz.subarray(0, gz.length / 2), { file: 'cut.xml.gz' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as Error).message).toMatch(/^cut\.xml\.gz: the file is gzip-compressed but damaged or cut short/);
  });

  it('refuses a file that is not a Disqus export, naming the file and what is wrong', async () => {
    const err = await importText(db, 'disqus', '<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', { file: 'feed.xml' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as Error).message).toBe('feed.xml, line 2: this is not a Disqus export: it starts with <rss>, not <disqus>');
  });

  it('stops at the first malformed spot with its line and column, keeping what came before consistent', async () => {
    const broken = DISQUS.replace('<post dsq:id="505">', '<post dsq:id="505"><oops>');
    const err = await importText(db, 'disqus', broken, { file: 'broken.xml' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).line).toBeGreaterThan(60);
    expect((err as Error).message).toMatch(/^broken\.xml, line \d+, column \d+: the file is not well-formed XML: unexpected close tag/);
    expect((await tableCounts(db)).importPending).toBe(0);
    // Importing the repaired file afterwards completes the thread without duplicates.
    await importText(db, 'disqus', DISQUS);
    const rows = await importedRows(db);
    expect(rows).toHaveLength(8);
    expect(rows.find((r) => r.externalId === '504')).toMatchObject({ parent: '503', depth: 2 });
  });
});
