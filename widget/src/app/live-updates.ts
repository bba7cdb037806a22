import { useEffect, useState } from 'preact/hooks';
import { editToken } from './reader-store.ts';
import type { Comment, Sort } from './types.ts';

/** The default time between checks while the tab is visible (the issue promises news within 30 s). */
export const POLL_SECONDS = 20;
/** After this long without the reader touching the page, checks slow down, up to ten times. */
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
    let touched = Date.now();
    const wake = () => void (touched = Date.now());
    const check = () =>
      fetch(`${base}/comments/check?page=${encodeURIComponent(page)}`, { credentials: 'omit' })
        .then((r) => (r.ok ? (r.json() as Promise<{ commentCount: number }>) : null))
        .then((b) => b && setServer(b.commentCount), () => undefined);
    const schedule = () => {
      clearTimeout(timer);
      if (document.hidden) return;
      const slow = Math.min(10, Math.max(1, (Date.now() - touched) / IDLE_MS));
      timer = window.setTimeout(() => void check().then(schedule), seconds * 1000 * slow);
    };
    const events = ['visibilitychange', 'scroll', 'pointerdown', 'keydown'];
    // Coming back to the tab counts as activity, and checks again after the usual wait.
    const onEvent = () => (wake(), schedule());
    for (const e of events) document.addEventListener(e, e === 'visibilitychange' ? onEvent : wake, { passive: true });
    schedule();
    return () => {
      clearTimeout(timer);
      for (const e of events) document.removeEventListener(e, e === 'visibilitychange' ? onEvent : wake);
    };
  }, [known === undefined]);
  return known === undefined ? 0 : Math.max(0, server - known);
}

const ids = (list: Comment[], into = new Set<string>()): Set<string> => {
  for (const c of list) ids(c.replies, into.add(c.id));
  return into;
};

/**
 * The thread with the comments of `fresh` (a newer listing) that it lacks, each where it belongs:
 * a new thread at the top (at the end when sorted oldest first), a new reply under its parent.
 * A comment already shown, such as the reader's own just posted, is never added twice. New
 * replies to this reader's own comments are marked `toYou`.
 */
export function mergeNew(list: Comment[], fresh: Comment[], sort: Sort): { list: Comment[]; added: string[] } {
  const shown = ids(list);
  const added: string[] = [];
  const mark = (c: Comment): Comment => ({ ...c, toYou: !!c.parentId && !!editToken(c.parentId), replies: c.replies.filter((r) => !shown.has(r.id)).map(mark) });
  const under = (into: Comment[], parentId: string, c: Comment): Comment[] =>
    into.map((x) => (x.id === parentId ? { ...x, replies: [...x.replies, c] } : { ...x, replies: under(x.replies, parentId, c) }));
  const threads: Comment[] = [];
  const walk = (c: Comment) => {
    if (!shown.has(c.id) && (!c.parentId || shown.has(c.parentId))) {
      const m = mark(c);
      if (c.parentId) list = under(list, c.parentId, m);
      else threads.push(m);
      added.push(c.id);
      ids([m], shown);
    }
    c.replies.forEach(walk);
  };
  fresh.forEach(walk);
  return { list: sort === 'oldest' ? [...list, ...threads.reverse()] : [...threads, ...list], added };
}
