import { and, eq, gt, lte } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { identities, readerSessions } from '../../../db/schema.ts';
import { type Identity, identityColumns } from './identities.repo.ts';

/**
 * The statement storing a session: `identityId` may be a subquery naming an identity upserted
 * earlier in the same atomic write.
 */
export function insertSessionStatement(db: AppDb, r: { tokenHash: string; identityId: unknown; createdAt: number; expiresAt: number }) {
  return db.insert(readerSessions).values({ tokenHash: r.tokenHash, identityId: r.identityId as string, createdAt: r.createdAt, expiresAt: r.expiresAt });
}

/** The identity of an unexpired session on this site; a token is only good on its identity's site. */
export async function findSessionIdentity(db: AppDb, r: { tokenHash: string; siteId: string; now: number }): Promise<Identity | undefined> {
  return db
    .select(identityColumns)
    .from(readerSessions)
    .innerJoin(identities, eq(identities.id, readerSessions.identityId))
    .where(and(eq(readerSessions.tokenHash, r.tokenHash), gt(readerSessions.expiresAt, r.now), eq(identities.siteId, r.siteId)))
    .get();
}

/** Ends a session (sign-out). */
export async function revokeReaderSession(db: AppDb, tokenHash: string): Promise<void> {
  await db.delete(readerSessions).where(eq(readerSessions.tokenHash, tokenHash));
}

/** Sweeps sessions past their expiry (run by the housekeeping timer and cron). */
export async function purgeExpiredReaderSessions(db: AppDb, now: number): Promise<void> {
  await db.delete(readerSessions).where(lte(readerSessions.expiresAt, now));
}
