import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { comments, flags } from '../../../db/schema.ts';

/**
 * Stores a reader's report, unless that reader already reported the comment: then the statement
 * returns no row. The id is the caller's, so reactions in the same write can tell a new report.
 */
export function insertFlag(db: AppDb, f: { id: string; commentId: string; reporterKey: string; networkKey: string; reason: (typeof flags.$inferInsert)['reason']; note: string | null; now: number }) {
  return db
    .insert(flags)
    .values({ id: f.id, commentId: f.commentId, reporterKey: f.reporterKey, networkKey: f.networkKey, reason: f.reason, note: f.note, createdAt: f.now })
    .onConflictDoNothing()
    .returning({ id: flags.id });
}

/** Sets a comment's flag count to the number of networks its reports come from. */
export function recountFlags(db: AppDb, commentId: string) {
  return db
    .update(comments)
    .set({ flagCount: sql`(select count(distinct coalesce(${flags.networkKey}, ${flags.reporterKey})) from ${flags} where ${flags.commentId} = ${commentId})` })
    .where(eq(comments.id, commentId))
    .returning({ flagCount: comments.flagCount, status: comments.status });
}
