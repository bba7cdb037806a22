import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { hmacHex } from '../../hashing.ts';

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
}

/** Recognises the reader making this request. `identityId` comes from a verified bearer token. */
export async function recogniseReader(c: Context<AppEnv>, identityId?: string): Promise<Reader> {
  const { secret, clientIp } = c.var.deps;
  const raw = c.req.header(READER_HEADER);
  const token = raw && TOKEN.test(raw) ? raw : undefined;
  const browserKey = token ? await hmacHex(secret, `reader:${token}`) : undefined;
  if (identityId) return { identityId, browserKey, voterKey: `id:${identityId}` };
  const ip = clientIp(c) ?? 'unknown';
  return { identityId, browserKey, voterKey: `anon:${await hmacHex(secret, `voter:${ip}|${token ?? ''}`)}` };
}
