import type { Context } from 'hono';

/**
 * Two 32-bit FNV-1a hashes with different offsets over the UTF-16 units of a string: 64 bits,
 * plenty to tell versions of one response apart, and several times cheaper than a SHA digest
 * through WebCrypto on a hot path. An ETag needs no cryptographic strength.
 */
export function weakEtag(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return `W/"${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}"`;
}

function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison: W/"x" and "x" name the same version.
  const bare = tag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/**
 * Answers a JSON body with its ETag, or 304 Not Modified when the client has that version.
 * Handlers pass the serialised body they already have: hashing it here is far cheaper than a
 * middleware reading the response stream back.
 */
export function jsonWithEtag(c: Context, body: string, tag = weakEtag(body)): Response {
  c.header('ETag', tag);
  if (matches(c.req.header('If-None-Match'), tag)) return c.body(null, 304);
  return c.body(body, 200, { 'Content-Type': 'application/json' });
}

/** The same for an HTML body (the static comments fragment). */
export function htmlWithEtag(c: Context, html: string, tag = weakEtag(html)): Response {
  c.header('ETag', tag);
  if (matches(c.req.header('If-None-Match'), tag)) return c.body(null, 304);
  return c.body(html, 200, { 'Content-Type': 'text/html; charset=utf-8' });
}
