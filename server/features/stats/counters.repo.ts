import { and, desc, eq, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { broadcasts, comments, editors, pages, statsCounters } from '../../../db/schema.ts';

/*
 * Reads of the rollups (stats_counters, kept by triggers). Every read is a range of one site's
 * metric on the primary key (site, metric, bucket, subject): its cost grows with the period and the
 * number of slots that saw activity, never with the number of comments.
 */

const c = statsCounters;

/**
 * Per day of the period, the total of each metric that had activity. `runs` cut the period into
 * runs of whole 24-hour days (uniformRuns), so SQLite finds each slot's day with one CASE of a few
 * branches and sums per day itself: a 90-day period returns at most 90 rows a metric, whatever the
 * number of 15-minute slots it reads.
 */
export async function dailyTotals(db: AppDb, siteId: string, metrics: string[], runs: { start: number; end: number; firstDay: number }[]) {
  const start = runs[0]!.start;
  const end = runs[runs.length - 1]!.end;
  // Only integers this module computed go into the SQL text (checked): nothing a client sent.
  const int = (n: number) => {
    if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
    return String(n);
  };
  const branches = runs.map((r) => `WHEN ${c.bucket.name} < ${int(r.end)} THEN ${int(r.firstDay)} + (${c.bucket.name} - ${int(r.start)}) / 86400000`).join(' ');
  const day = sql<number>`CASE ${sql.raw(branches)} END`;
  return db
    .select({ metric: c.metric, day, value: sql<number>`sum(${c.value})` })
    .from(c)
    .where(and(eq(c.siteId, siteId), inArray(c.metric, metrics), gte(c.bucket, start), lt(c.bucket, end)))
    .groupBy(c.metric, day)
    .all();
}

/** Each metric's total over all slots before `end`. */
export async function totalsBefore(db: AppDb, siteId: string, metrics: string[], end: number) {
  return db
    .select({ metric: c.metric, value: sql<number>`coalesce(sum(${c.value}), 0)` })
    .from(c)
    .where(and(eq(c.siteId, siteId), inArray(c.metric, metrics), lt(c.bucket, end)))
    .groupBy(c.metric)
    .all();
}

/** Each subject's total of the metrics in [start, end), per metric. */
export async function subjectTotals(db: AppDb, siteId: string, metrics: string[], start: number, end: number) {
  return db
    .select({ metric: c.metric, subject: c.subject, value: sql<number>`sum(${c.value})` })
    .from(c)
    .where(and(eq(c.siteId, siteId), inArray(c.metric, metrics), gte(c.bucket, start), lt(c.bucket, end)))
    .groupBy(c.metric, c.subject)
    .all();
}

/**
 * The pages with most of `metric` in [start, end) (ties: by key). Summed per page first, then
 * joined to the pages: one page lookup per page, not per slot.
 */
export async function topPages(db: AppDb, siteId: string, metric: string, start: number, end: number, limit: number) {
  const per = db
    .select({ subject: c.subject, comments: sql<number>`sum(${c.value})`.as('comments') })
    .from(c)
    .where(and(eq(c.siteId, siteId), eq(c.metric, metric), gte(c.bucket, start), lt(c.bucket, end)))
    .groupBy(c.subject)
    .as('per');
  return db
    .select({ pageId: pages.id, key: pages.key, title: pages.title, url: pages.url, comments: per.comments })
    .from(per)
    .innerJoin(pages, eq(pages.id, per.subject))
    .where(sql`${per.comments} > 0`)
    .orderBy(desc(per.comments), pages.key)
    .limit(limit)
    .all();
}

/** The pages with most sign-ups in [start, end), by form (ties: by key); summed per page first, as topPages. */
export async function topSources(db: AppDb, siteId: string, start: number, end: number, limit: number) {
  const per = db
    .select({
      subject: c.subject,
      commentForm: sql<number>`sum(case when ${c.metric} = 'signup.comment' then ${c.value} else 0 end)`.as('comment_form'),
      articleForm: sql<number>`sum(case when ${c.metric} = 'signup.article' then ${c.value} else 0 end)`.as('article_form'),
      total: sql<number>`sum(${c.value})`.as('total'),
    })
    .from(c)
    .where(and(eq(c.siteId, siteId), inArray(c.metric, ['signup.comment', 'signup.article']), gte(c.bucket, start), lt(c.bucket, end)))
    .groupBy(c.subject)
    .as('per');
  return db
    .select({ pageId: pages.id, key: pages.key, title: pages.title, url: pages.url, commentForm: per.commentForm, articleForm: per.articleForm })
    .from(per)
    .innerJoin(pages, eq(pages.id, per.subject))
    .where(sql`${per.total} > 0`)
    .orderBy(desc(per.total), pages.key)
    .limit(limit)
    .all();
}

/** The sign-in emails of these editors. */
export async function editorEmails(db: AppDb, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: editors.id, email: editors.email }).from(editors).where(inArray(editors.id, ids)).all();
}

/**
 * The site's broadcasts sent (or being sent) in [start, end), newest first. One still sending
 * has no sent time yet: its creation time places it.
 */
export async function broadcastsIn(db: AppDb, siteId: string, start: number, end: number) {
  const when = sql<number>`coalesce(${broadcasts.sentAt}, ${broadcasts.createdAt})`;
  return db
    .select({ id: broadcasts.id, subject: broadcasts.subject, sentAt: broadcasts.sentAt })
    .from(broadcasts)
    .where(and(eq(broadcasts.siteId, siteId), ne(broadcasts.status, 'draft'), sql`${when} >= ${start}`, sql`${when} < ${end}`))
    .orderBy(desc(when), desc(broadcasts.id))
    .all();
}

/** The per-broadcast mail counters (sent, delivered, …) of these broadcasts. */
export async function broadcastCounters(db: AppDb, siteId: string, metrics: string[], ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ metric: c.metric, subject: c.subject, value: c.value })
    .from(c)
    .where(and(eq(c.siteId, siteId), inArray(c.metric, metrics), eq(c.bucket, 0), inArray(c.subject, ids)))
    .all();
}

/** Whether the site has any rollup at all (the housekeeping job backfills a site that has none). */
export async function hasCounters(db: AppDb, siteId: string): Promise<boolean> {
  return (await db.select({ one: sql<number>`1` }).from(c).where(and(eq(c.siteId, siteId), isNotNull(c.metric))).limit(1).get()) !== undefined;
}

/** Comments held for moderation now: one count over the site's pending entries of the queue index. */
export async function heldNow(db: AppDb, siteId: string): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(comments).where(and(eq(comments.siteId, siteId), eq(comments.status, 'pending'))).get();
  return Number(row?.n ?? 0);
}
