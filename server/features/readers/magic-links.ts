import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { hmacHex, sha256Hex, newToken } from '../../crypto.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import { increment } from '../limits/index.ts';
import type { Site } from '../sites/index.ts';
import { type Identity, identityIdOf, upsertEmailIdentity } from './identities.repo.ts';
import { magicLinkEmail } from './magic-link-email.ts';
import { claimMagicLink, deleteExpiredMagicLinksStatement, insertMagicLinkStatement } from './magic-links.repo.ts';
import { insertReaderSessionStatement } from './reader-sessions.ts';

export const MAGIC_LINK_TTL_MS = 15 * 60 * 1000;
/** The fragment the link carries the token in: fragments are not sent to servers nor in Referer. */
export const SIGN_IN_FRAGMENT = 'parley-signin';
/**
 * At most this many sign-in emails go to one address an hour, whoever asks and from wherever:
 * the per-connection rate limit does not stop a botnet from mail-bombing one person.
 */
export const SIGN_IN_MAILS_PER_HOUR = 5;

/** `returnUrl` with the token in its fragment (replacing any fragment it had). */
export function signInLink(returnUrl: string, token: string): string {
  const url = new URL(returnUrl);
  url.hash = `${SIGN_IN_FRAGMENT}=${token}`;
  return url.href;
}

/**
 * Stores a link for `email` and queues its email in one atomic write. Says nothing back: the
 * caller answers the same whatever happened, so the API tells nobody which addresses read here.
 * @returns what happened, for tests and logs only.
 */
export async function sendMagicLink(
  db: AppDb,
  r: { site: Site; email: string; name: string | undefined; returnUrl: string; secret: string; now: number },
): Promise<'sent' | 'throttled'> {
  const counter = await increment(db, `signin-mail:${await hmacHex(r.secret, `email:${r.email}`)}`, 3600_000, r.now);
  if (counter.count > SIGN_IN_MAILS_PER_HOUR) return 'throttled';
  const token = newToken();
  const tokenHash = await sha256Hex(token);
  const mail = magicLinkEmail({ siteName: r.site.name, link: signInLink(r.returnUrl, token), minutes: MAGIC_LINK_TTL_MS / 60_000 });
  await atomic(db, [
    deleteExpiredMagicLinksStatement(db, r.now),
    insertMagicLinkStatement(db, { tokenHash, siteId: r.site.id, email: r.email, name: r.name ?? null, returnUrl: r.returnUrl, createdAt: r.now, expiresAt: r.now + MAGIC_LINK_TTL_MS }),
    enqueueStatement(db, { siteId: r.site.id, kind: 'sign-in', to: r.email, ...mail, idempotencyKey: `sign-in-${tokenHash}` }, r.now),
  ]);
  return 'sent';
}

/**
 * Spends a link and signs its reader in: the email identity is created on first use, and a new
 * bearer token is returned. The claim is one conditional UPDATE, so of two requests racing with
 * the same link exactly one wins. Undefined when the link is unknown, another site's, expired or
 * already used.
 */
export async function redeemMagicLink(db: AppDb, r: { siteId: string; token: string; now: number }): Promise<{ token: string; identity: Identity } | undefined> {
  const link = await claimMagicLink(db, { tokenHash: await sha256Hex(r.token), siteId: r.siteId, now: r.now });
  if (!link) return undefined;
  const bearer = newToken();
  const [rows] = (await atomic(db, [
    upsertEmailIdentity(db, { siteId: r.siteId, email: link.email, name: link.name, now: r.now }),
    insertReaderSessionStatement(db, { tokenHash: await sha256Hex(bearer), identityId: identityIdOf(r.siteId, 'email', link.email), kind: 'email', now: r.now }),
  ])) as [Identity[]];
  return { token: bearer, identity: rows[0]! };
}

