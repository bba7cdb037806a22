import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import type { CommentStatus } from '../../../db/schema.ts';
import { commentStatusStatement, pageCountStatement } from './status.repo.ts';

export interface StatusTarget {
  id: string;
  pageId: string;
  status: CommentStatus;
  /** Set when its reader deleted it: a "[deleted]" placeholder is listed but is not a comment. */
  deletedAt?: number | null;
}

/** Whether a comment counts in its page's comment count: published, and not a placeholder. */
export function countsOnPage(comment: Pick<StatusTarget, 'status' | 'deletedAt'>): boolean {
  return comment.status === 'approved' && comment.deletedAt == null;
}

/**
 * The statements that move a comment from its current status to `to`, keeping the page's count
 * of approved comments true (placeholders of comments their readers deleted do not count). Both are guarded by the status the caller read: if someone else
 * changed the comment in between, neither statement does anything (the count is updated first,
 * while the guard can still see the old status). A comment its author deleted (a "[deleted]"
 * placeholder) is not counted whatever its status, so moving it changes no count.
 */
export function statusChangeStatements(db: AppDb, comment: StatusTarget, to: CommentStatus, now: number, extra: { heldReason?: string } = {}): AtomicStatement[] {
  const statements: AtomicStatement[] = [];
  const placeholder = comment.deletedAt != null;
  const delta = (to === 'approved' && !placeholder ? 1 : 0) - (countsOnPage(comment) ? 1 : 0);
  if (delta !== 0) statements.push(pageCountStatement(db, comment, delta, now));
  statements.push(commentStatusStatement(db, comment, to, now, extra));
  return statements;
}
