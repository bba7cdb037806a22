/**
 * Online backup and restore of the SQLite file (Node only: the Worker's D1 has its own Time
 * Travel and `wrangler d1 export`).
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openSqlite } from '../../db/open-sqlite.ts';

export class BackupError extends Error {}

export interface BackupReport {
  path: string;
  bytes: number;
  ms: number;
}

/** 'ok', or what is wrong (a file that is not SQLite at all included). */
function integrityOf(path: string): string {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } catch (err) {
    return (err as Error).message;
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database to `target` while the server keeps running. `VACUUM INTO` reads one
 * snapshot inside a read transaction: in WAL mode writers carry on meanwhile, and the copy holds
 * exactly the transactions committed before it started (the backup API would instead restart
 * whenever another process writes, which under steady traffic may never finish).
 */
export function backupDatabase(source: string, target: string): BackupReport {
  const to = resolve(target);
  if (existsSync(to)) throw new BackupError(`${to} already exists; choose a new file name (a backup never overwrites)`);
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source} (DATABASE_PATH)`);
  // Written under a temporary name and renamed, so a half-written file never has the real name.
  const partial = join(dirname(to), `.${basename(to)}.partial-${process.pid}`);
  const started = performance.now();
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`backup failed: ${(err as Error).message}`);
  } finally {
    db.close();
  }
  const integrity = integrityOf(partial);
  if (integrity !== 'ok') {
    rmSync(partial, { force: true });
    throw new BackupError(`the copy failed its integrity check (${integrity}); nothing was kept`);
  }
  renameSync(partial, to);
  return { path: to, bytes: statSync(to).size, ms: Math.round(performance.now() - started) };
}

export interface RestoreFileReport {
  /** Where the database that was replaced now is, if there was one. */
  previous: string | undefined;
}

/**
 * Puts a backup in place of the database at `databasePath`. Run with the server stopped. The
 * backup is checked (integrity_check) and migrated in a copy first, so a bad or old backup never
 * replaces a working database; the replaced file (and its WAL, which must not be replayed onto the
 * restored file) is kept beside it.
 */
export function restoreDatabase(backup: string, databasePath: string, now: number): RestoreFileReport {
  const from = resolve(backup);
  if (!existsSync(from)) throw new BackupError(`there is no backup at ${from}`);
  const integrity = integrityOf(from);
  if (integrity !== 'ok') throw new BackupError(`${from} failed its integrity check (${integrity}); nothing was changed`);
  const target = resolve(databasePath);
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.restoring-${process.pid}`;
  rmSync(staging, { force: true });
  const copy = new Database(from, { readonly: true });
  try {
    copy.prepare('VACUUM INTO ?').run(staging);
  } finally {
    copy.close();
  }
  // Brings an older backup up to this version's schema; closing checkpoints its WAL into the file.
  const migrated = openSqlite(staging);
  const check = (migrated.sqlite.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check;
  migrated.sqlite.pragma('journal_mode = DELETE');
  migrated.close();
  if (check !== 'ok') {
    rmSync(staging, { force: true });
    throw new BackupError(`the backup failed its integrity check after migrating (${check}); nothing was changed`);
  }
  let previous: string | undefined;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(target, previous);
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(target + suffix)) renameSync(target + suffix, (previous ?? target) + suffix + (previous ? '' : '.stale'));
  }
  renameSync(staging, target);
  return { previous };
}
