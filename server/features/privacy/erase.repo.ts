/**
 * The queries of an erasure (erase.ts decides what goes; these find and write it). Set-based: ids
 * travel as one JSON parameter read with json_each, so a prolific commenter's erasure is a handful
 * of statements, within D1's limits on bound parameters and statements per request.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { alertDigestComments, auditLog, comments, editors, identities, magicLinks, outbox, pages, subscribers, suppressions, votes } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';
import { erasedCommentColumns } from '../comments/index.ts';

/** Stands for the address in the delivery log once erased. */
const ERASED_ADDRESS = '[erased]';

/**
 * The outbox keys of the editors' alerts that quote the comments in the JSON array `ids`: report
 * alerts, whose keys name the comment and editor (alerts/flagged-alert.ts), and queue digests,
 * which record the comments they quote (alert_digest_comments).
 */
function alertKeys(ids: string): SQL {
  return sql`select 'alert-flagged-' || c.value || '-' || e.id from json_each(${ids}) c, ${editors} e
    union all select outbox_key from ${alertDigestComments} where comment_id in (select value from json_each(${ids}))`;
}

/** Whose data: an address (normalised) everywhere, or a signed-in reader's own on their site. */
export interface ErasureScope {
  email: string | null;
  reader?: { siteId: string; identityId: string } | undefined;
}

export interface Authored {
  id: string;
  siteId: string;
  pageId: string;
}

const onSite = (scope: ErasureScope, column: SQL) => (scope.reader ? sql` and ${column} = ${scope.reader.siteId}` : sql``);

/** Whose comments: by address everywhere, or (a reader's own request) by identity or address. */
function byPerson(scope: ErasureScope, alias: string) {
  const c = sql.raw(alias);
  const byEmail = scope.email === null ? sql`0` : sql`lower(coalesce(${c}.author_email, '')) = ${scope.email}`;
  return scope.reader ? sql`(${c}.identity_id = ${scope.reader.identityId} or ${byEmail})` : byEmail;
}

export async function findAuthored(db: AppDb, scope: ErasureScope): Promise<Authored[]> {
  return db.all<Authored>(
    sql`select id, site_id as siteId, page_id as pageId from comments c where ${byPerson(scope, 'c')}${scope.reader ? sql` and c.site_id = ${scope.reader.siteId}` : sql``}`,
  );
}

/** The published replies to these comments, and whether each is one of them. */
export async function findPublishedReplies(db: AppDb, ids: string[]): Promise<{ id: string; parentId: string; mine: boolean }[]> {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const rows = await db.all<{ id: string; parentId: string; mine: number }>(
    sql`select id, parent_id as parentId, id in (select value from json_each(${json})) as mine from comments
      where parent_id in (select value from json_each(${json})) and status = 'approved'`,
  );
  return rows.map((k) => ({ ...k, mine: Boolean(k.mine) }));
}

export async function findSubscribers(db: AppDb, scope: ErasureScope): Promise<{ id: string; siteId: string }[]> {
  if (scope.email === null) return [];
  return db.all<{ id: string; siteId: string }>(sql`select id, site_id as siteId from subscribers where lower(email) = ${scope.email}${onSite(scope, sql`site_id`)}`);
}

export async function countEmailBans(db: AppDb, scope: ErasureScope): Promise<number> {
  if (scope.email === null) return 0;
  return (await db.get<{ n: number }>(sql`select count(*) as n from bans where kind = 'email' and lower(value) = ${scope.email}${onSite(scope, sql`site_id`)}`))?.n ?? 0;
}

/** Signed-in identities of the person (the reader's own; by address, on every site otherwise). */
export async function findIdentityIds(db: AppDb, scope: ErasureScope): Promise<string[]> {
  if (scope.reader) return [scope.reader.identityId];
  if (scope.email === null) return [];
  return (await db.all<{ id: string }>(sql`select id from identities where lower(email) = ${scope.email}`)).map((i) => i.id);
}

export interface ErasurePlan {
  scope: ErasureScope;
  mine: Authored[];
  /** Those of `mine` that leave the discussion (the rest stay as placeholders). */
  removed: string[];
  identityIds: string[];
  /** Put the address on the do-not-mail list, or take it off (not for a reader's own request). */
  doNotMail: boolean;
  audit: { siteIds: (string | null)[]; who: { editorId: string | null; editorEmail: string | null }; emailHash: string; summary: string };
  now: number;
}

