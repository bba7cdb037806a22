/**
 * The cryptographic building blocks every feature shares: base64url, constant-time comparison,
 * HMAC keys, hashes as hex, and signed tokens. WebCrypto only, so both runtimes run the same code;
 * the request path may use the runtime's faster hashing through the port in hashing.ts.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes (or a string's UTF-8) as base64url without padding (RFC 4648 §5). */
export function base64urlEncode(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of a base64url text (padding optional); throws on anything that is not base64url. */
export function base64urlDecode(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** The UTF-8 text of a base64url value; throws on anything that is not base64url. */
export function base64urlDecodeText(value: string): string {
  return decoder.decode(base64urlDecode(value));
}

/**
 * Compares two MACs, hashes or tokens in time that does not depend on where they first differ, so
 * an attacker cannot learn a valid signature one character at a time. Only the length leaks, and
 * every caller compares values of a fixed, public length.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    const x = typeof a === 'string' ? a.charCodeAt(i) : a[i]!;
    const y = typeof b === 'string' ? b.charCodeAt(i) : b[i]!;
    diff |= x ^ y;
  }
  return diff === 0;
}

// Importing a key costs as much as using it; an installation has one or two secrets, and a
// newsletter signs two links per recipient.
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HMAC-SHA-256 signing key for `secret`, imported once. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (hmacKeys.size > 16) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return key;
}

/** HMAC-SHA-256 of `value` keyed by `secret`, as raw bytes. */
export async function hmacBytes(secret: string, value: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(value)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** HMAC-SHA-256 of `value` keyed by `secret`, as hex; for IP addresses, never stored in clear. */
export async function hmacHex(secret: string, value: string): Promise<string> {
  return hex(await hmacBytes(secret, value));
}

/** SHA-256 of a string as hex; for tokens that are stored only as hashes. */
export async function sha256Hex(value: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value))));
}

/** `bytes` random bytes as base64url. */
export function randomBase64url(bytes: number): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** An unguessable bearer token (32 random bytes, base64url). */
export function newToken(): string {
  return randomBase64url(32);
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

async function tokenMac(secret: string, body: string): Promise<string> {
  return base64urlEncode(await hmacBytes(secret, `parley-token:${body}`));
}

/**
 * A token that carries its claims and an HMAC over them: links in emails need no storage, cannot
 * be forged or altered, and can expire.
 */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const body = base64urlEncode(JSON.stringify(claims));
  return `${body}.${await tokenMac(secret, body)}`;
}

/** The claims of a valid, unexpired token made for `purpose`; undefined for anything else. */
export async function verifyToken(secret: string, token: string, purpose: string, now: number): Promise<TokenClaims | undefined> {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > 2000) return undefined;
  if (!constantTimeEqual(await tokenMac(secret, body), signature)) return undefined;
  let claims: TokenClaims | undefined;
  try {
    claims = JSON.parse(base64urlDecodeText(body)) as TokenClaims | undefined;
  } catch {
    return undefined;
  }
  if (!claims || claims.p !== purpose || typeof claims.s !== 'string') return undefined;
  if (claims.e !== undefined && claims.e <= now) return undefined;
  return claims;
}
