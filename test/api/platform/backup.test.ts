import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { BackupError, backupDatabase, restoreDatabase } from '../../../server/cli/backup.ts';
import { createSiteIfMissing } from '../../../server/features/sites/sites.repo.ts';
import { startWriter, type WriterProcess } from '../../support/writer-process.ts';

let dir: string;
let writer: WriterProcess | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-backup-'));
});
afterEach(() => {
  writer?.kill();
  writer = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A database file with enough comments (about 25 MB) that copying it takes a while. */
async function bigDatabase(path: string): Promise<void> {
  const { db, sqlite, close } = openSqlite(path);
  await createSiteIfMissing(db, { id: 'news', name: 'News', allowedOrigins: [], moderationMode: 'post' }, 1);
  sqlite.exec(`insert into pages (id, site_id, key, created_at, updated_at) values ('p1', 'news', '/a', 1, 1)`);
  sqlite.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000)
    insert into comments (id, site_id, page_id, author_name, body_source, body_html, status, created_at, updated_at)
    select 'c' || i, 'news', 'p1', 'Reader ' || i, hex(randomblob(300)), '<p>' || hex(randomblob(100)) || '</p>', 'approved', i, i from n`);
  close();
}

describe('backup while the server writes', () => {
  it('keeps every write acknowledged before the backup started, while writes go on during it; the restored copy passes integrity_check', async () => {
    const live = join(dir, 'live.db');
    await bigDatabase(live);
    writer = startWriter(live, 'news');
    const acks = writer.acks;
    await writer.until('200 writes', (a) => a.length >= 200);

    // Everything this process has read so far was committed before the backup starts.
    const before = acks.map((a) => a.id);
    const started = Date.now();
    const report = backupDatabase(live, join(dir, 'backup.db'));
    const ended = Date.now();
    // Its lines come in commit order: once one from after the backup is read, all from during it are.
    await writer.until('a write after the backup', (a) => a.some((ack) => ack.at > ended));
    await writer.stop();
    expect(writer.errors()).toBe('');
    const during = acks.filter((a) => a.at > started && a.at < ended).length;
    console.log(`backup of ${(report.bytes / 1e6).toFixed(1)} MB took ${report.ms} ms; ${during} writes were acknowledged during it, ${acks.length} in all`);
    expect(during).toBeGreaterThan(0);

    const restoredPath = join(dir, 'restored', 'parley.db');
    restoreDatabase(report.path, restoredPath, Date.now());
    const restored = new Database(restoredPath, { readonly: true });
    try {
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((restored.prepare(`select id from subscribers`).all() as { id: string }[]).map((r) => r.id));
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      // A snapshot: it holds a prefix of the writer's writes, never a later write without an earlier one.
      const kept = acks.filter((a) => ids.has(a.id)).length;
      expect(acks.slice(0, kept).every((a) => ids.has(a.id))).toBe(true);
      expect((restored.prepare('select count(*) as n from comments').get() as { n: number }).n).toBe(20000);
    } finally {
      restored.close();
    }
  }, 60_000);

  it('refuses to overwrite a file, and a restore refuses a corrupt backup without touching the database', async () => {
    const live = join(dir, 'live.db');
    openSqlite(live).close();
    writeFileSync(join(dir, 'taken.db'), 'x');
    expect(() => backupDatabase(live, join(dir, 'taken.db'))).toThrow(/already exists/);
    const bad = join(dir, 'bad.db');
    writeFileSync(bad, Buffer.alloc(8192, 7));
    expect(() => restoreDatabase(bad, live, Date.now())).toThrow(BackupError);
    const still = new Database(live, { readonly: true });
    expect(still.pragma('integrity_check', { simple: true })).toBe('ok');
    still.close();
  });

  it('restore moves the replaced database (and its WAL) aside, and migrates an older backup', async () => {
    const live = join(dir, 'live.db');
    const { db, close } = openSqlite(live);
    await createSiteIfMissing(db, { id: 'old', name: 'Old', allowedOrigins: [], moderationMode: 'post' }, 1);
    close();
    const backup = backupDatabase(live, join(dir, 'b.db'));
    // An older backup: drop the newest migration's record, as if made before it existed.
    const older = new Database(backup.path);
    const last = older.prepare('select id, hash from __drizzle_migrations order by created_at desc limit 1').get() as { id: number };
    older.prepare('delete from __drizzle_migrations where id = ?').run(last.id);
    older.close();
    const target = join(dir, 'current.db');
    const current = openSqlite(target);
    await createSiteIfMissing(current.db, { id: 'current', name: 'Current', allowedOrigins: [], moderationMode: 'post' }, 1);
    current.close();
    const { previous } = restoreDatabase(backup.path, target, Date.UTC(2026, 11, 1));
    expect(previous).toBe(`${target}.before-restore-2026-12-01T00-00-00-000Z`);
    const restored = new Database(target, { readonly: true });
    expect((restored.prepare('select id from sites').all() as { id: string }[]).map((r) => r.id)).toEqual(['old']);
    const migrations = (restored.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
    restored.close();
    const kept = new Database(previous!, { readonly: true });
    expect((kept.prepare('select id from sites').all() as { id: string }[]).map((r) => r.id)).toEqual(['current']);
    expect((kept.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(migrations);
    kept.close();
  });
});
