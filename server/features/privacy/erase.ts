/**
 * Erasing everything Parley holds about one email address: the one implementation behind the
 * dashboard's privacy requests and the readers' self-service erasure.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type AtomicStatement, atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { auditLog, comments, identities, magicLinks, outbox, pages, subscribers, suppressions, votes } from '../../../db/schema.ts';
import { hmacHex } from '../../crypto.ts';
import { erasedCommentColumns } from '../comments/index.ts';
import { newId } from '../../ids.ts';

/** Stands for the address in the delivery log once erased. */
export const ERASED_ADDRESS = '[erased]';

export interface EraseRequest {
  /** The address to erase; null for a signed-in reader whose identity has none (SSO). */
  email: string | null;
  /**
   * A signed-in reader erasing their own data ("delete my data"): only on their site, their
   * comments found by identity as well as by address, their votes, their identity and sign-ins;
   * the do-not-mail list is left as it is (a bounce recorded for the address stays).
   */
  reader?: { siteId: string; identityId: string };
  /** The person asked never to be emailed again: the address goes on the do-not-mail list. */
  doNotMail: boolean;
  /** Who acted, for the audit log: an editor, or the reader themselves (self-service). */
  actor: { editorId: string; editorEmail: string } | { reader: true };
  /** Keys the hash that stands for the address in the audit log. */
  secret: string;
  now: number;
}

export interface EraseReport {
  /** Comments taken out of the discussion (status deleted), their text and author erased. */
  commentsRemoved: number;
  /** Comments with replies, kept as text-free "[deleted]" placeholders so the replies keep their place. */
  commentsAnonymised: number;
  subscribersRemoved: number;
  /** Bans naming the address are kept (a site's record of abuse); lift them on the Bans page. */
  bansKept: number;
  doNotMail: boolean;
  /** Stands for the address in the audit log; the same address always gives the same value. */
  emailHash: string;
}

/** The address as stored: lower-cased, trimmed (comments and subscribers store it so). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The keyed hash recorded instead of the address: lets an operator answer "did we erase X?". */
export async function emailHashOf(secret: string, email: string): Promise<string> {
  return `hmac-sha256:${(await hmacHex(secret, `privacy-erase:${normaliseEmail(email)}`)).slice(0, 32)}`;
}

interface Authored {
  id: string;
  siteId: string;
  pageId: string;
}

/**
 * Which of the person's comments must stay as placeholders: those with a published reply that
 * stays (by someone else, or itself a placeholder), as a reader's own deletion decides
 * (comments/own-comment.ts). The rest can leave the discussion without breaking any thread.
 */
function placeholdersAmong(mine: Authored[], children: { id: string; parentId: string; mine: boolean }[]): Set<string> {
  const byParent = new Map<string, { id: string; mine: boolean }[]>();
  for (const child of children) byParent.set(child.parentId, [...(byParent.get(child.parentId) ?? []), child]);
  const memo = new Map<string, boolean>();
  const stays = (id: string, seen: Set<string>): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false; // a cycle cannot happen, but must not hang either
    seen.add(id);
    const result = (byParent.get(id) ?? []).some((k) => !k.mine || stays(k.id, seen));
    memo.set(id, result);
    return result;
  };
  return new Set(mine.filter((c) => stays(c.id, new Set())).map((c) => c.id));
}

/**
 * Erases an address everywhere, in one atomic write:
 * - its comments lose their text, name, email, identity, reader key and hashes, exactly as when a
 *   reader deletes their own comment (comments/own-comment.ts): those with published replies stay
 *   as "[deleted]" placeholders so the replies keep their thread, the rest leave the discussion
 *   (status deleted, the page's count follows);
 * - its subscribers and their subscriptions, on every site;
 * - mail to it: queued mail is dropped, the delivery log keeps the row without address or content,
 *   and reply notifications quoting its comments lose their content too;
 * - its do-not-mail entry, unless the person asked not to be emailed again (then it is kept or added).
 * Bans naming the address are kept. Each affected site's audit log records the erasure under a
 * keyed hash of the address, never the address.
 *
 * Set-based statements (ids travel as one JSON parameter), so a prolific commenter's erasure is a
 * handful of statements, within D1's limits on bound parameters and statements per request.
 */
