/**
 * The overview's stats API on a large history: 1,000,000 comments over a year on 5,000 stories,
 * 100,000 decisions in the audit log, 100,000 newsletter subscribers, 52 weekly broadcasts. The
 * database is generated with set-based inserts (recursive CTEs) in one transaction, with the
 * rollup triggers on, so the counters it is read from are the ones posting would have kept; it
 * is kept in the temp directory between runs, keyed by the migrations and the sizes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER, openSqlite } from '../../db/open-sqlite.ts';
import { createEditor } from '../../server/features/editors/editors.repo.ts';
import { rebuildStats } from '../../server/features/stats/index.ts';

export const STATS_SITE = 'bench-stats';
const DAY = 86_400_000;
/** The end of the generated year (fixed, so a kept database answers the same periods). */
const END = Date.UTC(2026, 11, 1);
const START = END - 365 * DAY;
const PAGES = 5000;
const EDITOR = { email: 'stats-bench@example.com', password: 'stats bench password' };

export interface StatsBenchSizes {
  comments: number;
  subscribers: number;
}

function cacheFile(sizes: StatsBenchSizes): string {
  const migrations = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).sort().join(',');
  const key = createHash('sha256').update(`v2 ${migrations} ${sizes.comments} ${sizes.subscribers}`).digest('hex').slice(0, 16);
  return join(tmpdir(), `parley-bench-stats-${key}.db`);
}

