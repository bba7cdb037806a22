import { eq, sql } from 'drizzle-orm';
import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { comments, flags } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { statusChangeStatements } from './status-change.ts';

export const FLAG_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export interface FlagInput {
  comment: { id: string; pageId: string; status: 'approved' | 'pending' | 'rejected' | 'spam' | 'deleted' };
  reporterKey: string;
  reason: FlagReason;
  note?: string | undefined;
  threshold: number;
  now: number;
}

/**
 * Records a reader's report; one per reader per comment (a repeat changes nothing). When the
 * reports reach the site's threshold, a published comment goes back to the moderation queue.
 * @returns whether this report was new.
 */
export async function flagComment(db: AppDb, f: FlagInput): Promise<boolean> {
  const inserted = await db
    .insert(flags)
    .values({ id: newId(), commentId: f.comment.id, reporterKey: f.reporterKey, reason: f.reason, note: f.note ?? null, createdAt: f.now })
    .onConflictDoNothing()
    .returning({ id: flags.id });
  if (inserted.length === 0) return false;
  const [updated] = await db
    .update(comments)
    .set({ flagCount: sql`${comments.flagCount} + 1` })
    .where(eq(comments.id, f.comment.id))
    .returning({ flagCount: comments.flagCount, status: comments.status });
  if (updated && updated.status === 'approved' && updated.flagCount >= f.threshold) {
    await atomic(db, statusChangeStatements(db, { ...f.comment, status: 'approved' }, 'pending', f.now, { heldReason: `Reported by ${updated.flagCount} readers` }));
  }
  return true;
}
