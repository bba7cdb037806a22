/**
 * Cache-Control of the public reads a CDN may share (listing, counts, comments.html, the "what's
 * new" check). Browsers always revalidate (max-age=0, by ETag, so a 304 costs them no body);
 * shared caches may answer for `edgeSeconds` and then once more, stale, while they fetch the new
 * version in the background. A reader therefore sees another reader's comment at most about
 * 2 × edgeSeconds late through a CDN, and their own at once (the widget merges what it posted).
 * `0` turns shared caching off: every answer is revalidated at the server.
 */
export function publicCacheControl(edgeSeconds: number): string {
  if (edgeSeconds <= 0) return 'public, max-age=0, must-revalidate';
  return `public, max-age=0, s-maxage=${edgeSeconds}, stale-while-revalidate=${edgeSeconds}`;
}
