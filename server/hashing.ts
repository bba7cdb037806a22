const encoder = new TextEncoder();

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a string as hex; for tokens that are stored only as hashes. */
export async function sha256Hex(value: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
}

// Importing a key costs as much as using it; one installation has one or two secrets.
const keys = new Map<string, Promise<CryptoKey>>();

/** HMAC-SHA-256 of `value` keyed by `secret`, as hex; for IP addresses, never stored in clear. */
export async function hmacHex(secret: string, value: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return hex(await crypto.subtle.sign('HMAC', await key, encoder.encode(value)));
}

/**
 * The hashes the request path computes, as a port: each runtime gives its fastest. WebCrypto is
 * the only choice on Workers, but on Node every call is a round trip to the thread pool that costs
 * more than hashing a few dozen bytes, and a post computes half a dozen of them; the Node entry
 * passes node:crypto's synchronous functions instead. Both must answer the same lowercase hex.
 */
export interface Hashing {
  hmacHex(secret: string, value: string): string | Promise<string>;
  sha256Hex(value: string): string | Promise<string>;
}

/** The portable implementation (WebCrypto), used when a runtime gives none. */
export const webCryptoHashing: Hashing = { hmacHex, sha256Hex };

/** The hashing a runtime's deps carry, else WebCrypto. */
export function hashingOf(deps: { hashing?: Hashing | undefined }): Hashing {
  return deps.hashing ?? webCryptoHashing;
}
