import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../db/client.ts';
import type { ImportSource } from '../../../db/schema.ts';
import { ImportFileError } from '../../../server/features/import/import-error.ts';
import type { ImportSummary } from '../../../server/features/import/import-summary.ts';
import { runImport } from '../../../server/features/import/run-import.ts';
import { FIXTURES, HAVE_FIXTURES } from '../../support/fixtures-path.ts';
import { importDb, importedRows, NOW } from '../../support/import-helpers.ts';

/**
 * Every Disqus and WXR export in the shared fixtures, from other projects' test suites: each
 * imports with the counts its source project expects (where our rules agree) or fails with a
 * message naming the file, line and fault. `comments` is by status; `check` looks closer.
 */
interface Expected {
  comments?: Partial<Record<'approved' | 'pending' | 'spam' | 'deleted' | 'rejected', number>>;
  skipped?: Record<string, number>;
  error?: RegExp;
  check?: (db: AppDb, summary: ImportSummary) => Promise<void>;
}

const rowsOf = (db: AppDb) => importedRows(db);
const NOT_WELL_FORMED = /, line \d+, column \d+: the file is not well-formed XML: /;

const DISQUS: Record<string, Expected> = {
  'artransfer-disqus-real-export.xml': {
    comments: { approved: 4 },
    check: async (db) => {
      const rows = await rowsOf(db);
      // Every padded value trimmed; the reply chain 5822089611 → 5585802959 → 5585802847.
      expect(rows.find((r) => r.externalId === '5822089611')).toMatchObject({ parent: '5585802959', root: '5585802847', depth: 2 });
      expect(rows.every((r) => r.authorName === r.authorName.trim() && !r.bodySource.startsWith(' '))).toBe(true);
      expect(rows[0]!.pageKey).toBe('/disqus.html');
      expect(rows.some((r) => r.authorName.includes('？'))).toBe(true);
    },
  },
  'comentario-disqus-bad-format.xml': { error: NOT_WELL_FORMED },
  'comentario-disqus-ok-empty.xml': { comments: {} },
  'comentario-disqus-ok-single.xml': {
    comments: { approved: 1 },
    check: async (db) => expect((await rowsOf(db))[0]).toMatchObject({ bodySource: 'Yay, imported', authorName: 'Bugs Bunny', authorEmail: null }),
  },
  'isso-disqus.xml': {
    comments: { approved: 4, deleted: 1 },
    skipped: { 'comment whose thread is not in the file': 1 },
    check: async (db) => {
      const rows = await rowsOf(db);
      expect(rows.find((r) => r.externalId === '4')?.pageTitle).toBe('Hello, World!');
      // The deleted post is kept, without text, so its reply keeps its parent.
      expect(rows.find((r) => r.externalId === '9')).toMatchObject({ status: 'deleted', bodySource: '' });
      expect(rows.find((r) => r.externalId === '11')).toMatchObject({ parent: '9', depth: 1 });
      expect(rows.find((r) => r.externalId === '5')).toMatchObject({ parent: '4' });
    },
  },
  // remark42's files are Go string literals: a backtick before the XML declaration. Refused,
  // with the place: Parley does not guess at a file that is not XML.
  'remark42-disqus.xml': { error: /remark42-disqus\.xml, line 1, column \d+: the file is not well-formed XML: / },
  'remark42-disqus-deleted-post.xml': { error: NOT_WELL_FORMED },
  'remark42-disqus-deleted-thread.xml': { error: NOT_WELL_FORMED },
};

