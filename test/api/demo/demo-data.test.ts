import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../../../db/client.ts';
import { openSqlite } from '../../../db/open-sqlite.ts';
import { createApp } from '../../../server/app.ts';
import { DEMO_SITE_ID } from '../../../server/features/demo/demo-articles.ts';
import { ensureDemoSite } from '../../../server/features/demo/ensure-demo.ts';
import { seedComments } from '../../../server/features/demo/seed.ts';
import { parley } from '../../support/cli.ts';

/** What a first-time user meets: the demo discussion, `parley seed`, and the demo pages. */

const PUBLIC_URL = 'http://localhost:3000';
let db: AppDb;
let close: () => void;
let app: ReturnType<typeof createApp>;
let clock = Date.UTC(2026, 10, 25, 12);

beforeEach(async () => {
  ({ db, close } = openSqlite(':memory:'));
  await ensureDemoSite(db, PUBLIC_URL, clock);
  app = createApp(
    { db, now: () => clock++, publicUrl: PUBLIC_URL, secret: 'test-secret-test-secret-test-secret', clientIp: () => '203.0.113.9', spamDefences: false, spamCheckers: [], log: () => {} },
    { demo: true },
  );
});
afterEach(() => close());

/** Every seeded comment whose score is not the number of up-votes behind it. */
async function scoresWithoutVotes() {
  return db.all<{ id: string; score: number; votes: number }>(
    sql`select c.id, c.score, (select count(*) from votes v where v.comment_id = c.id and v.value = 1) as votes from comments c
        where c.score != (select count(*) from votes v where v.comment_id = c.id and v.value = 1)`,
  );
}

describe('seeded data tells the truth', () => {
  it('every score on every seeded page is the count of the votes behind it', async () => {
    await seedComments(db, { siteId: DEMO_SITE_ID, pageKey: '/articles/my-story', comments: 20, replies: 3, now: clock, seed: 7 });
    await seedComments(db, { siteId: DEMO_SITE_ID, pageKey: 'story-42', comments: 5, replies: 25, now: clock, seed: 8 });
    const pages = await db.all<{ key: string; n: number; scored: number }>(
      sql`select p.key, count(c.id) as n, sum(c.score > 0) as scored from pages p join comments c on c.page_id = p.id group by p.id`,
    );
    expect(pages.map((p) => p.key).sort()).toEqual(['/articles/harbour-wind-farm-approved', '/articles/my-story', 'story-42']);
    // Scores are there (the discussion looks alive), and each one has its votes.
    for (const p of pages) expect(p.scored, p.key).toBeGreaterThan(0);
    expect(await scoresWithoutVotes()).toEqual([]);
  });

  it('an up-vote on a demo comment adds one to the score the reader saw', async () => {
    const viktor = await db.get<{ id: string; score: number }>(sql`select id, score from comments where author_name = 'Viktor Mendes' and depth = 0`);
    expect(viktor?.score).toBe(19);
    const res = await app.request(`/api/v1/sites/demo/comments/${viktor!.id}/votes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: PUBLIC_URL, 'X-Parley-Reader': 'first-time-reader-token-01' },
      body: JSON.stringify({ value: 1 }),
    });
    expect(await res.json()).toEqual({ score: 20, voted: true });
  });

  it('no reply is repeated word for word within a thread, in the demo or in a seeded page', async () => {
    await seedComments(db, { siteId: DEMO_SITE_ID, pageKey: '/articles/busy', comments: 4, replies: 30, now: clock, seed: 3 });
    const repeats = await db.all(
      sql`select root_id, body_source, count(*) as n from comments where root_id is not null group by root_id, body_source having n > 1`,
    );
    expect(repeats).toEqual([]);
    // The demo article's discussion is hand-written: no two comments on it say the same.
    const demo = await db.all<{ n: number; distinct: number }>(
      sql`select count(*) as n, count(distinct body_source) as "distinct" from comments c join pages p on p.id = c.page_id where p.key = '/articles/harbour-wind-farm-approved'`,
    );
    expect(demo[0]!.n).toBeGreaterThan(10);
    expect(demo[0]!.distinct).toBe(demo[0]!.n);
  });
});

describe('first run', () => {
  it('answers /favicon.ico with an icon', async () => {
    const res = await app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toContain('<svg');
  });

  it('opens a stand-in demo article for any seeded page key, with the snippet naming that key', async () => {
    await seedComments(db, { siteId: DEMO_SITE_ID, pageKey: '/articles/my-story', pageTitle: 'My <story>', comments: 1, replies: 0, now: clock });
    await seedComments(db, { siteId: DEMO_SITE_ID, pageKey: 'story "42"', comments: 1, replies: 0, now: clock });
    const byPath = await app.request('/articles/my-story');
    expect(byPath.status).toBe(200);
    const html = await byPath.text();
    expect(html).toContain('<h1>My &lt;story&gt;</h1>');
    expect(html).toContain('data-page="/articles/my-story"');
    const byKey = await app.request(`/demo/page?key=${encodeURIComponent('story "42"')}`);
    expect(byKey.status).toBe(200);
    expect(await byKey.text()).toContain('data-page="story &quot;42&quot;"');
    // Keys nobody seeded stay 404, so the demo does not answer every path.
    expect((await app.request('/articles/never-seeded')).status).toBe(404);
    expect((await app.request('/demo/page?key=nope')).status).toBe(404);
  });

  it('`parley seed` prints the URL where its comments show', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-seed-'));
    try {
      const run = (...args: string[]) => parley({ DATABASE_PATH: join(dir, 'p.db'), PUBLIC_URL }, 'seed', ...args);
      const byPath = await run('--page', '/articles/my-story', '--comments', '3', '--replies', '1');
      expect(byPath.code, byPath.err).toBe(0);
      expect(byPath.out).toContain(`Read them at ${PUBLIC_URL}/articles/my-story `);
      const byKey = await run('--page', 'story 42', '--comments', '1', '--replies', '0');
      expect(byKey.out).toContain(`Read them at ${PUBLIC_URL}/demo/page?key=story%2042 `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
