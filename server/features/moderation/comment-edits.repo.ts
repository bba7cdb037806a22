import { eq } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { comments, flags } from '../../../db/schema.ts';

/*
 * The moderators' changes to one comment besides its status (status-change.ts): featuring it,
 * keeping it after reports, editing its words. Each is a statement for the caller's atomic write,
 * beside its audit entry.
 */

export function setPinnedStatement(db: AppDb, commentId: string, pinned: boolean, at: number): AtomicStatement {
  return db.update(comments).set({ pinned, updatedAt: at }).where(eq(comments.id, commentId));
}

/** The reports on a comment are dealt with: its count starts again from zero. */
export function clearFlagsStatements(db: AppDb, commentId: string, at: number): AtomicStatement[] {
  return [db.update(comments).set({ flagCount: 0, updatedAt: at }).where(eq(comments.id, commentId)), db.delete(flags).where(eq(flags.commentId, commentId))];
}

export function moderatorEditStatement(db: AppDb, commentId: string, body: { bodySource: string; bodyHtml: string }, at: number): AtomicStatement {
  return db.update(comments).set({ ...body, editedAt: at, editedBy: 'moderator', updatedAt: at }).where(eq(comments.id, commentId));
}

/** A comment as the reply notification needs it (its parent, author and words). */
export async function findReplyForNotification(db: AppDb, commentId: string) {
  return db
    .select({ id: comments.id, siteId: comments.siteId, parentId: comments.parentId, authorName: comments.authorName, authorEmail: comments.authorEmail, bodySource: comments.bodySource, bodyHtml: comments.bodyHtml })
    .from(comments)
    .where(eq(comments.id, commentId))
    .get();
}
