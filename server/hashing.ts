import { hmacHex, sha256Hex } from './crypto.ts';

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

/** The portable implementation (WebCrypto, server/crypto.ts), used when a runtime gives none. */
export const webCryptoHashing: Hashing = { hmacHex, sha256Hex };

/** The hashing a runtime's deps carry, else WebCrypto. */
export function hashingOf(deps: { hashing?: Hashing | undefined }): Hashing {
  return deps.hashing ?? webCryptoHashing;
}
