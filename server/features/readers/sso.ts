import { eq } from 'drizzle-orm';
// hono/utils/jwt rather than hono/jwt: the latter also brings the JWT middleware, whose typing
// adds a `jwtPayload` variable to every Hono context of the app.
import { Jwt } from 'hono/utils/jwt';
import { z } from 'zod';
import type { AppDb } from '../../../db/client.ts';
import { sites } from '../../../db/schema.ts';
import { emailAddress } from '../../http/email-address.ts';
import { httpUrl } from '../../http/safe-url.ts';
import type { SsoProfile } from './identities.repo.ts';
import { readerName } from './reader-name.ts';

/** A publisher token may be valid for at most a day: it is a sign-in, not a long-lived key. */
export const MAX_SSO_TOKEN_LIFE_S = 24 * 3600;
/** Tolerated disagreement between the publisher's clock and ours. */
const CLOCK_SKEW_S = 60;
/** Longer than any sensible token; keeps a hostile body from costing a large decode. */
export const MAX_SSO_TOKEN_CHARS = 8192;

/** The site's SSO signing secret, or undefined when SSO is off. Read only here, never returned. */
export async function ssoSecretOf(db: AppDb, siteId: string): Promise<string | undefined> {
  const row = await db.select({ secret: sites.ssoSecret }).from(sites).where(eq(sites.id, siteId)).get();
  return row?.secret ?? undefined;
}

const finite = z.number().refine(Number.isFinite);

const claimsSchema = z.object({
  // RFC 7519 says a string; publishers often hand over a numeric user id, which means the same.
  sub: z.union([z.string().trim().min(1).max(255), z.number().int().nonnegative().transform(String)], { error: 'sub (the user id) is required.' }),
  name: readerName,
  exp: finite,
  iat: finite.optional(),
  nbf: finite.optional(),
  // Optional profile fields that are malformed are dropped rather than refused: a reader should
  // not be kept out of the comments by an odd avatar or address on the publisher's side.
  email: z.unknown().optional(),
  avatar: z.unknown().optional(),
});

export class SsoTokenError extends Error {}

/**
 * Verifies a publisher's HS256 token and reads the profile it vouches for.
 *
 * The signature and algorithm are checked by hono/jwt (HS256 only: `none`, RS256 and the other
 * HMAC sizes are refused, as is a header that is not a JWT's). The time claims are checked here
 * instead, against the app's clock and with a minute of skew, because hono/jwt reads the
 * machine's clock and tolerates no skew at all.
 * @throws SsoTokenError saying what is wrong, for the publisher's developer.
 */
export async function verifySsoToken(token: string, secret: string, nowMs: number): Promise<SsoProfile> {
  let payload: unknown;
  try {
    payload = await Jwt.verify(token, secret, { alg: 'HS256', exp: false, nbf: false, iat: false });
  } catch {
    throw new SsoTokenError('The sign-in token is not valid: it is malformed, not HS256, or not signed with this site’s SSO secret.');
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const claim = issue?.path[0] !== undefined ? String(issue.path[0]) : 'payload';
    throw new SsoTokenError(`The sign-in token’s ${claim} claim is missing or not valid${issue?.message ? `: ${issue.message}` : ''}.`);
  }
  const claims = parsed.data;
  const now = nowMs / 1000;
  if (claims.exp <= now - CLOCK_SKEW_S) throw new SsoTokenError('The sign-in token has expired.');
  if (claims.exp > now + MAX_SSO_TOKEN_LIFE_S + CLOCK_SKEW_S) throw new SsoTokenError('The sign-in token’s exp is more than 24 hours away; sign a fresh, short-lived token on each page view.');
  if (claims.iat !== undefined && claims.iat > now + CLOCK_SKEW_S) throw new SsoTokenError('The sign-in token’s iat is in the future.');
  if (claims.nbf !== undefined && claims.nbf > now + CLOCK_SKEW_S) throw new SsoTokenError('The sign-in token is not valid yet (nbf).');
  const email = emailAddress.safeParse(claims.email);
  return {
    subject: claims.sub,
    name: claims.name,
    email: email.success ? email.data.toLowerCase() : null,
    avatarUrl: httpUrl(claims.avatar) ?? null,
  };
}
