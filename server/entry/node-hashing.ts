import { createHash, createHmac } from 'node:crypto';
import type { Hashing } from '../hashing.ts';

/**
 * node:crypto's synchronous HMAC and SHA-256: hashing a short string takes a microsecond or two,
 * where WebCrypto's promise round trip through the thread pool costs several times that.
 */
export const nodeHashing: Hashing = {
  hmacHex: (secret, value) => createHmac('sha256', secret).update(value).digest('hex'),
  sha256Hex: (value) => createHash('sha256').update(value).digest('hex'),
};
