import { editToken } from './reader-store.ts';
import type { Comment, Sort } from './types.ts';

/** The ids of a thread's comments, replies included. */
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
