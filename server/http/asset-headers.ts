/**
 * Headers of the built files (the widget at the root, the dashboard under /admin), shared by the
 * Node entry, which serves them itself, and the Worker build, which writes them into the static
 * assets' `_headers` file, so both deployments cache and share the files alike.
 */

/** Hashed chunks never change under their name; the loader's own name must stay short-lived. */
export function assetCacheControl(path: string): string {
  return /-[A-Z0-9]{8,}\.(js|css)$/i.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
}

/** The dashboard's files and its client-side routes live under /admin. */
export function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/** A request for a file (has an extension) rather than one of the dashboard's client-side routes. */
export function looksLikeFile(path: string): boolean {
  return /\.[a-z0-9]+$/i.test(path);
}

/** Headers for a widget file served at `path` (e.g. /embed.js). */
export function widgetFileHeaders(path: string): Record<string, string> {
  return {
    'Cache-Control': assetCacheControl(path),
    // The loader import()s the app from the article's origin, which needs CORS on modules.
    'Access-Control-Allow-Origin': '*',
  };
}

/** Headers for a dashboard file served at `path` (e.g. /admin/admin-XXXX.js or its index.html). */
export function adminFileHeaders(path: string): Record<string, string> {
  // index.html names the hashed bundles, so it must be revalidated to pick up a new release.
  return { 'Cache-Control': path.endsWith('.html') ? 'no-cache' : assetCacheControl(path) };
}

/**
 * Headers the app adds to every answer of /admin (the dashboard's one-key shortcuts) and
 * /newsletter (confirm and unsubscribe buttons): pages with buttons that act must not be framed
 * by another site, which could trick a click.
 */
export function framingHeaders(path: string): Record<string, string> {
  if (path.startsWith('/newsletter/')) return NEWSLETTER_PAGE_HEADERS;
  return isAdminPath(path) ? { 'X-Frame-Options': 'DENY', 'Content-Security-Policy': "frame-ancestors 'none'" } : {};
}

/**
 * The confirm, unsubscribe and manage pages carry a reader's token in their URL: no Referer may
 * take it to another site, and the page runs nothing but its own inline style and its own form.
 */
const NEWSLETTER_PAGE_HEADERS: Record<string, string> = {
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/**
 * The static comments fragment (…/comments.html) is HTML that readers wrote, served from the API's
 * origin: were a sanitiser bug ever to let a script through, this policy still runs nothing, loads
 * nothing but avatars, and (sandbox) gives the page no access to the origin. Publishers fetch it
 * server-side or frame it, so it may be framed.
 */
export const STATIC_COMMENTS_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; sandbox";
