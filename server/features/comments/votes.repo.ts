import { and, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { atomic } from '../../../db/atomic.ts';
import { comments, votes } from '../../../db/schema.ts';

/**
 * Records (value 1) or withdraws (value 0) one reader's up-vote, and sets the comment's score to
 * the number of networks its votes come from, in the same atomic write. Counting rather than
 * adding makes a repeated or racing request harmless: the score is always what the votes table
 * says; counting networks rather than readers means made-up reader tokens add nothing.
 */
export async function castVote(db: AppDb, v: { commentId: string; voterKey: string; networkKey: string; value: 0 | 1; now: number }): Promise<number> {
  const write =
    v.value === 1
      ? db.insert(votes).values({ commentId: v.commentId, voterKey: v.voterKey, networkKey: v.networkKey, value: 1, createdAt: v.now }).onConflictDoNothing()
      : db.delete(votes).where(and(eq(votes.commentId, v.commentId), eq(votes.voterKey, v.voterKey)));
  const recount = db
    .update(comments)
    .set({ score: sql`(select count(distinct coalesce(votes.network_key, votes.voter_key)) from votes where votes.comment_id = ${v.commentId} and votes.value = 1)` })
    .where(eq(comments.id, v.commentId))
    .returning({ score: comments.score });
  const [, rows] = await atomic(db, [write, recount]);
  return (rows as { score: number }[])[0]?.score ?? 0;
}
