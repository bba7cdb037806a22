import { base64url } from '../ids.ts';

const encoder = new TextEncoder();

// Importing the key costs as much as signing; a newsletter signs two links per recipient.
const keys = new Map<string, Promise<CryptoKey>>();

async function mac(secret: string, data: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', await key, encoder.encode(data))));
}

function decode(part: string): unknown {
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return undefined;
  }
}

export interface TokenClaims {
  /** What the token is for; a token made for one purpose is refused for another. */
  p: string;
  /** Subject: a subscriber id. */
  s: string;
  /** Expiry (ms since epoch), when the token expires. */
  e?: number;
  /** Anything else the purpose needs (subscription ids …). */
  d?: string[];
}

/**
 * A token that carries its claims and an HMAC over them: links in emails need no storage, cannot
 * be forged or altered, and can expire.
 */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const body = base64url(encoder.encode(JSON.stringify(claims)));
  return `${body}.${await mac(secret, `parley-token:${body}`)}`;
}

/** The claims of a valid, unexpired token made for `purpose`; undefined for anything else. */
export async function verifyToken(secret: string, token: string, purpose: string, now: number): Promise<TokenClaims | undefined> {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > 2000) return undefined;
  const expected = await mac(secret, `parley-token:${body}`);
  // Constant-time comparison of the two signatures.
  if (expected.length !== signature.length) return undefined;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  if (diff !== 0) return undefined;
  const claims = decode(body) as TokenClaims | undefined;
  if (!claims || claims.p !== purpose || typeof claims.s !== 'string') return undefined;
  if (claims.e !== undefined && claims.e <= now) return undefined;
  return claims;
}
