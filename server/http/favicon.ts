/**
 * Parley's icon (a speech bubble), answered at `/favicon.ico`: browsers ask for that path on every
 * page of this origin (the demo article, the email pages), and a 404 there is a console error on
 * each load. SVG, because every browser that asks accepts it by its content type.
 */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2f5bd3"/><path d="M9 10h14v9H15l-4 4v-4H9z" fill="white"/></svg>';

/** The headers of `GET /favicon.ico`. */
export const FAVICON_HEADERS: Record<string, string> = { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' };
