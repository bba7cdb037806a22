import type { MiddlewareHandler } from 'hono';

/**
 * Two 32-bit FNV-1a hashes with different offsets over the UTF-16 units of a string: 64 bits,
 * plenty to tell versions of one response apart, and several times cheaper than a SHA digest
 * through WebCrypto on a hot path. An ETag needs no cryptographic strength.
 */
function fnv64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(36) + (b >>> 0).toString(36);
}

function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison: W/"x" and "x" are the same version.
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === tag.replace(/^W\//, ''));
}

/** Weak ETags on successful JSON answers, and 304 Not Modified when the client already has them. */
export const etag: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  if (res.status !== 200 || !res.headers.get('Content-Type')?.includes('json')) return;
  const body = await res.clone().text();
  const tag = `W/"${fnv64(body)}"`;
  if (matches(c.req.header('If-None-Match'), tag)) {
    const headers = new Headers(res.headers);
    headers.delete('Content-Length');
    headers.delete('Content-Type');
    headers.set('ETag', tag);
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  c.res = new Response(body, res);
  c.res.headers.set('ETag', tag);
};
