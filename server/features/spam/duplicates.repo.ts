import { and, eq, gt, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { preparedPer } from '../../../db/prepared.ts';
import { comments } from '../../../db/schema.ts';

// Asked on every post: prepared once per database.
const duplicateQueries = preparedPer((db) => ({
  recent: db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.siteId, sql.placeholder('siteId')), eq(comments.bodyHash, sql.placeholder('bodyHash')), gt(comments.createdAt, sql.placeholder('since'))))
    .limit(1)
    .prepare(),
}));

/**
 * Whether a comment with this body fingerprint was posted on the site since `since` (any status).
 * The fingerprint is spam's (content-checks.ts); comments store it beside the body.
 */
export async function hasRecentDuplicate(db: AppDb, siteId: string, bodyHash: string, since: number): Promise<boolean> {
  return (await duplicateQueries(db).recent.get({ siteId, bodyHash, since })) !== undefined;
}
