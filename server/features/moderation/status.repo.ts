import { and, eq, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type CommentStatus, comments, pages } from '../../../db/schema.ts';

/**
 * Moves a page's count of approved comments by `delta`, only while the comment still has the
 * status the caller read (and is no placeholder), so a concurrent change makes it do nothing.
 */
export function pageCountStatement(db: AppDb, comment: { id: string; pageId: string; status: CommentStatus }, delta: number, now: number): AtomicStatement {
  return db
    .update(pages)
    .set({ commentCount: sql`max(0, ${pages.commentCount} + ${delta})`, updatedAt: now })
    .where(
      and(
        eq(pages.id, comment.pageId),
        sql`exists (select 1 from ${comments} where ${comments.id} = ${comment.id} and ${comments.status} = ${comment.status} and ${comments.deletedAt} is null)`,
      ),
    );
}

/** Sets a comment's status, guarded by the status the caller read; a reason is added to its held reasons. */
export function commentStatusStatement(db: AppDb, comment: { id: string; status: CommentStatus }, to: CommentStatus, now: number, extra: { heldReason?: string }): AtomicStatement {
  return db
    .update(comments)
    .set({
      status: to,
      updatedAt: now,
      ...(extra.heldReason
        ? { heldReasons: sql`json_insert(${comments.heldReasons}, '$[#]', ${extra.heldReason})` }
        : {}),
    })
    .where(and(eq(comments.id, comment.id), eq(comments.status, comment.status)));
}
