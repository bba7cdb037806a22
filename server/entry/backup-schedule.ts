/**
 * Scheduled backups of the Node server's database (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP): the same
 * consistent online copy as `npm run parley -- backup`, integrity-checked and renamed into place
 * only when whole, then the oldest beyond BACKUP_KEEP removed.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupDatabase } from '../cli/backup.ts';

/** Scheduled backups are named so that sorting their names sorts them by time. */
const BACKUP_FILE = /^parley-\d{8}T\d{9}Z\.db$/;

export interface BackupScheduleOptions {
  databasePath: string;
  dir: string;
  everyMs: number;
  keep: number;
  now(): number;
  onDone(result: { ok: true; path: string; bytes: number; ms: number; removed: string[] } | { ok: false; error: unknown }): void;
}

function backupName(at: number): string {
  // 2026-12-03T19:04:05.678Z → parley-20261203T190405678Z.db
  return `parley-${new Date(at).toISOString().replace(/[-:.]/g, '')}.db`;
}

/** The scheduled backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => BACKUP_FILE.test(n)).sort();
}

/** Takes one backup into `dir` and removes the oldest beyond `keep`; answers what it did. */
export function takeScheduledBackup(options: Pick<BackupScheduleOptions, 'databasePath' | 'dir' | 'keep'>, at: number) {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const report = backupDatabase(options.databasePath, join(dir, backupName(at)));
  const all = listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - options.keep));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return { ...report, removed };
}

/**
 * Starts the schedule. The next backup is due one period after the newest one in `dir`, so a
 * server restarted more often than BACKUP_EVERY (every deploy) still backs up on time. Runs never
 * overlap; a failure is reported and the schedule goes on. Answers the function that stops it.
 */
export function startBackupSchedule(options: BackupScheduleOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const newest = listBackups(resolve(options.dir)).at(-1);
  let last = 0;
  if (newest) {
    try {
      last = statSync(join(resolve(options.dir), newest)).mtimeMs;
    } catch {
      last = 0;
    }
  }
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(run, Math.max(0, delay));
    // A pending backup alone does not keep the process alive (shutdown stops it anyway).
    timer.unref();
  };
  const run = () => {
    const at = options.now();
    try {
      const report = takeScheduledBackup(options, at);
      options.onDone({ ok: true, path: report.path, bytes: report.bytes, ms: report.ms, removed: report.removed });
    } catch (error) {
      options.onDone({ ok: false, error });
    }
    schedule(options.everyMs);
  };
  schedule(last ? last + options.everyMs - options.now() : options.everyMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
