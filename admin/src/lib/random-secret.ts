/** A secret for signing HS256 tokens: `bytes` random bytes as hex (64 characters, 256 bits, by default), as `openssl rand -hex 32` makes. */
export function randomHexSecret(bytes = 32): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}
