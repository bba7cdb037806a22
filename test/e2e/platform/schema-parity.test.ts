/**
 * The two deployments run the same schema: after better-sqlite3 is migrated by drizzle (as the
 * Node entry does at start) and D1 by `wrangler d1 migrations apply` (as dev:worker and deploy
 * do), their sqlite_master agree on every table, index and trigger, apart from each tool's own
 * bookkeeping.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { startWorkerd, type WorkerdApp } from '../../support/workerd-app.ts';

vi.setConfig({ hookTimeout: 180_000 });

interface Entry {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** drizzle's and wrangler's migration logs, D1's internal tables, SQLite's own (autoindexes, sequences). */
const BOOKKEEPING = /^(d1_migrations|__drizzle_migrations|_cf_.*|sqlite_.*)$/;

function normalised(rows: Entry[]) {
  return rows
    .filter((r) => !BOOKKEEPING.test(r.name) && !BOOKKEEPING.test(r.tbl_name))
    .map((r) => ({ type: r.type, name: r.name, table: r.tbl_name, sql: (r.sql ?? '').replace(/\s+/g, ' ').trim() }))
    .sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1));
}

let worker: WorkerdApp;
beforeAll(async () => {
  worker = await startWorkerd({});
});
afterAll(() => worker?.close());

it('sqlite_master is the same on better-sqlite3 and D1', async () => {
  const node = openSqlite(':memory:');
  const query = sql`select type, name, tbl_name, sql from sqlite_master`;
  const onNode = normalised(await node.db.all<Entry>(query));
  node.close();
  const onD1 = normalised(await worker.db.all<Entry>(query));
  expect(onNode.filter((e) => e.type === 'table').length).toBeGreaterThan(10);
  expect(onNode.some((e) => e.type === 'index')).toBe(true);
  expect(onD1).toEqual(onNode);
});
