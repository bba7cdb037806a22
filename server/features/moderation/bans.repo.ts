import { and, desc, eq, getTableColumns, gt, isNull, or, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { preparedPer } from '../../../db/prepared.ts';
import { type BanKind, bans, comments, editors, pages } from '../../../db/schema.ts';

export interface Ban {
  id: string;
  siteId: string;
  kind: BanKind;
  value: string;
  reason: string | null;
  commentId: string | null;
  expiresAt: number | null;
  createdBy: string | null;
  createdAt: number;
}

export interface Commenter {
  email?: string | undefined;
  identityId?: string | undefined;
  ipHash?: string | undefined;
}

const p = sql.placeholder;

// Asked on every post: one statement for any mix of email, identity and IP. A value the commenter
// lacks is bound as null, and `value = null` matches no row, so it adds nothing to the match.
const banQueries = preparedPer((db) => ({
  active: db
    .select()
    .from(bans)
    .where(
      and(
        eq(bans.siteId, p('siteId')),
        or(and(eq(bans.kind, 'email'), eq(bans.value, p('email'))), and(eq(bans.kind, 'identity'), eq(bans.value, p('identityId'))), and(eq(bans.kind, 'ip'), eq(bans.value, p('ipHash')))),
        or(isNull(bans.expiresAt), gt(bans.expiresAt, p('now'))),
      ),
    )
    .limit(1)
    .prepare(),
}));

/** The ban, if any, that applies now to this commenter on this site. */
export async function findActiveBan(db: AppDb, siteId: string, who: Commenter, now: number): Promise<Ban | undefined> {
  if (!who.email && !who.identityId && !who.ipHash) return undefined;
  const values = { siteId, email: who.email ? who.email.toLowerCase() : null, identityId: who.identityId || null, ipHash: who.ipHash || null, now };
  return (await banQueries(db).active.get(values)) as Ban | undefined;
}

/** A ban as the bans list shows it: who was banned (from the comment that led to it), by whom. */
export interface ListedBan extends Ban {
  bannedByName: string | null;
  bannedByEmail: string | null;
  commentAuthor: string | null;
  commentExcerpt: string | null;
  commentPageTitle: string | null;
  commentPageKey: string | null;
  /** 1 when the comment's reader deleted it (its author and words are gone). */
  commentDeleted: number | null;
}

export async function listBans(db: AppDb, siteId: string): Promise<ListedBan[]> {
  return db
    .select({
      ...getTableColumns(bans),
      bannedByName: editors.name,
      bannedByEmail: editors.email,
      commentAuthor: comments.authorName,
      commentExcerpt: sql<string | null>`substr(${comments.bodySource}, 1, 121)`,
      commentPageTitle: pages.title,
      commentPageKey: pages.key,
      commentDeleted: sql<number | null>`${comments.deletedAt} is not null`,
    })
    .from(bans)
    .leftJoin(editors, eq(editors.id, bans.createdBy))
    .leftJoin(comments, eq(comments.id, bans.commentId))
    .leftJoin(pages, eq(pages.id, comments.pageId))
    .where(eq(bans.siteId, siteId))
    .orderBy(desc(bans.createdAt))
    .limit(500)
    .all();
}

export async function findBan(db: AppDb, id: string): Promise<Ban | undefined> {
  return db.select().from(bans).where(eq(bans.id, id)).get();
}

/**
 * Bans a value on a site, or renews the ban already there (same site, kind and value) with the new
 * reason, expiry and editor (a renewal without a comment keeps the comment it had). Its one
 * returned row is the ban as stored.
 */
export function saveBanStatement(db: AppDb, ban: Ban): AtomicStatement {
  return db
    .insert(bans)
    .values(ban)
    .onConflictDoUpdate({
      target: [bans.siteId, bans.kind, bans.value],
      set: { reason: ban.reason, ...(ban.commentId ? { commentId: ban.commentId } : {}), expiresAt: ban.expiresAt, createdBy: ban.createdBy, createdAt: ban.createdAt },
    })
    .returning();
}

export function deleteBanStatement(db: AppDb, id: string): AtomicStatement {
  return db.delete(bans).where(eq(bans.id, id));
}
