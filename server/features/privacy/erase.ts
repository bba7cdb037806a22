/**
 * Erasing everything Parley holds about one email address: the one implementation behind the
 * dashboard's privacy requests and the readers' self-service erasure.
 */
import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { hmacHex } from '../../crypto.ts';
import { type Authored, countEmailBans, type ErasureScope, erasureStatements, findAuthored, findIdentityIds, findPublishedReplies, findSubscribers } from './erase.repo.ts';

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
 * Set-based statements (erase.repo.ts), within D1's limits on bound parameters and statements per request.
 */
export async function eraseEmail(db: AppDb, r: EraseRequest): Promise<EraseReport> {
  const scope: ErasureScope = { email: r.email === null ? null : normaliseEmail(r.email), reader: r.reader };
  const emailHash = await emailHashOf(r.secret, scope.email ?? `identity:${r.reader?.identityId}`);
  const mine = await findAuthored(db, scope);
  const keep = placeholdersAmong(mine, await findPublishedReplies(db, mine.map((c) => c.id)));
  const removed = mine.filter((c) => !keep.has(c.id)).map((c) => c.id);
  const subs = await findSubscribers(db, scope);
  const bansKept = await countEmailBans(db, scope);
  const identityIds = await findIdentityIds(db, scope);
  const sites = r.reader ? [r.reader.siteId] : [...new Set([...mine.map((c) => c.siteId), ...subs.map((s) => s.siteId)])].sort();
  const who = 'reader' in r.actor ? { editorId: null, editorEmail: null } : r.actor;
  const summary = `${removed.length} comments removed, ${keep.size} kept as placeholders, ${subs.length} subscribers removed, do-not-mail: ${r.doNotMail ? 'yes' : 'no'}${'reader' in r.actor ? ', by the reader' : ''}`;
  await atomic(
    db,
    erasureStatements(db, { scope, mine, removed, identityIds, doNotMail: r.doNotMail, audit: { siteIds: sites.length ? sites : [null], who, emailHash, summary }, now: r.now }),
  );
  return { commentsRemoved: removed.length, commentsAnonymised: keep.size, subscribersRemoved: subs.length, bansKept, doNotMail: r.doNotMail, emailHash };
}
