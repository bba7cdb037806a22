import { useEffect, useState } from 'preact/hooks';

/** The default time between checks while the tab is visible (the issue promises news within 30 s). */
export const POLL_SECONDS = 20;
/** After this long without news, checks slow down, up to ten times as far apart. */
const IDLE_MS = 300_000;

/**
 * The count of published comments the server has and the widget does not show yet, checked every
 * `seconds` while the tab is visible and never while it is hidden. The check is a plain GET with
 * no custom header (no CORS preflight, shareable by a CDN), and the browser revalidates it by
 * ETag, so an unchanged page costs a 304 and one indexed read at the server.
 */
export function useNewComments(base: string, page: string, known: number | undefined, seconds: number): number {
  const [server, setServer] = useState(0);
  useEffect(() => {
    if (known === undefined) return;
    let timer = 0;
    let last = -1;
    let since = Date.now();
    const check = () =>
      fetch(`${base}/comments/check?page=${encodeURIComponent(page)}`, { credentials: 'omit' })
        .then((r) => r.json())
        .then((b: { commentCount: number }) => {
          if (b.commentCount !== last) (since = Date.now()), setServer((last = b.commentCount));
        })
        .catch(() => undefined);
    // Coming back to the tab counts as news: checks resume at the usual pace.
    const schedule = (back?: unknown) => {
      clearTimeout(timer);
      if (back) since = Date.now();
      if (!document.hidden) timer = window.setTimeout(() => void check().then(() => schedule()), seconds * 1000 * Math.min(10, Math.max(1, (Date.now() - since) / IDLE_MS)));
    };
    document.addEventListener('visibilitychange', schedule);
    schedule();
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', schedule);
    };
  }, [known === undefined]);
  return known === undefined ? 0 : Math.max(0, server - known);
}