/** The generated database's path: kept from an earlier run when there is one, else generated now. */
export async function statsDatabase(sizes: StatsBenchSizes): Promise<{ path: string; generatedSeconds?: number; rebuildSeconds?: number }> {
  const path = cacheFile(sizes);
  if (existsSync(path)) return { path };
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  const { sqlite, db, close } = openSqlite(partial);
  const c = sizes.comments;
  const s = sizes.subscribers;
  const step = Math.floor((END - START) / c);
  sqlite.transaction(() => {
    sqlite.exec(`INSERT INTO sites (id, name, moderation_mode, created_at, updated_at) VALUES ('${STATS_SITE}', 'Stats bench', 'post', ${START}, ${START})`);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${PAGES - 1})
      INSERT INTO pages (id, site_id, key, url, title, created_at, updated_at)
      SELECT 'bp' || i, '${STATS_SITE}', '/stories/' || i, 'https://news.example.com/stories/' || i, 'Story number ' || i, ${START}, ${START} FROM n`);
    // Runs of 20 comments on one story, the stories visited in a scattered order; 80 % published,
    // 8 % held, 7 % spam, 5 % rejected.
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${c - 1})
      INSERT INTO comments (id, site_id, page_id, author_name, body_source, body_html, status, created_at, updated_at)
      SELECT 'bc' || i, '${STATS_SITE}', 'bp' || (((i / 20) * 7919) % ${PAGES}), 'Reader', 'A comment.', '<p>A comment.</p>',
        CASE WHEN i % 100 < 80 THEN 'approved' WHEN i % 100 < 88 THEN 'pending' WHEN i % 100 < 95 THEN 'spam' ELSE 'rejected' END,
        ${START} + i * ${step}, ${START} + i * ${step} FROM n`);
    // Reported comments, scattered: one in 997 published ones over the threshold (they wait in
    // Pending), one in 499 held or published ones reported once (Flagged).
    sqlite.exec(`UPDATE comments SET flag_count = CASE WHEN rowid % 997 = 0 AND status = 'approved' THEN 4 ELSE 1 END
      WHERE (rowid % 997 = 0 AND status = 'approved') OR (rowid % 499 = 0 AND status IN ('approved', 'pending'))`);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
      INSERT INTO editors (id, email, name, role, password_hash, created_at, updated_at)
      SELECT 'be' || i, 'editor' || i || '@example.com', 'Editor ' || i, 'moderator', 'x', ${START}, ${START} FROM n`);
    // A decision on every tenth comment, up to two hours after it was posted.
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 10 FROM n WHERE i < ${c - 10})
      INSERT INTO audit_log (id, site_id, editor_id, editor_email, action, comment_id, before_status, after_status, created_at)
      SELECT 'ba' || i, '${STATS_SITE}', 'be' || (i % 5), 'editor' || (i % 5) || '@example.com', 'approve', 'bc' || i, 'pending', 'approved',
        ${START} + i * ${step} + (i % 7200) * 1000 FROM n`);
    // Subscribers: nine in ten still confirmed, one in ten unsubscribed a month later; a third
    // signed up from the comment form, the rest from the article's form.
    const sStep = Math.floor((END - START) / s);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${s - 1})
      INSERT INTO subscribers (id, site_id, email, status, token, created_at, updated_at)
      SELECT 'bs' || i, '${STATS_SITE}', 'reader' || i || '@example.com', 'active', 'bt' || i, ${START} + i * ${sStep}, ${START} + i * ${sStep} FROM n`);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${s - 1})
      INSERT INTO subscriptions (id, subscriber_id, topic, target, status, created_at, confirmed_at, unsubscribed_at, source, source_page_id)
      SELECT 'bn' || i, 'bs' || i, 'newsletter', '', CASE WHEN i % 10 = 0 THEN 'unsubscribed' ELSE 'confirmed' END,
        ${START} + i * ${sStep}, ${START} + i * ${sStep} + 600000, CASE WHEN i % 10 = 0 THEN ${START} + i * ${sStep} + ${30 * DAY} END,
        CASE WHEN i % 3 = 0 THEN 'comment' ELSE 'article' END, 'bp' || ((i * 31) % ${PAGES}) FROM n`);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 51)
      INSERT INTO broadcasts (id, site_id, subject, body_source, status, created_at, sent_at, recipients)
      SELECT 'bb' || i, '${STATS_SITE}', 'Weekly ' || i, 'News.', 'sent', ${START} + i * ${7 * DAY}, ${START} + i * ${7 * DAY}, ${s} FROM n`);
    // Each broadcast's mail events (2,000 messages each: the query reads one counter per kind).
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${52 * 2000 - 1}),
        t(type, every) AS (VALUES ('sent', 1), ('delivered', 1), ('opened', 3), ('clicked', 9), ('bounced', 50), ('complained', 500))
      INSERT INTO email_events (message_id, type, site_id, broadcast_id, created_at)
      SELECT 'bm' || i, t.type, '${STATS_SITE}', 'bb' || (i / 2000), ${START} + (i / 2000) * ${7 * DAY} FROM n, t WHERE i % t.every = 0`);
  })();
  await createEditor(db, { email: EDITOR.email, role: 'moderator', password: EDITOR.password }, START);
  const generatedSeconds = (performance.now() - started) / 1000;
  // A rebuild recomputes the same counters from the base tables: its time is the backfill's.
  const rebuilt = performance.now();
  await rebuildStats(db, STATS_SITE);
  const rebuildSeconds = (performance.now() - rebuilt) / 1000;
  sqlite.exec('VACUUM');
  close();
  renameSync(partial, path);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  return { path, generatedSeconds, rebuildSeconds };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify(EDITOR) });
  if (!res.ok) throw new Error(`bench sign-in: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export interface Latency {
  p50: number;
  p95: number;
  max: number;
  n: number;
  bytes: number;
}

/** Ten warm-up calls of `get` (it answers the bytes read), then `rounds` timed one after another. */
async function timed(rounds: number, get: (i: number) => Promise<number>): Promise<Latency> {
  let bytes = 0;
  for (let i = 0; i < 10; i++) bytes = await get(i);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await get(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1]!, n: times.length, bytes };
}

async function read(url: string, cookie: string): Promise<number> {
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`bench: ${url} ${res.status} ${await res.text()}`);
  return (await res.text()).length;
}

/**
 * Signs in as the bench's moderator on a running server and reads 90-day periods (each ending on
 * a different day of the last month, in a zone with daylight saving) one after another.
 */
export async function measureStats(url: string, rounds: number): Promise<Latency> {
  const cookie = await signIn(url);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return timed(rounds, (i) => {
    const to = END - (i % 30) * DAY - DAY;
    const from = to - 89 * DAY;
    return read(`${url}/api/v1/admin/sites/${STATS_SITE}/stats?from=${day(from)}&to=${day(to)}&tz=Europe/Berlin`, cookie);
  });
}

/** The moderation queue's views, in turn: badge counts, then Pending, Flagged, All and one story's Pending. */
export const QUEUE_VIEWS = ['counts', 'status=pending', 'status=flagged', 'status=all', 'status=pending&page=/stories/42'] as const;

/** What the dashboard's queue page reads on the large history, each view timed on its own. */
export async function measureQueue(url: string, rounds: number): Promise<Record<(typeof QUEUE_VIEWS)[number], Latency>> {
  const cookie = await signIn(url);
  const base = `${url}/api/v1/admin/sites/${STATS_SITE}`;
  const out = {} as Record<(typeof QUEUE_VIEWS)[number], Latency>;
  for (const view of QUEUE_VIEWS) {
    out[view] = await timed(rounds, () => read(view === 'counts' ? `${base}/counts` : `${base}/comments?${view.replace('/stories/42', encodeURIComponent('/stories/42'))}&limit=50`, cookie));
  }
  return out;
}
