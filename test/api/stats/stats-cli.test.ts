import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { type CliRun, parley as cli } from '../../support/cli.ts';

/** `parley stats rebuild` on a database file, as an operator runs it. */

let dir: string;
let file: string;
const parley = (...args: string[]): Promise<CliRun> => cli({ DATABASE_PATH: file }, ...args);
const counters = () => {
  const { sqlite, close } = openSqlite(file);
  try {
    return sqlite.prepare('select site_id, metric, bucket, subject, value from stats_counters where value != 0 order by 1, 2, 3, 4').all();
  } finally {
    close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-stats-cli-'));
  file = join(dir, 'p.db');
  expect((await parley('seed', '--page', '/articles/one', '--comments', '12', '--replies', '1')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parley stats rebuild', () => {
  it('recomputes the rollups the triggers kept, for every site or one', async () => {
    const kept = counters();
    expect(kept.length).toBeGreaterThan(0);
    const { db, close } = openSqlite(file);
    db.run(sql`update stats_counters set value = value + 5`);
    close();
    const all = await parley('stats', 'rebuild');
    expect(all.code, all.err).toBe(0);
    expect(all.out).toMatch(/Rebuilt the stats of demo in \d+ ms\./);
    expect(counters()).toEqual(kept);
    expect((await parley('stats', 'rebuild', '--site', 'demo')).code).toBe(0);
    expect(counters()).toEqual(kept);
  });

  it('refuses an unknown site or subcommand', async () => {
    const unknown = await parley('stats', 'rebuild', '--site', 'nope');
    expect([unknown.code, unknown.err.trim()]).toEqual([2, 'parley stats: there is no site "nope"']);
    expect((await parley('stats', 'count')).code).toBe(2);
  });
});
