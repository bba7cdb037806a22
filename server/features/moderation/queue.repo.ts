import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { queryInChunks } from '../../../db/chunks.ts';
import type { AppDb } from '../../../db/client.ts';
import { COMMENT_STATUSES, type CommentStatus, comments, flags, pages } from '../../../db/schema.ts';

export const QUEUES = ['pending', 'approved', 'rejected', 'spam', 'deleted', 'flagged', 'all'] as const;
export type Queue = (typeof QUEUES)[number];

export interface QueueFilter {
  siteId: string;
  queue: Queue;
  q?: string | undefined;
  pageKey?: string | undefined;
  before?: { createdAt: number; id: string } | undefined;
  limit: number;
  /** The site's flag threshold: published comments reported this often wait in Pending too. */
  flagThreshold: number;
}

const parent = alias(comments, 'parent');

/*
 * Each queue is read as a few ranges that an index hands over already in (created_at) order:
 * the comments of one status (comments_site_status_idx), or the reported ones
 * (comments_flagged_idx, partial on flag_count > 0). Pending is two ranges: held comments, and
 * published ones reported at least the site's threshold times. Read as one OR, SQLite (which has
 * no statistics here) walks every comment of the site instead: on a site of 1,000,000 comments,
 * 270 ms for Pending and a second for All, against 1–3 ms this way (README, Performance).
 */
type Range = { status: CommentStatus } | { reported: SQL };

function queueRanges(queue: Queue, flagThreshold: number): Range[] {
  if (queue === 'all') return COMMENT_STATUSES.map((status) => ({ status }));
  if (queue === 'pending') return [{ status: 'pending' }, { reported: publishedOverThreshold(flagThreshold) }];
  if (queue === 'flagged') return [{ reported: flaggedWork }];
  return [{ status: queue }];
}

/*
 * Conditions on reported comments, read through the partial index (named: with no statistics the
 * planner may take the status index instead and read every published comment). The `+` keeps
 * `status` from being used as an index term for the same reason.
 */
function publishedOverThreshold(flagThreshold: number): SQL {
  return sql`+c.status = 'approved' and c.deleted_at is null and c.flag_count >= ${flagThreshold}`;
}
// A placeholder its reader left has nothing to review (and cannot be kept), so it is not flagged work.
const flaggedWork = sql`+c.status in ('pending', 'approved') and c.deleted_at is null`;

/**
 * The comments of a range on one site, or on one page of it (`pageId`, a subquery); with their
 * page (to search its title) unless only counted.
 */
function rangeFrom(range: Range, siteId: string, opts: { withPage: boolean; pageId?: SQL | undefined }): SQL {
  const join = opts.withPage ? sql` join pages p on p.id = c.page_id` : sql``;
  if ('reported' in range) {
    const onPage = opts.pageId ? sql` and c.page_id = ${opts.pageId}` : sql``;
    return sql`from comments c indexed by comments_flagged_idx${join} where c.site_id = ${siteId} and c.flag_count > 0 and ${range.reported}${onPage}`;
  }
  // A page's comments of one status come off the page's listing index (a page belongs to one
  // site); asked for both, the planner may walk the whole site's comments of that status instead.
  const where = opts.pageId ? sql`c.page_id = ${opts.pageId}` : sql`c.site_id = ${siteId}`;
  return sql`from comments c${join} where c.status = ${range.status} and ${where}`;
}

/** A moderation queue, newest first, with each comment's parent and page for context. */
export async function listQueue(db: AppDb, f: QueueFilter) {
  const pageId = f.pageKey ? sql`(select id from pages where site_id = ${f.siteId} and key = ${f.pageKey})` : undefined;
  const filters: SQL[] = [];
  if (f.q) {
    // instr() rather than LIKE: a search for "50%" or "_" means those characters.
    const q = f.q.toLowerCase();
    filters.push(
      sql`(instr(lower(c.body_source), ${q}) > 0 or instr(lower(c.author_name), ${q}) > 0 or instr(coalesce(c.author_email, ''), ${q}) > 0 or instr(lower(p.key), ${q}) > 0 or instr(lower(coalesce(p.title, '')), ${q}) > 0)`,
    );
  }
  if (f.before) filters.push(sql`(c.created_at, c.id) < (${f.before.createdAt}, ${f.before.id})`);
  // The newest `limit` of each range; the page is the newest `limit` of their union.
  const ranges = queueRanges(f.queue, f.flagThreshold).map(
    (range) =>
      sql`select id from (select c.id ${rangeFrom(range, f.siteId, { withPage: true, pageId })}${sql.join(
        filters.map((w) => sql` and ${w}`),
      )} order by c.created_at desc, c.id desc limit ${f.limit})`,
  );
  return db
    .select({
      id: comments.id,
      siteId: comments.siteId,
      pageId: comments.pageId,
      parentId: comments.parentId,
      depth: comments.depth,
      status: comments.status,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      identityId: comments.identityId,
      ipHash: comments.ipHash,
      bodySource: comments.bodySource,
      bodyHtml: comments.bodyHtml,
      score: comments.score,
      pinned: comments.pinned,
      flagCount: comments.flagCount,
      spamScore: comments.spamScore,
      spamReasons: comments.spamReasons,
      heldReasons: comments.heldReasons,
      editedAt: comments.editedAt,
      editedBy: comments.editedBy,
      deletedAt: comments.deletedAt,
      createdAt: comments.createdAt,
      pageKey: pages.key,
      pageTitle: pages.title,
      pageUrl: pages.url,
      pageClosed: pages.closed,
      parentAuthorName: parent.authorName,
      parentBodyHtml: parent.bodyHtml,
      parentStatus: parent.status,
    })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .leftJoin(parent, eq(parent.id, comments.parentId))
    .where(sql`${comments.id} in (${sql.join(ranges, sql` union all `)})`)
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(f.limit)
    .all();
}