const WORDPRESS: Record<string, Expected> = {
  'artransfer-wordpress-5.9.3-export.xml': {
    comments: { approved: 5 },
    check: async (db) => {
      const rows = await rowsOf(db);
      expect(rows.find((r) => r.externalId.endsWith('#5'))).toMatchObject({ depth: 2 });
      expect(rows.find((r) => r.externalId.endsWith('#5'))!.parent).toMatch(/#3$/);
      expect(rows.find((r) => r.externalId.endsWith('#3'))!.parent).toMatch(/#2$/);
      expect(rows.map((r) => r.authorName)).toContain('一位WordPress评论者');
      for (const r of rows) expect(r.bodyHtml).not.toMatch(/<a (?![^>]*rel="nofollow ugc noopener")/);
    },
  },
  'comentario-wordpress-bad-format.xml': { error: NOT_WELL_FORMED },
  'comentario-wordpress-ok-empty.xml': { comments: {} },
  'comentario-wordpress-ok-long.xml': {
    comments: { approved: 1 },
    check: async (db) => expect((await rowsOf(db))[0]!.bodySource.length).toBeGreaterThan(30_000),
  },
  'comentario-wordpress-ok-single.xml': {
    comments: { approved: 1 },
    check: async (db) => expect((await rowsOf(db))[0]).toMatchObject({ authorName: 'Luke Skywalker', bodySource: 'Yay, imported' }),
  },
  'isso-wordpress.xml': {
    comments: { approved: 8 },
    check: async (db) => {
      const rows = await rowsOf(db);
      expect(new Set(rows.map((r) => r.pageKey))).toEqual(new Set(['/2014/test/', '/?p=4']));
      expect(rows.find((r) => r.pageKey === '/2014/test/')!.pageTitle).toBe('Hello, World…');
      for (const id of ['3', '4', '5']) {
        const row = rows.find((r) => r.externalId.endsWith(`#${id}`));
        if (row) expect(row.parent).toMatch(/#2$/);
      }
      // Single newlines are line breaks.
      expect(rows.some((r) => r.bodyHtml.includes('<br>'))).toBe(true);
    },
  },
  'remark42-wordpress.xml': {
    comments: { approved: 2, pending: 1 },
    skipped: { pingbacks: 1 },
    // remark42 turns the quotes into «»; Parley keeps what the commenter wrote.
    check: async (db) => {
      const rows = await rowsOf(db);
      expect(rows.find((r) => r.authorName === 'SuperUser3')!.bodySource).toContain('"Mekkatorque" was over in that tent up to the right');
    },
  },
  'wpimporter-crazy-cdata-escaped.xml': { comments: {} },
  'wpimporter-crazy-cdata.xml': { error: NOT_WELL_FORMED },
  'wpimporter-malformed.xml': { error: /wpimporter-malformed\.xml, line 90, column \d+: the file is not well-formed XML: unexpected close tag/ },
  'wpimporter-slashes.xml': {
    comments: { approved: 1 },
    check: async (db) => expect((await rowsOf(db))[0]!.bodyHtml).toBe('<p>\\o/ ¯\\_(ツ)_/¯</p>'),
  },
  'wpimporter-small-export.xml': { comments: { approved: 1 } },
  'wpimporter-test-serialized-comment-meta.xml': { comments: { approved: 1 } },
  'wpimporter-theme-unit-test-data.xml': {
    comments: { approved: 26, pending: 3 },
    skipped: { pingbacks: 2, trackbacks: 2 },
    check: async (db) => {
      const rows = await rowsOf(db);
      expect(rows.filter((r) => r.depth > 0).length).toBeGreaterThanOrEqual(10);
    },
  },
  'wpimporter-valid-wxr-1.0.xml': { comments: { approved: 1 } },
  'wpimporter-valid-wxr-1.1.xml': { comments: { approved: 1 } },
  'wpimporter-wxr-comprehensive.xml': { comments: { approved: 1 } },
  'wpimporter-wxr-utf-8-challenges.xml': { comments: {} },
  // Notes are editors' notes, never public comments.
  'wpimporter-wxr-with-note-comments.xml': { comments: { approved: 1 }, skipped: { 'comment type "note"': 2 } },
  'wpimporter-wxr-with-sub-data.xml': { comments: { approved: 1 } },
};

let db: AppDb;
let close: () => void;
beforeEach(async () => ({ db, close } = await importDb()));
afterEach(() => close());

function importFile(source: ImportSource, path: string, dryRun = false): Promise<ImportSummary> {
  return runImport({ db, siteId: 'news', source, file: path, bytes: createReadStream(path, { highWaterMark: 4096 }), dryRun, pageKey: 'path', now: NOW });
}

function xmlFiles(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder)).filter((f) => f.endsWith('.xml')).sort();
}

for (const [source, folder, table] of [
  ['disqus', 'disqus', DISQUS],
  ['wordpress', 'wordpress-wxr', WORDPRESS],
] as const) {
  describe.skipIf(!HAVE_FIXTURES)(`${source} importer over ../shared/fixtures/${folder}`, () => {
    it('has an expectation for every export there', () => {
      expect(xmlFiles(folder)).toEqual(Object.keys(table).sort());
    });

    it.each(Object.entries(table))('%s', async (name, expected) => {
      const path = join(FIXTURES, folder, name);
      if (expected.error) {
        const err = await importFile(source, path).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ImportFileError);
        expect((err as Error).message.startsWith(path)).toBe(true);
        expect((err as Error).message).toMatch(expected.error);
        return;
      }
      const dry = await importFile(source, path, true);
      const summary = await importFile(source, path);
      const want = { approved: 0, pending: 0, spam: 0, deleted: 0, rejected: 0, ...expected.comments };
      expect(summary.comments).toEqual(want);
      expect(dry.comments).toEqual(want);
      expect(summary.skipped).toEqual(expected.skipped ?? {});
      await expected.check?.(db, summary);
      // Every stored body is the renderer's output: no raw markup from the file survives.
      for (const r of await importedRows(db)) expect(r.bodyHtml).not.toMatch(/<(?:script|img|iframe|style)\b|\son\w+=/i);
      const again = await importFile(source, path);
      expect(again.alreadyImported).toBe(Object.values(want).reduce((a, b) => a + b, 0));
    });

    it('refuses each of them as the other format, with a message and no crash', async () => {
      const other: ImportSource = source === 'disqus' ? 'wordpress' : 'disqus';
      for (const name of Object.keys(table)) {
        const result = await importFile(other, join(FIXTURES, folder, name)).catch((e: unknown) => e);
        if (result instanceof ImportFileError) continue;
        // An empty file of one format is an empty import in the other too; nothing else may pass.
        expect(result).toMatchObject({ pages: { created: 0, existing: 0 } });
      }
    });
  });
}
