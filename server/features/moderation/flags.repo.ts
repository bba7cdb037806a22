import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { type CommentStatus, comments, flags } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';

/** Stores a reader's report, unless that reader already reported the comment: then nothing is returned. */
export async function insertFlag(db: AppDb, f: { commentId: string; reporterKey: string; networkKey: string; reason: (typeof flags.$inferInsert)['reason']; note: string | null; now: number }): Promise<{ id: string }[]> {
  return db
    .insert(flags)
    .values({ id: newId(), commentId: f.commentId, reporterKey: f.reporterKey, networkKey: f.networkKey, reason: f.reason, note: f.note, createdAt: f.now })
    .onConflictDoNothing()
    .returning({ id: flags.id });
}

/** Sets a comment's flag count to the number of networks its reports come from. */
export async function recountFlags(db: AppDb, commentId: string): Promise<{ flagCount: number; status: CommentStatus }[]> {
  return db
    .update(comments)
    .set({ flagCount: sql`(select count(distinct coalesce(${flags.networkKey}, ${flags.reporterKey})) from ${flags} where ${flags.commentId} = ${commentId})` })
    .where(eq(comments.id, commentId))
    .returning({ flagCount: comments.flagCount, status: comments.status });
}