export interface AuthorHistory {
  approved: number;
  rejected: number;
  total: number;
  firstSeen: number;
}

/** What each author (by email) has written on the site before: counts and first appearance. */
export async function authorHistories(db: AppDb, siteId: string, emails: string[]): Promise<Map<string, AuthorHistory>> {
  if (emails.length === 0) return new Map();
  // One query per slice of emails (D1's parameter limit); each email's group is in one slice.
  const rows = await queryInChunks(emails, (slice) =>
    db
      .select({
        email: comments.authorEmail,
        approved: sql<number>`sum(case when ${comments.status} = 'approved' then 1 else 0 end)`,
        rejected: sql<number>`sum(case when ${comments.status} in ('rejected', 'spam') then 1 else 0 end)`,
        total: sql<number>`count(*)`,
        firstSeen: sql<number>`min(${comments.createdAt})`,
      })
      .from(comments)
      .where(and(eq(comments.siteId, siteId), inArray(comments.authorEmail, slice)))
      .groupBy(comments.authorEmail)
      .all(),
  );
  return new Map(rows.map((r) => [r.email!, { approved: r.approved, rejected: r.rejected, total: r.total, firstSeen: r.firstSeen }]));
}

/** Comments waiting in each queue, for the dashboard's badges and title. */
export async function queueCounts(db: AppDb, siteId: string, flagThreshold: number): Promise<Record<'pending' | 'flagged' | 'spam', number>> {
  const count = (range: Range) => sql`(select count(*) ${rangeFrom(range, siteId, { withPage: false })})`;
  const row = await db.get<{ pending: number; flagged: number; spam: number }>(
    sql`select ${count({ status: 'pending' })} + ${count({ reported: publishedOverThreshold(flagThreshold) })} as pending,
      ${count({ reported: flaggedWork })} as flagged, ${count({ status: 'spam' })} as spam`,
  );
  return { pending: row?.pending ?? 0, flagged: row?.flagged ?? 0, spam: row?.spam ?? 0 };
}

export async function findCommentForModeration(db: AppDb, id: string) {
  return db
    .select({
      id: comments.id,
      siteId: comments.siteId,
      pageId: comments.pageId,
      depth: comments.depth,
      status: comments.status,
      pinned: comments.pinned,
      flagCount: comments.flagCount,
      authorEmail: comments.authorEmail,
      identityId: comments.identityId,
      ipHash: comments.ipHash,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .where(eq(comments.id, id))
    .get();
}

export interface FlagSummary {
  reasons: Partial<Record<'spam' | 'abuse' | 'off-topic' | 'other', number>>;
  notes: string[];
}

/** Why readers reported each of these comments: counts by reason and their notes. */
export async function flagSummaries(db: AppDb, commentIds: string[]): Promise<Map<string, FlagSummary>> {
  const out = new Map<string, FlagSummary>();
  if (commentIds.length === 0) return out;
  const rows = await queryInChunks(commentIds, (slice) =>
    db
      .select({ commentId: flags.commentId, reason: flags.reason, note: flags.note })
      .from(flags)
      .where(inArray(flags.commentId, slice))
      .orderBy(desc(flags.createdAt))
      .limit(2000)
      .all(),
  );
  for (const r of rows) {
    let summary = out.get(r.commentId);
    if (!summary) out.set(r.commentId, (summary = { reasons: {}, notes: [] }));
    summary.reasons[r.reason] = (summary.reasons[r.reason] ?? 0) + 1;
    if (r.note && summary.notes.length < 5) summary.notes.push(r.note);
  }
  return out;
}

export type { CommentStatus };
