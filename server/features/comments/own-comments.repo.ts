import { and, eq, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type CommentStatus, comments, pages } from '../../../db/schema.ts';
import { statusChangeStatements } from '../moderation/index.ts';

export interface OwnComment {
  id: string;
  siteId: string;
  pageId: string;
  status: CommentStatus;
  authorName: string;
  authorEmail: string | null;
  identityId: string | null;
  editTokenHash: string | null;
  bodySource: string;
  createdAt: number;
  deletedAt: number | null;
}

export async function findOwnComment(db: AppDb, siteId: string, id: string): Promise<OwnComment | undefined> {
  const row = await db
    .select({
      id: comments.id,
      siteId: comments.siteId,
      pageId: comments.pageId,
      status: comments.status,
      authorName: comments.authorName,
      authorEmail: comments.authorEmail,
      identityId: comments.identityId,
      editTokenHash: comments.editTokenHash,
      bodySource: comments.bodySource,
      createdAt: comments.createdAt,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .where(and(eq(comments.id, id), eq(comments.siteId, siteId)))
    .get();
  return row ?? undefined;
}

/**
 * What an erased comment keeps of its text and author: nothing. One list for a reader's own
 * deletion and the privacy erase (privacy/erase.ts), so a column added later is erased by both.
 */
export function erasedCommentColumns(now: number) {
  return {
    authorName: '',
    authorEmail: null,
    identityId: null,
    authorAvatarUrl: null,
    authorKey: null,
    editTokenHash: null,
    ipHash: null,
    bodySource: '',
    bodyHtml: '',
    bodyHash: null,
    deletedAt: now,
    updatedAt: now,
  };
}

/**
 * Erases what a comment says and who wrote it. With approved replies it stays listed as a
 * text-free "[deleted]" placeholder so the conversation keeps its shape; without, it leaves the
 * listing (status deleted, and the page's count follows).
 */
export function eraseCommentStatements(db: AppDb, comment: Pick<OwnComment, 'id' | 'pageId' | 'status'>, keepAsPlaceholder: boolean, now: number): AtomicStatement[] {
  // The page's count is of comments readers can read: a placeholder leaves it too (first, while
  // the guard can still see the comment as it was).
  const statements: AtomicStatement[] = keepAsPlaceholder
    ? [
        db
          .update(pages)
          .set({ commentCount: sql`max(0, ${pages.commentCount} - 1)`, updatedAt: now })
          .where(and(eq(pages.id, comment.pageId), sql`exists (select 1 from ${comments} where ${comments.id} = ${comment.id} and ${comments.status} = 'approved' and ${comments.deletedAt} is null)`)),
      ]
    : statusChangeStatements(db, comment, 'deleted', now);
  statements.push(
    db
      .update(comments)
      .set(erasedCommentColumns(now))
      .where(eq(comments.id, comment.id)),
  );
  return statements;
}

/** Whether anyone's approved reply hangs from this comment. */
export async function hasApprovedReplies(db: AppDb, id: string): Promise<boolean> {
  const row = await db
    .select({ one: sql<number>`1` })
    .from(comments)
    .where(and(eq(comments.parentId, id), eq(comments.status, 'approved')))
    .limit(1)
    .get();
  return row !== undefined;
}
