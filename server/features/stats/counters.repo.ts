import { and, desc, eq, gte, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { broadcasts, comments, editors, pages, statsCounters } from '../../../db/schema.ts';

/*
 * Reads of the rollups (stats_counters, kept by triggers). Every read is a range of one site's
 * metric on the primary key (site, metric, bucket, subject): its cost grows with the period and the
 * number of slots that saw activity, never with the number of comments.
 */

const c = statsCounters;

/** Per 15-minute slot in [start, end): the total of each metric that had activity. */
export async function slotTotals(db: AppDb, siteId: string, metrics: string[], start: number, end: number) {
  return db
    .select({ metric: c.metric, bucket: c.bucket, value: sql<number>`sum(${c.value})` })
    .from(c)
    .where(and(eq(c.siteId, siteId), inArray(c.metric, metrics), gte(c.bucket, start), lt(c.bucket, end)))
    .groupBy(c.metric, c.bucket)
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

/** The pages with most of `metric` in [start, end) (ties: by key), with what the overview shows of them. */
export async function topPages(db: AppDb, siteId: string, metric: string, start: number, end: number, limit: number) {
  const total = sql<number>`sum(${c.value})`;
  return db
    .select({ pageId: pages.id, key: pages.key, title: pages.title, url: pages.url, comments: total })
    .from(c)
    .innerJoin(pages, eq(pages.id, c.subject))
    .where(and(eq(c.siteId, siteId), eq(c.metric, metric), gte(c.bucket, start), lt(c.bucket, end)))
    .groupBy(pages.id)
    .having(sql`${total} > 0`)
    .orderBy(desc(total), pages.key)
    .limit(limit)
    .all();
}

/** Key, title and address of these pages. */
export async function pagesByIds(db: AppDb, siteId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: pages.id, key: pages.key, title: pages.title, url: pages.url }).from(pages).where(and(eq(pages.siteId, siteId), inArray(pages.id, ids))).all();
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
