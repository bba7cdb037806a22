import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { exportChunks } from '../../../server/features/export/write-export.ts';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { parley } from '../../support/cli.ts';
import { startWriter, type WriterProcess } from '../../support/writer-process.ts';

/**
 * Issue 12: `import parley` wrote a whole export in one transaction, holding the write lock for
 * seconds while the server's writes waited. It now writes in short transactions, so another
 * process writing all along (as the server would) keeps getting the lock.
 */
let dir: string;
let writer: WriterProcess | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-lock-'));
});
afterEach(() => {
  writer?.kill();
  writer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** An export of a site with 30,000 comments (about 20 MB): restoring it takes seconds. */
async function bigExport(file: string): Promise<void> {
  const { db, sqlite, close } = openSqlite(join(dir, 'source.db'));
  await createSiteIfMissing(db, { id: 'news', name: 'News', allowedOrigins: [], moderationMode: 'post' }, 1);
  sqlite.exec(`insert into pages (id, site_id, key, created_at, updated_at) values ('p1', 'news', '/a', 1, 1)`);
  sqlite.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 30000)
    insert into comments (id, site_id, page_id, author_name, body_source, body_html, status, created_at, updated_at)
    select 'c' || i, 'news', 'p1', 'Reader ' || i, hex(randomblob(200)), '<p>' || hex(randomblob(100)) || '</p>', 'approved', i, i from n`);
  await pipeline(Readable.from(exportChunks(db, { siteId: 'news', now: 1 })), createWriteStream(file));
  close();
}

describe('import parley while another process writes', () => {
  it('never holds the write lock long: the other writer commits all through the import', async () => {
    const file = join(dir, 'export.json');
    await bigExport(file);
    const live = join(dir, 'live.db');
    const opened = openSqlite(live);
    await createSiteIfMissing(opened.db, { id: 'other', name: 'Other', allowedOrigins: [], moderationMode: 'post' }, 1);
    opened.close();

    writer = startWriter(live, 'other');
    await writer.until('100 writes', (a) => a.length >= 100);

    // The CLI in this process (see cli.ts): the other writer is the separate process that matters.
    const started = Date.now();
    const { code, out, err } = await parley({ DATABASE_PATH: live }, 'import', 'parley', file);
    const ended = Date.now();
    expect(code, err).toBe(0);
    expect(out).toContain('30000 comments');
    expect(writer.errors()).toBe('');

    // The longest the other writer went without a commit while the import ran.
    const during = [started, ...writer.acks.map((a) => a.at).filter((at) => at > started && at < ended), ended];
    const longestGap = Math.max(...during.slice(1).map((at, i) => at - during[i]!));
    console.log(`import took ${ended - started} ms; the other writer's longest wait meanwhile: ${longestGap} ms`);
    // Before the fix the import's single transaction made it wait for the whole restore, most of
    // the import; now it waits for one short transaction at a time. On a loaded machine both the
    // import and that wait stretch, so the bound is a tenth of the import, and at least 1.5 s.
    expect(longestGap).toBeLessThan(Math.max(1500, (ended - started) / 10));

    const check = openSqlite(live);
    expect(check.sqlite.prepare(`select count(*) as n from comments where site_id = 'news'`).get()).toEqual({ n: 30000 });
    check.close();
  }, 180_000);
});
