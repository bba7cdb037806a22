import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { parley as cli } from '../../support/cli.ts';
import { NOW } from '../../support/import-helpers.ts';

/** `npm run parley -- import …` as an operator runs it, against a database file (in this process: see cli.ts). */

let dir: string;
let env: Record<string, string>;

async function parley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, out, err } = await cli(env, ...args);
  return { code, stdout: out, stderr: err };
}

const EXPORT = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><link>https://news.example.com/story</link><title>Story</title></thread>
  <post dsq:id="2"><message><![CDATA[<p>Hello</p>]]></message><createdAt>2024-01-01T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>A</name></author><thread dsq:id="1"/></post>
  <post dsq:id="3"><message><![CDATA[<p>Reply</p>]]></message><createdAt>2024-01-01T01:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>true</isSpam><author><name>B</name></author><thread dsq:id="1"/><parent dsq:id="2"/></post>
</disqus>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-import-cli-'));
  const dbPath = join(dir, 'parley.db');
  const { db, close } = openSqlite(dbPath);
  await createSiteIfMissing(db, { id: 'news', name: 'News', allowedOrigins: [], moderationMode: 'post' }, NOW);
  close();
  env = { DATABASE_PATH: dbPath, PUBLIC_URL: 'http://localhost:8787' };
  writeFileSync(join(dir, 'export.xml'), EXPORT);
  writeFileSync(join(dir, 'broken.xml'), EXPORT.replace('</disqus>', ''));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parley import (CLI)', () => {
  it('dry run, import, then a second import that adds nothing', async () => {
    const file = join(dir, 'export.xml');
    const dry = await parley('import', 'disqus', file, '--site', 'news', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing was written');
    expect(dry.stdout).toContain('Comments: 2 to import (1 approved, 1 spam)');

    const first = await parley('import', 'disqus', file, '--site', 'news');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Pages:    1 (1 new, 0 already there)');
    expect(first.stdout).toContain('Comments: 2 imported (1 approved, 1 spam)');

    const second = await parley('import', 'disqus', file, '--site', 'news');
    expect(second.stdout).toContain('Comments: 0 imported');
    expect(second.stdout).toContain('Already imported before, left as they were: 2');
  });

  it('refuses bad input with one line naming the problem, exit code 2, no stack trace, nothing written', async () => {
    const broken = join(dir, 'broken.xml');
    const bad = await parley('import', 'disqus', broken, '--site', 'news');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(new RegExp(`^parley import: cannot import ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line \\d+, column \\d+: the file is not well-formed XML: unclosed tag: disqus$`));
    expect(bad.stdout).toBe('');

    const missing = await parley('import', 'wordpress', join(dir, 'nope.xml'), '--site', 'news');
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toContain('cannot read');
    const noSite = await parley('import', 'disqus', join(dir, 'export.xml'), '--site', 'elsewhere');
    expect(noSite.stderr).toContain('there is no site "elsewhere"');
    const format = await parley('import', 'commento', join(dir, 'export.xml'), '--site', 'news');
    expect(format.stderr).toContain('import needs a kind: parley (a Parley export), disqus or wordpress');
    for (const r of [missing, noSite, format]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
