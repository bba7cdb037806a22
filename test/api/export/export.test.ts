import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import type { AppDb } from '../../../db/client.ts';
import { columnsOf, SECTIONS, tableNameOf } from '../../../server/features/export/export-format.ts';
import { restoreExport, RestoreError } from '../../../server/features/export/restore-export.ts';
import { exportChunks } from '../../../server/features/export/write-export.ts';
import { populate, type Populated } from '../../support/populated.ts';
import { makeTestApp, type TestApp } from '../../support/test-app.ts';

const AT = Date.UTC(2026, 11, 1, 8, 0, 0);

async function exportText(db: AppDb, siteId?: string): Promise<string> {
  let text = '';
  for await (const chunk of exportChunks(db, { siteId, now: AT })) text += chunk;
  return text;
}

/** The text as a stream of small, unevenly cut chunks, as a file read would deliver it. */
async function* chunked(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Every exported table's rows, as the database holds them (exported columns only), in key order. */
async function tableRows(db: AppDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const section of SECTIONS) {
    const cols = Object.values(columnsOf(section)).map((c) => `"${c.name}"`).join(', ');
    const order = section.orderBy.map((k) => `"${columnsOf(section)[k]!.name}"`).join(', ');
    out[section.name] = await db.all(sql.raw(`select ${cols} from "${tableNameOf(section)}" order by ${order}`));
  }
  return out;
}

let t: TestApp;
let fixture: Populated;
const fresh: { close(): void }[] = [];
function freshDb(): AppDb {
  const opened = openSqlite(':memory:');
  fresh.push(opened);
  return opened.db;
}
beforeEach(async () => {
  t = await makeTestApp();
  fixture = await populate(t);
});
afterEach(() => {
  t.close();
  for (const f of fresh.splice(0)) f.close();
});

