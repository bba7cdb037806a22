const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A random id of `length` Crockford base32 characters (5 bits each; 16 chars = 80 bits), made by
 * the application so multi-statement writes can be built before they run.
 */
export function newId(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}
