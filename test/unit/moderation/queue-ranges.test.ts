import { afterAll, describe, expect, it } from 'vitest';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { AppDb } from '../../../db/client.ts';
import { openSqlite } from '../../../db/open-sqlite.ts';
import * as schema from '../../../db/schema.ts';
import { COMMENT_STATUSES, comments, pages, sites } from '../../../db/schema.ts';
import { listQueue, QUEUES, type Queue, queueCounts } from '../../../server/features/moderation/queue.repo.ts';

/*
 * The queues are read as unions of index ranges (queue.repo.ts). These check them against the
 * plain definition of each queue over a seeded history of two sites, page after page, with the
 * page and search filters, and that SQLite reads them through indexes, not by walking a site.
 */

const { sqlite, db, close } = openSqlite(':memory:');
afterAll(close);

// A small deterministic generator, so a failure names the same history on every run.
let seed = 20261204;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const THRESHOLD = 3;
const now = Date.UTC(2026, 11, 4);
for (const site of ['news', 'other']) {
  db.insert(sites).values({ id: site, name: site, createdAt: now, updatedAt: now }).run();
  for (const k of [0, 1, 2]) db.insert(pages).values({ id: `${site}-p${k}`, siteId: site, key: `/story-${k}`, title: `Story ${k} about Wind`, createdAt: now, updatedAt: now }).run();
}
interface Row {
  id: string;
  siteId: string;
  pageId: string;
  pageKey: string;
  status: (typeof COMMENT_STATUSES)[number];
  flagCount: number;
  deletedAt: number | null;
  createdAt: number;
  bodySource: string;
}
const rows: Row[] = [];
for (let i = 0; i < 900; i++) {
  const siteId = random() < 0.8 ? 'news' : 'other';
  const k = Math.floor(random() * 3);
  const status = pick(COMMENT_STATUSES);
  const row: Row = {
    id: `c${String(i).padStart(4, '0')}`,
    siteId,
    pageId: `${siteId}-p${k}`,
    pageKey: `/story-${k}`,
    status,
    // Mostly unreported; some once or twice, some over the threshold.
    flagCount: pick([0, 0, 0, 0, 1, 2, 3, 5]),
    // A placeholder its reader left (deleted text, still listed).
    deletedAt: status === 'approved' && random() < 0.1 ? now : null,
    // Ties on created_at, so the cursor's id part is exercised.
    createdAt: now - Math.floor(random() * 300) * 1000,
    bodySource: random() < 0.2 ? 'the harbour needle' : 'plain words',
  };
  rows.push(row);
  db.insert(comments)
    .values({ ...row, authorName: 'A', bodyHtml: '<p>x</p>', updatedAt: now })
    .run();
}

/** What each queue is, said plainly. */
function inQueue(r: Row, queue: Queue): boolean {
  const reportedPublished = r.status === 'approved' && r.deletedAt === null && r.flagCount >= THRESHOLD;
  if (queue === 'all') return true;
  if (queue === 'pending') return r.status === 'pending' || reportedPublished;
  if (queue === 'flagged') return r.flagCount > 0 && (r.status === 'pending' || r.status === 'approved') && r.deletedAt === null;
  return r.status === queue;
}
const newestFirst = (a: Row, b: Row) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

async function everyPage(queue: Queue, filter: { pageKey?: string; q?: string }, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let before: { createdAt: number; id: string } | undefined;
  for (;;) {
    const page = await listQueue(db, { siteId: 'news', queue, limit, flagThreshold: THRESHOLD, before, ...filter });
    seen.push(...page.map((r) => r.id));
    if (page.length < limit) return seen;
    const last = page.at(-1)!;
    before = { createdAt: last.createdAt, id: last.id };
  }
}

describe('moderation queues read as index ranges', () => {
  it('lists each queue, page after page, as its plain definition does', async () => {
    for (const queue of QUEUES) {
      for (const filter of [{}, { pageKey: '/story-1' }, { q: 'needle' }, { q: 'story-2' }] as { pageKey?: string; q?: string }[]) {
        const expected = rows
          .filter((r) => r.siteId === 'news' && inQueue(r, queue))
          .filter((r) => filter.pageKey === undefined || r.pageKey === filter.pageKey)
          .filter(({ bodySource, pageKey }) => filter.q === undefined || bodySource.includes(filter.q) || pageKey.includes(filter.q))
          .sort(newestFirst)
          .map((r) => r.id);
        expect(expected.length, `${queue} ${JSON.stringify(filter)}`).toBeGreaterThan(0);
        expect(await everyPage(queue, filter, 7), `${queue} ${JSON.stringify(filter)}`).toEqual(expected);
      }
    }
  });

  it('counts the badges as the queues list them', async () => {
    const count = (queue: Queue) => rows.filter((r) => r.siteId === 'news' && inQueue(r, queue)).length;
    expect(await queueCounts(db, 'news', THRESHOLD)).toEqual({ pending: count('pending'), flagged: count('flagged'), spam: count('spam') });
  });

  it('reads through indexes: no queue, count or page filter walks the comments of a site', async () => {
    const statements: { sql: string; params: unknown[] }[] = [];
    // The same database through drizzle's query logger, to see the statements the queue runs.
    const logged = drizzle({ client: sqlite, schema, logger: { logQuery: (sql, params) => statements.push({ sql, params }) } }) as unknown as AppDb;
    for (const queue of QUEUES) {
      await listQueue(logged, { siteId: 'news', queue, limit: 7, flagThreshold: THRESHOLD });
      await listQueue(logged, { siteId: 'news', queue, limit: 7, flagThreshold: THRESHOLD, pageKey: '/story-1' });
    }
    await queueCounts(logged, 'news', THRESHOLD);
    expect(statements.length).toBe(QUEUES.length * 2 + 1);
    for (const { sql, params } of statements) {
      const plan = sqlite
        .prepare(`explain query plan ${sql}`)
        .all(...params)
        .map((step) => (step as { detail: string }).detail);
      const comment = plan.filter((d) => / (c|comments) /.test(d) && !d.includes('(id=?)'));
      // Each read of comments is a search on (site, status), (page, status) or the reported index.
      for (const detail of comment) {
        expect(detail, `${plan.join(' | ')}\n${sql}`).toMatch(/SEARCH .*(comments_site_status_idx \(site_id=\? AND status=\?|comments_list_newest_idx \(page_id=\? AND status=\?|comments_list_top_idx \(page_id=\? AND status=\?|comments_flagged_idx \(site_id=\?)/);
      }
      expect(comment.length).toBeGreaterThan(0);
    }
  });
});
