import { and, eq, gt, isNull, lte } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { magicLinks } from '../../../db/schema.ts';

export function insertMagicLinkStatement(db: AppDb, link: typeof magicLinks.$inferInsert): AtomicStatement {
  return db.insert(magicLinks).values(link);
}

/** Links past their expiry can never be used; they go as new ones come (and in housekeeping). */
export function deleteExpiredMagicLinksStatement(db: AppDb, now: number): AtomicStatement {
  return db.delete(magicLinks).where(lte(magicLinks.expiresAt, now));
}

/**
 * Marks a link used and answers whom it was for. One conditional UPDATE, so of two requests racing
 * with the same link exactly one gets it; undefined when it is unknown, another site's, expired or
 * already used.
 */
export async function claimMagicLink(db: AppDb, r: { tokenHash: string; siteId: string; now: number }): Promise<{ email: string; name: string | null } | undefined> {
  const [link] = await db
    .update(magicLinks)
    .set({ usedAt: r.now })
    .where(and(eq(magicLinks.tokenHash, r.tokenHash), eq(magicLinks.siteId, r.siteId), isNull(magicLinks.usedAt), gt(magicLinks.expiresAt, r.now)))
    .returning({ email: magicLinks.email, name: magicLinks.name });
  return link;
}

/** Sweeps links past their expiry (housekeeping); a used link is no use after it either. */
export async function purgeExpiredMagicLinks(db: AppDb, now: number): Promise<void> {
  await db.delete(magicLinks).where(lte(magicLinks.expiresAt, now));
}
