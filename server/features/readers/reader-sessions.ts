import type { Context } from 'hono';
import type { AppDb } from '../../../db/client.ts';
import type { IdentityKind } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { sha256Hex } from '../../crypto.ts';
import type { Identity } from './identities.repo.ts';
import { findSessionIdentity, insertSessionStatement } from './reader-sessions.repo.ts';

const DAY_MS = 86_400_000;

/**
 * How long a bearer token lives. A reader verified by email keeps it for 90 days, so they are not
 * sent back to their inbox every week. An SSO reader's lasts a day: the host page trades a fresh
 * publisher token on every visit anyway, and a short life keeps the publisher in charge (a reader
 * they sign out or block is gone from the comments within the day).
 */
export const READER_SESSION_TTL_MS: Record<IdentityKind, number> = { email: 90 * DAY_MS, sso: DAY_MS };

/**
 * The statement starting a session for an identity: `identityId` may be a subquery naming an
 * identity upserted earlier in the same atomic write.
 */
export function insertReaderSessionStatement(db: AppDb, r: { tokenHash: string; identityId: unknown; kind: IdentityKind; now: number }) {
  return insertSessionStatement(db, { tokenHash: r.tokenHash, identityId: r.identityId, createdAt: r.now, expiresAt: r.now + READER_SESSION_TTL_MS[r.kind] });
}

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{16,256})\s*$/i;

/**
 * The bearer token the request carries: a string when there is a well-formed one, `null` when
 * there is no Authorization header, and `''` when there is one we cannot read (it must not be
 * taken for "not signed in" where that would quietly change what the request does).
 */
export function presentedBearer(c: Context<AppEnv>): string | null {
  const header = c.req.header('Authorization');
  if (header === undefined || header.trim() === '') return null;
  return BEARER.exec(header)?.[1] ?? '';
}

async function lookUp(c: Context<AppEnv>): Promise<{ identity: Identity; tokenHash: string } | null> {
  const token = presentedBearer(c);
  if (!token) return null;
  const { db, now } = c.var.deps;
  const tokenHash = await sha256Hex(token);
  const row = await findSessionIdentity(db, { tokenHash, siteId: c.var.site.id, now: now() });
  return row ? { identity: row, tokenHash } : null;
}

// One lookup per request, however many helpers ask (keyed by the request, gone with it).
const looked = new WeakMap<Request, Promise<{ identity: Identity; tokenHash: string } | null>>();

/** The request's verified bearer session, looked up once per request. */
function readerSession(c: Context<AppEnv>): Promise<{ identity: Identity; tokenHash: string } | null> {
  let found = looked.get(c.req.raw);
  if (!found) looked.set(c.req.raw, (found = lookUp(c)));
  return found;
}

/**
 * The signed-in reader of this request: the identity of a valid, unexpired bearer token for this
 * site, else undefined (no token, or one that is unknown, expired, revoked or another site's).
 */
export async function readerIdentity(c: Context<AppEnv>): Promise<Identity | undefined> {
  return (await readerSession(c))?.identity;
}

const SIGN_IN_AGAIN = 'Your sign-in has expired or was ended. Please sign in again.';

/** The signed-in reader, or 401 `unauthorized` for routes that need one. */
export async function requireReader(c: Context<AppEnv>): Promise<{ identity: Identity; tokenHash: string }> {
  const session = await readerSession(c);
  if (!session) {
    throw new AppError('unauthorized', presentedBearer(c) === null ? 'Sign in first: this needs a bearer token (Authorization: Bearer …).' : SIGN_IN_AGAIN, undefined, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  return session;
}

/**
 * The signed-in reader when the request carries a bearer token, else undefined; a token that is
 * there but no longer good answers 401, so a reader who believes they are signed in is never
 * quietly treated as a guest (their comment posted without the verified mark, say).
 */
export async function optionalReader(c: Context<AppEnv>): Promise<Identity | undefined> {
  if (presentedBearer(c) === null) return undefined;
  return (await requireReader(c)).identity;
}
