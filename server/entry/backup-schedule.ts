/**
 * Scheduled backups of the Node server's database (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP): the
 * operators' own `parley backup` command, run as a child process — the same consistent online
 * copy, integrity-checked and renamed into place only when whole — then the oldest beyond
 * BACKUP_KEEP removed. A child process because the copy is synchronous SQLite work that takes
 * seconds on a large database; in the server's own thread every request would wait for it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Scheduled backups are named so that sorting their names sorts them by time. */
const BACKUP_FILE = /^parley-\d{8}T\d{9}Z\.db$/;

export interface BackupScheduleOptions {
  databasePath: string;
  /** How to run the CLI: [node, ...args] before `backup PATH` (the bundle's cli.js, or the sources through tsx). */
  cli: string[];
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

function runBackup(cli: string[], databasePath: string, target: string): Promise<void> {
  return new Promise((done, fail) => {
    execFile(cli[0]!, [...cli.slice(1), 'backup', target], { env: { ...process.env, DATABASE_PATH: databasePath } }, (error, _stdout, stderr) => {
      if (error) fail(new Error(stderr.trim() || error.message));
      else done();
    });
  });
}

/** Takes one backup into `dir` and removes the oldest beyond `keep`; answers what it did. */
export async function takeScheduledBackup(options: Pick<BackupScheduleOptions, 'databasePath' | 'dir' | 'keep' | 'cli'>, at: number) {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const path = join(dir, backupName(at));
  await runBackup(options.cli, resolve(options.databasePath), path);
  const bytes = statSync(path).size;
  const all = listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - options.keep));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return { path, bytes, ms: Math.round(performance.now() - started), removed };
}

/**
 * Starts the schedule. The next backup is due one period after the newest one in `dir`, so a
 * server restarted more often than BACKUP_EVERY (every deploy) still backs up on time. Runs never
 * overlap; a failure is reported and the schedule goes on. Answers the function that stops it,
 * which lets a backup under way finish (a killed one would leave its partial file behind).
 */
export function startBackupSchedule(options: BackupScheduleOptions): () => Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
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
    running = takeScheduledBackup(options, options.now())
      .then(
        (report) => options.onDone({ ok: true, path: report.path, bytes: report.bytes, ms: report.ms, removed: report.removed }),
        (error: unknown) => options.onDone({ ok: false, error }),
      )
      .finally(() => {
        running = undefined;
        schedule(options.everyMs);
      });
  };
  schedule(last ? last + options.everyMs - options.now() : options.everyMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
