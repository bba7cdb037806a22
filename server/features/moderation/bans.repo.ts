import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { type BanKind, bans } from '../../../db/schema.ts';

export interface Ban {
  id: string;
  siteId: string;
  kind: BanKind;
  value: string;
  reason: string | null;
  expiresAt: number | null;
  createdBy: string | null;
  createdAt: number;
}

export interface Commenter {
  email?: string | undefined;
  identityId?: string | undefined;
  ipHash?: string | undefined;
}

/** The ban, if any, that applies now to this commenter on this site. */
export async function findActiveBan(db: AppDb, siteId: string, who: Commenter, now: number): Promise<Ban | undefined> {
  const matches = [];
  if (who.email) matches.push(and(eq(bans.kind, 'email'), eq(bans.value, who.email.toLowerCase())));
  if (who.identityId) matches.push(and(eq(bans.kind, 'identity'), eq(bans.value, who.identityId)));
  if (who.ipHash) matches.push(and(eq(bans.kind, 'ip'), eq(bans.value, who.ipHash)));
  if (matches.length === 0) return undefined;
  return db
    .select()
    .from(bans)
    .where(and(eq(bans.siteId, siteId), or(...matches), or(isNull(bans.expiresAt), gt(bans.expiresAt, now))))
    .limit(1)
    .get();
}

export async function listBans(db: AppDb, siteId: string): Promise<Ban[]> {
  return db.select().from(bans).where(eq(bans.siteId, siteId)).orderBy(desc(bans.createdAt)).limit(500).all();
}

export async function findBan(db: AppDb, id: string): Promise<Ban | undefined> {
  return db.select().from(bans).where(eq(bans.id, id)).get();
}