describe('export', () => {
  it('writes every section, in order, one record a line, under a versioned header', async () => {
    const text = await exportText(t.db);
    const file = JSON.parse(text);
    expect(Object.keys(file)).toEqual(['format', 'version', 'exportedAt', 'site', ...SECTIONS.map((s) => s.name)]);
    expect(file).toMatchObject({ format: 'parley-export', version: 1, exportedAt: '2026-12-01T08:00:00.000Z', site: null });
    expect(file.sites.map((s: any) => s.id)).toEqual(['news', 'other']);
    const news = file.sites[0];
    expect(news.settings.wordLists).toEqual({ banned: ['scumbag'], suspect: ['idiot'] });
    expect(news.allowedOrigins).toEqual(['https://news.example.com']);
    expect(file.comments).toHaveLength(10);
    const reply = file.comments.find((c: any) => c.id === fixture.ids.reply);
    expect(reply).toMatchObject({ parentId: fixture.ids.root, rootId: fixture.ids.root, depth: 1, authorEmail: 'bob@example.com', status: 'approved' });
    expect(reply.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(file.votes).toHaveLength(2);
    expect(file.flags).toHaveLength(1);
    expect(file.bans).toHaveLength(1);
    expect(file.auditLog.map((a: any) => a.action).sort()).toEqual(['ban', 'page.close', 'reject', 'settings.update']);
    expect(file.subscribers.map((s: any) => `${s.siteId}:${s.email}`).sort()).toEqual(['news:ada@example.com', 'news:carol@example.com', 'news:dan@example.com', 'other:ada@example.com']);
    expect(file.subscriptions.length).toBeGreaterThanOrEqual(5);
    expect(file.suppressions).toEqual([{ email: 'bounced@example.com', reason: 'bounce', detail: 'mailbox full', createdAt: '2026-11-24T00:00:00.000Z' }]);
    expect(file.broadcasts).toHaveLength(1);
    // One record a line: a large file can be read, diffed and grepped line by line.
    expect(text.split('\n').filter((l) => l.startsWith('{"id":"') || l.startsWith('{"commentId"') || l.startsWith('{"email"')).length).toBeGreaterThanOrEqual(25);
  });

  it('leaves out password hashes, sessions, the instance secret, rate limits, spent tokens and the outbox', async () => {
    const hashes = await t.db.all<{ h: string }>(sql`select password_hash as h from editors`);
    const sessions = await t.db.all<{ h: string }>(sql`select token_hash as h from editor_sessions`);
    const edits = await t.db.all<{ h: string }>(sql`select edit_token_hash as h from comments where edit_token_hash is not null`);
    expect(hashes).toHaveLength(2);
    expect(sessions.length).toBeGreaterThan(0);
    expect(edits.length).toBeGreaterThan(0);
    const text = await exportText(t.db);
    for (const { h } of [...hashes, ...sessions, ...edits]) expect(text).not.toContain(h);
    expect(text).not.toContain('pbkdf2');
    expect(text).not.toMatch(/passwordHash|tokenHash|outbox|rate_limits|spent_?tokens|instance/i);
    const secret = await t.db.all<{ value: string }>(sql`select value from instance`);
    for (const { value } of secret) expect(text).not.toContain(value);
    const editors = JSON.parse(text).editors;
    expect(editors.map((e: any) => Object.keys(e))).toEqual([
      ['id', 'email', 'name', 'role', 'createdAt', 'updatedAt'],
      ['id', 'email', 'name', 'role', 'createdAt', 'updatedAt'],
    ]);
  });

  it('exports one site with only its own rows and the do-not-mail entries of its own people', async () => {
    const file = JSON.parse(await exportText(t.db, 'other'));
    expect(file.site).toBe('other');
    expect(file.sites.map((s: any) => s.id)).toEqual(['other']);
    expect(file.comments.map((c: any) => c.id)).toEqual([fixture.ids.otherSite]);
    expect(file.pages.every((p: any) => p.siteId === 'other')).toBe(true);
    expect(file.subscribers.map((s: any) => s.email)).toEqual(['ada@example.com']);
    expect(file.subscriptions.every((s: any) => s.subscriberId === file.subscribers[0].id)).toBe(true);
    expect(file.votes).toEqual([]);
    expect(file.bans).toEqual([]);
    expect(file.suppressions).toEqual([]);
    expect(file.editors).toHaveLength(2);
  });
});

describe('import parley (restore)', () => {
  it('round trip: export → restore into an empty database → export is byte-identical, and every table row is the same', async () => {
    const first = await exportText(t.db);
    const target = freshDb();
    const report = await restoreExport(target, chunked(first));
    expect(report.restored).toMatchObject({ sites: 2, editors: 2, comments: 10, identities: 2, votes: 2, flags: 1, bans: 1, suppressions: 1, broadcasts: 1 });
    const second = await exportText(target);
    expect(second).toBe(first);
    // The database rows themselves, not only their rendering: page versions and counts included.
    const before = await tableRows(t.db);
    const after = await tableRows(target);
    expect(after).toEqual(before);
  });

  it('round trip of one site out of a full export equals that site exported on its own', async () => {
    const target = freshDb();
    const report = await restoreExport(target, chunked(await exportText(t.db), 4096), { siteId: 'other' });
    expect(report.skippedOtherSites).toBeGreaterThan(0);
    expect(await exportText(target, 'other')).toBe(await exportText(t.db, 'other'));
    expect(await target.all(sql`select id from sites`)).toEqual([{ id: 'other' }]);
  });

  it('reads any JSON layout, not only the one Parley writes', async () => {
    const first = await exportText(t.db);
    const target = freshDb();
    await restoreExport(target, chunked(JSON.stringify(JSON.parse(first), null, 2), 1));
    expect(await exportText(target)).toBe(first);
  });

  it('restored editors cannot sign in until given a new password', async () => {
    const target = freshDb();
    await restoreExport(target, chunked(await exportText(t.db)));
    const rows = await target.all<{ email: string; password_hash: string }>(sql`select email, password_hash from editors`);
    expect(rows.map((r) => r.password_hash)).toEqual(['imported$no-password', 'imported$no-password']);
    const { verifyPassword } = await import('../../../server/features/editors/password.ts');
    expect(await verifyPassword('correct horse battery', rows[0]!.password_hash)).toBe(false);
  });

  it('refuses a wrong format or version with a clear message, and writes nothing', async () => {
    const good = await exportText(t.db);
    const cases: [string, RegExp][] = [
      [good.replace('"version":1', '"version":2'), /version 2 Parley export; this Parley reads version 1 only/],
      [good.replace('"format":"parley-export"', '"format":"disqus"'), /not a Parley export/],
      ['<?xml version="1.0"?><disqus/>', /not a Parley export: it should be a JSON object/],
      [good.replace('{"format":"parley-export","version":1,', '{"version":1,"format":"parley-export",'), /not a Parley export/],
      [good.slice(0, good.length / 2), /ends early|expected/],
      [good.replace('"comments":[', '"comments":[{"id":"x","siteId":"news","pageId":"nope","authorName":"A","bodySource":"b","bodyHtml":"b","status":"approved","createdAt":"soon","updatedAt":"2026-01-01T00:00:00.000Z"},'), /comments record 1: field createdAt should be an ISO 8601 time/],
    ];
    for (const [text, message] of cases) {
      const target = freshDb();
      const opened = (target as unknown as { $client: { exec(s: string): void; inTransaction: boolean } }).$client;
      opened.exec('BEGIN');
      await expect(restoreExport(target, chunked(text, 64)), String(message)).rejects.toThrow(message);
      opened.exec('ROLLBACK');
      expect(await target.all(sql`select id from sites`)).toEqual([]);
    }
    await expect(restoreExport(freshDb(), chunked(good.replace('"version":1', '"version":"1"')))).rejects.toBeInstanceOf(RestoreError);
  });

  it('refuses to restore a site the database already has', async () => {
    await expect(restoreExport(t.db, chunked(await exportText(t.db)))).rejects.toThrow(/site "news" already exists/);
  });
});

describe('export file format', () => {
  it('decides for every table of db/schema.ts: exported, or left out with a reason', async () => {
    const { LEFT_OUT } = await import('../../../server/features/export/export-format.ts');
    const tables = (await t.db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`)).map((r) => r.name).sort();
    const decided = [...SECTIONS.map(tableNameOf), ...Object.keys(LEFT_OUT)].sort();
    expect(decided).toEqual(tables);
  });
});
