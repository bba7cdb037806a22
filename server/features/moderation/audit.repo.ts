import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { auditLog, comments } from '../../../db/schema.ts';

export interface AuditFilter {
  siteId: string;
  editorId?: string | undefined;
  commentId?: string | undefined;
  before?: { createdAt: number; id: string } | undefined;
  limit: number;
}

/** Characters of a comment's text shown beside its entries, so an editor recognises it. */
const EXCERPT_CHARS = 120;

/** The log, newest first, with the author and opening words of each entry's comment. */
export async function listAudit(db: AppDb, f: AuditFilter) {
  const where = [eq(auditLog.siteId, f.siteId)];
  if (f.editorId) where.push(eq(auditLog.editorId, f.editorId));
  if (f.commentId) where.push(eq(auditLog.commentId, f.commentId));
  if (f.before) where.push(sql`(${auditLog.createdAt}, ${auditLog.id}) < (${f.before.createdAt}, ${f.before.id})`);
  return db
    .select({
      ...getTableColumns(auditLog),
      commentAuthor: comments.authorName,
      commentExcerpt: sql<string | null>`substr(${comments.bodySource}, 1, ${EXCERPT_CHARS + 1})`,
      commentDeleted: sql<number | null>`${comments.deletedAt} is not null`,
    })
    .from(auditLog)
    .leftJoin(comments, eq(comments.id, auditLog.commentId))
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(f.limit)
    .all();
}

/** The status a comment had before its most recent status change (for "restore"). */
export async function statusBeforeLastChange(db: AppDb, commentId: string): Promise<string | undefined> {
  const row = await db
    .select({ before: auditLog.beforeStatus })
    .from(auditLog)
    .where(and(eq(auditLog.commentId, commentId), sql`${auditLog.beforeStatus} is not null`))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(1)
    .get();
  return row?.before ?? undefined;
}
