import { eq, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type CommentStatus, comments, flags } from '../../../db/schema.ts';

/** Stores a reader's report `id`, unless that reader already reported the comment: then the statement changes nothing. */
export function insertFlagStatement(db: AppDb, f: { id: string; commentId: string; reporterKey: string; networkKey: string; reason: (typeof flags.$inferInsert)['reason']; note: string | null; now: number }): AtomicStatement {
  return db
    .insert(flags)
    .values({ id: f.id, commentId: f.commentId, reporterKey: f.reporterKey, networkKey: f.networkKey, reason: f.reason, note: f.note, createdAt: f.now })
    .onConflictDoNothing();
}

/** Sets a comment's flag count to the number of networks its reports come from. */
export async function recountFlags(db: AppDb, commentId: string): Promise<{ flagCount: number; status: CommentStatus }[]> {
  return db
    .update(comments)
    .set({ flagCount: sql`(select count(distinct coalesce(${flags.networkKey}, ${flags.reporterKey})) from ${flags} where ${flags.commentId} = ${commentId})` })
    .where(eq(comments.id, commentId))
    .returning({ flagCount: comments.flagCount, status: comments.status });
}