/** Every statement of the erasure, in the order the atomic write must run them. */
export function erasureStatements(db: AppDb, plan: ErasurePlan): AtomicStatement[] {
  const { scope, mine, now } = plan;
  const { email, reader } = scope;
  const mineIds = JSON.stringify(mine.map((c) => c.id));
  const removedIds = JSON.stringify(plan.removed);
  // Leaves the discussion only if, when the write runs, no published reply outside the set hangs
  // from it: a reply posted since the reads makes it a placeholder instead.
  const leaves = (alias: string) => {
    const c = sql.raw(alias);
    return sql`${c}.id in (select value from json_each(${removedIds})) and not exists (select 1 from comments k where k.parent_id = ${c}.id and k.status = 'approved' and k.id not in (select value from json_each(${removedIds})))`;
  };
  const statements: AtomicStatement[] = [];
  if (mine.length) {
    // The count first, while it can still see which of them were published and not yet erased:
    // every one of them leaves it, whether it goes or stays as a text-free placeholder.
    statements.push(
      db
        .update(pages)
        .set({
          commentCount: sql`max(0, ${pages.commentCount} - (select count(*) from comments c where c.page_id = ${pages.id} and c.status = 'approved' and c.deleted_at is null and c.id in (select value from json_each(${mineIds}))))`,
          updatedAt: now,
        })
        .where(sql`${pages.id} in (select value from json_each(${JSON.stringify([...new Set(mine.map((c) => c.pageId))])}))`),
    );
  }
  if (plan.removed.length) {
    statements.push(db.update(comments).set({ status: 'deleted' }).where(leaves('comments')));
  }
  if (mine.length) {
    statements.push(
      db
        .update(comments)
        // What a reader's own deletion leaves (comments/own-comment.ts), plus the moderation notes.
        .set({ ...erasedCommentColumns(now), spamReasons: '[]', heldReasons: '[]' })
        .where(sql`${comments.id} in (select value from json_each(${mineIds}))`),
      // Notifications of replies by this person quote their words.
      db.delete(outbox).where(sql`${outbox.status} = 'queued' and ${outbox.idempotencyKey} in (select 'reply-' || value from json_each(${mineIds}))`),
      db.update(outbox).set({ subject: '', html: '', text: '', headers: '{}' }).where(sql`${outbox.idempotencyKey} in (select 'reply-' || value from json_each(${mineIds}))`),
      // So do editors' alerts (a reported comment, a queue digest): every such key is named, so
      // the outbox's unique key index finds them. A digest not yet sent is dropped whole; the
      // next one lists what still waits.
      db.delete(outbox).where(sql`${outbox.status} = 'queued' and ${outbox.idempotencyKey} in (${alertKeys(mineIds)})`),
      db.update(outbox).set({ subject: '', html: '', text: '', headers: '{}' }).where(sql`${outbox.idempotencyKey} in (${alertKeys(mineIds)})`),
      db.delete(alertDigestComments).where(sql`${alertDigestComments.commentId} in (select value from json_each(${mineIds}))`),
    );
  }
  if (email !== null) {
    statements.push(
      db.delete(subscribers).where(sql`lower(${subscribers.email}) = ${email}${onSite(scope, sql`${subscribers.siteId}`)}`),
      db.delete(outbox).where(sql`lower(${outbox.toEmail}) = ${email} and ${outbox.status} = 'queued'${onSite(scope, sql`${outbox.siteId}`)}`),
      db.update(outbox).set({ toEmail: ERASED_ADDRESS, subject: '', html: '', text: '', headers: '{}', lastError: null }).where(sql`lower(${outbox.toEmail}) = ${email}${onSite(scope, sql`${outbox.siteId}`)}`),
    );
    if (!reader) {
      statements.push(
        plan.doNotMail
          ? db.insert(suppressions).values({ email, reason: 'request', detail: 'erasure request', createdAt: now }).onConflictDoNothing()
          : db.delete(suppressions).where(sql`lower(${suppressions.email}) = ${email}`),
      );
    }
  }
  if (plan.identityIds.length) {
    const voterKeys = JSON.stringify(plan.identityIds.map((id) => `id:${id}`));
    const theirs = sql`(select value from json_each(${voterKeys}))`;
    statements.push(
      // Their up-votes go, and the comments they voted for count without them.
      db
        .update(comments)
        .set({ score: sql`(select count(*) from votes v where v.comment_id = ${comments.id} and v.value = 1 and v.voter_key not in ${theirs})` })
        .where(sql`${comments.id} in (select comment_id from votes where voter_key in ${theirs})`),
      db.delete(votes).where(sql`${votes.voterKey} in ${theirs}`),
      // The identities, and with them (cascade) every sign-in.
      db.delete(identities).where(sql`${identities.id} in (select value from json_each(${JSON.stringify(plan.identityIds)}))`),
    );
  }
  if (email !== null) statements.push(db.delete(magicLinks).where(sql`lower(${magicLinks.email}) = ${email}${onSite(scope, sql`${magicLinks.siteId}`)}`));
  for (const siteId of plan.audit.siteIds) {
    statements.push(db.insert(auditLog).values({ id: newId(), siteId, ...plan.audit.who, action: 'privacy.erase', target: plan.audit.emailHash, reason: plan.audit.summary, createdAt: now }));
  }
  return statements;
}
