import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { AppDb } from './client.ts';
import * as schema from './schema.ts';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenedSqlite {
  db: AppDb;
  sqlite: Database.Database;
  close(): void;
  /**
   * After a write found the lock held by another process: for `ms`, writes fail at once instead
   * of each waiting busy_timeout with the event loop stopped (eight waiting writes would stall
   * every request for two seconds). Then one write waits again, and so on until the lock is free.
   */
  stopWaitingForLock(ms?: number): void;
}

export interface OpenSqliteOptions {
  /**
   * How long a write waits for another process's write lock before failing with SQLITE_BUSY.
   * better-sqlite3 waits synchronously, so on the server this is time the whole event loop
   * stands still: the server uses {@link SERVER_BUSY_TIMEOUT_MS} and answers 503 past it, while
   * the CLI, which has nothing else to do, waits longer.
   */
  busyTimeoutMs?: number;
}

/** The server's wait for a lock held by another process: short, so no request stalls for long. */
export const SERVER_BUSY_TIMEOUT_MS = 250;

/**
 * Opens (creating if needed) an SQLite file, or `:memory:`, for the Node runtime and applies every
 * migration in db/migrations. Node-only: the Worker entry gets its database from the D1 binding.
 */
export function openSqlite(path: string, options: OpenSqliteOptions = {}): OpenedSqlite {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers go on while a write commits; NORMAL sync is durable across process crashes
  // in WAL mode, and busy_timeout makes a second process (the CLI) wait instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // Migrations at start may wait for a CLI to finish; the server's own timeout is set after them.
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const busyTimeout = Math.max(0, Math.round(options.busyTimeoutMs ?? 5000));
  sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  let resume: ReturnType<typeof setTimeout> | undefined;
  const stopWaitingForLock = (ms = 1000) => {
    if (resume || !sqlite.open) return;
    sqlite.pragma('busy_timeout = 0');
    resume = setTimeout(() => {
      resume = undefined;
      if (sqlite.open) sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }, ms);
    resume.unref?.();
  };
  return {
    db: db as unknown as AppDb,
    sqlite,
    stopWaitingForLock,
    close: () => {
      clearTimeout(resume);
      sqlite.close();
    },
  };
}
