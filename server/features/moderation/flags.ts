import { atomic, type AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import type { CommentStatus } from '../../../db/schema.ts';
import { insertFlag, recountFlags } from './flags.repo.ts';
import { statusChangeStatements } from './status-change.ts';

export const FLAG_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface FlagInput {
  /** The new report's id, made by the caller so that {@link FlagInput.reactions} can refer to it. */
  flagId: string;
  comment: { id: string; pageId: string; status: 'approved' | 'pending' | 'rejected' | 'spam' | 'deleted' };
  reporterKey: string;
  /** Keyed hash of the reporter's network: reports count once per network toward the threshold. */
  networkKey: string;
  reason: FlagReason;
  note?: string | undefined;
  threshold: number;
  /** The site hides a comment that reaches the threshold until a moderator has seen it. */
  hide: boolean;
  now: number;
  /**
   * What other features do about the report (server/hooks.ts onCommentFlagged), run in the same
   * atomic write after the report and the recount, so they see the new flag count.
   */
  reactions?: AtomicStatement[];
  /** What reacts to the comment leaving the page at the threshold, written with that change. */
  onHidden?: () => Promise<AtomicStatement[]>;
}

/**
 * Records a reader's report; one per reader per comment (a repeat changes nothing). The comment's
 * flag count is the number of networks its reports come from, so readers behind one address, or
 * one person making up reader tokens, count once. At the site's threshold the comment goes to the
 * moderation queue (the Pending badge counts it); it stays on the page unless the site hides
 * reported comments until reviewed, because otherwise one reader could take down any comment.
 * The report, the recount and the reactions are one atomic write (a repeat recounts to the same).
 * @returns whether this report was new.
 */
export async function flagComment(db: AppDb, f: FlagInput): Promise<boolean> {
  const [inserted, recounted] = (await atomic(db, [
    insertFlag(db, { id: f.flagId, commentId: f.comment.id, reporterKey: f.reporterKey, networkKey: f.networkKey, reason: f.reason, note: f.note ?? null, now: f.now }),
    recountFlags(db, f.comment.id),
    ...(f.reactions ?? []),
  ])) as [{ id: string }[], { flagCount: number; status: CommentStatus }[]];
  if (inserted.length === 0) return false;
  const [updated] = recounted;
  if (f.hide && updated && updated.status === 'approved' && updated.flagCount >= f.threshold) {
    await atomic(db, [
      ...statusChangeStatements(db, { ...f.comment, status: 'approved' }, 'pending', f.now, { heldReason: `Reported from ${updated.flagCount} networks` }),
      ...((await f.onHidden?.()) ?? []),
    ]);
  }
  return true;
}
