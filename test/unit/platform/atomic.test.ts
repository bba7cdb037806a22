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
