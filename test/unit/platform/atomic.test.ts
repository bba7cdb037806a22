import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomic, changesOf } from '../../../db/atomic.ts';
import { openSqlite, type OpenedSqlite } from '../../../db/open-sqlite.ts';
import { pages, sites } from '../../../db/schema.ts';

let opened: OpenedSqlite;
beforeEach(() => {
  opened = openSqlite(':memory:');
});
afterEach(() => opened.close());

const site = { id: 's', name: 'S', createdAt: 1, updatedAt: 1 };
const page = (id: string, key: string) => ({ id, siteId: 's', key, createdAt: 1, updatedAt: 1 });

describe('atomic (better-sqlite3)', () => {
  it('runs every statement and returns rows for those with returning()', async () => {
    const { db } = opened;
    const results = await atomic(db, [
      db.insert(sites).values(site),
      db.insert(pages).values(page('p1', '/a')).returning({ id: pages.id }),
      db.update(pages).set({ commentCount: 5 }).where(eq(pages.id, 'p1')),
    ]);
    expect(results[1]).toEqual([{ id: 'p1' }]);
    expect(changesOf(results[2])).toBe(1);
    expect(await db.select({ n: pages.commentCount }).from(pages).get()).toEqual({ n: 5 });
  });

  it('rolls back every statement when a later one fails', async () => {
    const { db } = opened;
    await db.insert(sites).values(site);
    await expect(
      atomic(db, [
        db.insert(pages).values(page('p1', '/a')),
        db.update(pages).set({ commentCount: 9 }).where(eq(pages.id, 'p1')),
        // Same (site, key) as the first row: the unique index refuses it.
        db.insert(pages).values(page('p2', '/a')),
      ]),
    ).rejects.toThrow(/UNIQUE/);
    expect(await db.get<{ n: number }>(sql`select count(*) as n from pages`)).toEqual({ n: 0 });
  });
});

describe('group commit (better-sqlite3)', () => {
  it('commits the writes of one loop turn together, each all or nothing, each answered alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-group-'));
    const file = openSqlite(join(dir, 'db.sqlite'));
    // Another connection sees one change of data_version per commit it did not make.
    const watcher = new Database(join(dir, 'db.sqlite'));
    try {
      const { db } = file;
      await db.insert(sites).values(site);
      const version = () => watcher.pragma('data_version', { simple: true }) as number;
      const before = version();
      const writes = [
        atomic(db, [db.insert(pages).values(page('p1', '/a')).returning({ id: pages.id })]),
        // The second statement breaks the unique (site, key) index: this write alone is undone.
        atomic(db, [db.insert(pages).values(page('p2', '/b')), db.insert(pages).values(page('p3', '/a'))]),
        atomic(db, [db.insert(pages).values(page('p4', '/c')).returning({ id: pages.id })]),
      ];
      const outcomes = await Promise.allSettled(writes);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[0] as PromiseFulfilledResult<unknown[]>).value[0]).toEqual([{ id: 'p1' }]);
      expect((outcomes[2] as PromiseFulfilledResult<unknown[]>).value[0]).toEqual([{ id: 'p4' }]);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
      expect((await db.select({ id: pages.id }).from(pages).orderBy(pages.id).all()).map((r) => r.id)).toEqual(['p1', 'p4']);
      expect(version() - before).toBe(1);
    } finally {
      watcher.close();
      file.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers every write of the batch with the error when the commit cannot happen, and stores none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-group-'));
    const file = openSqlite(join(dir, 'db.sqlite'), { busyTimeoutMs: 0 });
    const holder = new Database(join(dir, 'db.sqlite'));
    try {
      const { db } = file;
      await db.insert(sites).values(site);
      // Another process holds the write lock (the CLI mid-import, say).
      holder.exec('BEGIN IMMEDIATE');
      const outcomes = await Promise.allSettled([atomic(db, [db.insert(pages).values(page('p1', '/a'))]), atomic(db, [db.insert(pages).values(page('p2', '/b'))])]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/locked|busy/i);
      holder.exec('ROLLBACK');
      expect(await db.get<{ n: number }>(sql`select count(*) as n from pages`)).toEqual({ n: 0 });
      // And the next write goes through.
      await atomic(db, [db.insert(pages).values(page('p3', '/c'))]);
      expect(await db.get<{ n: number }>(sql`select count(*) as n from pages`)).toEqual({ n: 1 });
    } finally {
      holder.close();
      file.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
