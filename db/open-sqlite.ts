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
}

/**
 * Opens (creating if needed) an SQLite file, or `:memory:`, for the Node runtime and applies every
 * migration in db/migrations. Node-only: the Worker entry gets its database from the D1 binding.
 */
export function openSqlite(path: string): OpenedSqlite {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets readers go on while a write commits; NORMAL sync is durable across process crashes
  // in WAL mode, and busy_timeout makes a second process (the CLI) wait instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as AppDb, sqlite, close: () => sqlite.close() };
}
