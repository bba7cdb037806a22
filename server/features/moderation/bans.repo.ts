import { and, desc, eq, getTableColumns, gt, isNull, or, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
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
