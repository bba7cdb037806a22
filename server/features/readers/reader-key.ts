import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { hashingOf } from '../../hashing.ts';
import { networkKey } from './network-key.ts';
import { readerIdentity } from './reader-sessions.ts';

/**
 * The header carrying the reader's browser token: a random id the widget creates once and keeps
 * in the article page's own storage (first party, no cookie). It only tells one browser from
 * another behind the same address; it proves nothing, so it is never trusted alone.
 */
export const READER_HEADER = 'X-Parley-Reader';

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export interface Reader {
  /** The signed-in identity (verified email or publisher SSO), when there is one. */
  identityId: string | undefined;
  /** Keyed hash of the browser token, stored on comments as their author key; undefined without one. */
  browserKey: string | undefined;
  /**
   * One key per reader for votes and reports: the identity when signed in, else a keyed hash of
   * the IP address and the browser token together, so clearing storage alone does not give a
   * second vote and two browsers behind one office address still count as two readers.
   */
  voterKey: string;
  /**
   * Keyed hash of the reader's network (see networkKey). Votes and reports count once per network
   * as well as once per reader: the browser token is the client's to choose, so without this one
   * person could vote or report as many readers as they make up tokens.
   */
  networkKey: string;
}

/** The vote and report key of a signed-in reader (the same on every device they sign in on). */
export function voterKeyOf(identityId: string): string {
  return `id:${identityId}`;
}

/**
 * Recognises the reader making this request. The identity is the one of the request's bearer
 * token when it is valid for this site (an expired or revoked token counts as none here, so a
 * reader with a stale token can still vote or use an edit token; routes that must not fall back
 * use optionalReader/requireReader); a caller that has already resolved it may pass `identityId`.
 */
export async function recogniseReader(c: Context<AppEnv>, identityId?: string): Promise<Reader> {
  const { secret, clientIp } = c.var.deps;
  const { hmacHex } = hashingOf(c.var.deps);
  identityId ??= (await readerIdentity(c))?.id;
  const raw = c.req.header(READER_HEADER);
  const token = raw && TOKEN.test(raw) ? raw : undefined;
  const browserKey = token ? await hmacHex(secret, `reader:${token}`) : undefined;
  const network = await networkKey(secret, clientIp(c), c.var.deps.hashing);
  if (identityId) return { identityId, browserKey, voterKey: voterKeyOf(identityId), networkKey: network };
  const ip = clientIp(c) ?? 'unknown';
  return { identityId, browserKey, voterKey: `anon:${await hmacHex(secret, `voter:${ip}|${token ?? ''}`)}`, networkKey: network };
}
