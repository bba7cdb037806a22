import { and, desc, eq, gt, gte, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { queryInChunks } from '../../../db/chunks.ts';
import type { AppDb } from '../../../db/client.ts';
import { type CommentStatus, comments, flags, pages } from '../../../db/schema.ts';

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

/**
 * Pending is everything that waits for a decision: held comments, and published ones that reached
 * the flag threshold (they stay on the page unless the site hides them until reviewed).
 */
function pendingCondition(flagThreshold: number) {
  return or(eq(comments.status, 'pending'), and(eq(comments.status, 'approved'), isNull(comments.deletedAt), gte(comments.flagCount, flagThreshold)));
}

function queueCondition(queue: Queue, flagThreshold: number) {
  if (queue === 'all') return undefined;
  if (queue === 'pending') return pendingCondition(flagThreshold);
  // A placeholder its reader left has nothing to review (and cannot be kept), so it is not flagged work.
  if (queue === 'flagged') return and(gt(comments.flagCount, 0), notInArray(comments.status, ['rejected', 'spam', 'deleted']), isNull(comments.deletedAt));
  return eq(comments.status, queue);
}

/** A moderation queue, newest first, with each comment's parent and page for context. */
export async function listQueue(db: AppDb, f: QueueFilter) {
  const where = [eq(comments.siteId, f.siteId)];
  const inQueue = queueCondition(f.queue, f.flagThreshold);
  if (inQueue) where.push(inQueue);
  if (f.pageKey) where.push(eq(pages.key, f.pageKey));
  if (f.q) {
    // instr() rather than LIKE: a search for "50%" or "_" means those characters.
    const q = f.q.toLowerCase();
    where.push(
      or(
        sql`instr(lower(${comments.bodySource}), ${q}) > 0`,
        sql`instr(lower(${comments.authorName}), ${q}) > 0`,
        sql`instr(coalesce(${comments.authorEmail}, ''), ${q}) > 0`,
        sql`instr(lower(${pages.key}), ${q}) > 0`,
        sql`instr(lower(coalesce(${pages.title}, '')), ${q}) > 0`,
      )!,
    );
  }
  if (f.before) where.push(sql`(${comments.createdAt}, ${comments.id}) < (${f.before.createdAt}, ${f.before.id})`);
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
    .where(and(...where))
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
  const row = await db
    .select({
      pending: sql<number>`coalesce(sum(case when ${pendingCondition(flagThreshold)} then 1 else 0 end), 0)`,
      spam: sql<number>`coalesce(sum(case when ${comments.status} = 'spam' then 1 else 0 end), 0)`,
      flagged: sql<number>`coalesce(sum(case when ${comments.flagCount} > 0 and ${comments.status} in ('pending', 'approved') and ${comments.deletedAt} is null then 1 else 0 end), 0)`,
    })
    .from(comments)
    .where(and(eq(comments.siteId, siteId), or(inArray(comments.status, ['pending', 'spam']), gt(comments.flagCount, 0))))
    .get();
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