export async function eraseEmail(db: AppDb, r: EraseRequest): Promise<EraseReport> {
  const email = r.email === null ? null : normaliseEmail(r.email);
  const reader = r.reader;
  const emailHash = await emailHashOf(r.secret, email ?? `identity:${reader?.identityId}`);
  // Whose comments: by address everywhere, or (a reader's own request) on their site by identity or address.
  const byPerson = (alias: string) => {
    const c = sql.raw(alias);
    const byEmail = email === null ? sql`0` : sql`lower(coalesce(${c}.author_email, '')) = ${email}`;
    return reader ? sql`(${c}.identity_id = ${reader.identityId} or ${byEmail})` : byEmail;
  };
  const mine = await db.all<Authored>(
    sql`select id, site_id as siteId, page_id as pageId from comments c where ${byPerson('c')}${reader ? sql` and c.site_id = ${reader.siteId}` : sql``}`,
  );
  const mineIds = JSON.stringify(mine.map((c) => c.id));
  const children = mine.length
    ? (await db.all<{ id: string; parentId: string; mine: number }>(
        sql`select id, parent_id as parentId, id in (select value from json_each(${mineIds})) as mine from comments
          where parent_id in (select value from json_each(${mineIds})) and status = 'approved'`,
      )).map((k) => ({ ...k, mine: Boolean(k.mine) }))
    : [];
  const keep = placeholdersAmong(mine, children);
  const removed = mine.filter((c) => !keep.has(c.id)).map((c) => c.id);
  const removedIds = JSON.stringify(removed);
  const onSite = (column: SQL) => (reader ? sql` and ${column} = ${reader.siteId}` : sql``);
  const subs = email === null ? [] : await db.all<{ id: string; siteId: string }>(sql`select id, site_id as siteId from subscribers where lower(email) = ${email}${onSite(sql`site_id`)}`);
  const bansKept = email === null ? 0 : ((await db.get<{ n: number }>(sql`select count(*) as n from bans where kind = 'email' and lower(value) = ${email}${onSite(sql`site_id`)}`))?.n ?? 0);

  // Leaves the discussion only if, when the write runs, no published reply outside the set hangs
  // from it: a reply posted since the reads above makes it a placeholder instead.
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
          updatedAt: r.now,
        })
        .where(sql`${pages.id} in (select value from json_each(${JSON.stringify([...new Set(mine.map((c) => c.pageId))])}))`),
    );
  }
  if (removed.length) {
    statements.push(db.update(comments).set({ status: 'deleted' }).where(leaves('comments')));
  }
  if (mine.length) {
    statements.push(
      db
        .update(comments)
        // What a reader's own deletion leaves (comments/own-comment.ts), plus the moderation notes.
        .set({ ...erasedCommentColumns(r.now), spamReasons: '[]', heldReasons: '[]' })
        .where(sql`${comments.id} in (select value from json_each(${mineIds}))`),
      // Notifications of replies by this person quote their words.
      db.delete(outbox).where(sql`${outbox.status} = 'queued' and ${outbox.idempotencyKey} in (select 'reply-' || value from json_each(${mineIds}))`),
      db.update(outbox).set({ subject: '', html: '', text: '', headers: '{}' }).where(sql`${outbox.idempotencyKey} in (select 'reply-' || value from json_each(${mineIds}))`),
    );
  }
  if (email !== null) {
    statements.push(
      db.delete(subscribers).where(sql`lower(${subscribers.email}) = ${email}${onSite(sql`${subscribers.siteId}`)}`),
      db.delete(outbox).where(sql`lower(${outbox.toEmail}) = ${email} and ${outbox.status} = 'queued'${onSite(sql`${outbox.siteId}`)}`),
      db.update(outbox).set({ toEmail: ERASED_ADDRESS, subject: '', html: '', text: '', headers: '{}', lastError: null }).where(sql`lower(${outbox.toEmail}) = ${email}${onSite(sql`${outbox.siteId}`)}`),
    );
    if (!reader) {
      statements.push(
        r.doNotMail
          ? db.insert(suppressions).values({ email, reason: 'request', detail: 'erasure request', createdAt: r.now }).onConflictDoNothing()
          : db.delete(suppressions).where(sql`lower(${suppressions.email}) = ${email}`),
      );
    }
  }
  // Signed-in identities of the person (the reader's own; by address, on every site otherwise).
  const identityIds = reader
    ? [reader.identityId]
    : email === null
      ? []
      : (await db.all<{ id: string }>(sql`select id from identities where lower(email) = ${email}`)).map((i) => i.id);
  if (identityIds.length) {
    const voterKeys = JSON.stringify(identityIds.map((id) => `id:${id}`));
    const theirs = sql`(select value from json_each(${voterKeys}))`;
    statements.push(
      // Their up-votes go, and the comments they voted for count without them.
      db
        .update(comments)
        .set({ score: sql`(select count(*) from votes v where v.comment_id = ${comments.id} and v.value = 1 and v.voter_key not in ${theirs})` })
        .where(sql`${comments.id} in (select comment_id from votes where voter_key in ${theirs})`),
      db.delete(votes).where(sql`${votes.voterKey} in ${theirs}`),
      // The identities, and with them (cascade) every sign-in.
      db.delete(identities).where(sql`${identities.id} in (select value from json_each(${JSON.stringify(identityIds)}))`),
    );
  }
  if (email !== null) statements.push(db.delete(magicLinks).where(sql`lower(${magicLinks.email}) = ${email}${onSite(sql`${magicLinks.siteId}`)}`));
  const sites = reader ? [reader.siteId] : [...new Set([...mine.map((c) => c.siteId), ...subs.map((s) => s.siteId)])].sort();
  const who = 'reader' in r.actor ? { editorId: null, editorEmail: null } : r.actor;
  const summary = `${removed.length} comments removed, ${keep.size} kept as placeholders, ${subs.length} subscribers removed, do-not-mail: ${r.doNotMail ? 'yes' : 'no'}${'reader' in r.actor ? ', by the reader' : ''}`;
  for (const siteId of sites.length ? sites : [null]) {
    statements.push(db.insert(auditLog).values({ id: newId(), siteId, ...who, action: 'privacy.erase', target: emailHash, reason: summary, createdAt: r.now }));
  }
  await atomic(db, statements);
  return { commentsRemoved: removed.length, commentsAnonymised: keep.size, subscribersRemoved: subs.length, bansKept, doNotMail: r.doNotMail, emailHash };
}
