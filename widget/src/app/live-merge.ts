import { editToken } from './reader-store.ts';
import type { Comment, Sort } from './types.ts';

/** The ids of a thread's comments, replies included. */
const ids = (list: Comment[], into = new Set<string>()): Set<string> => {
  for (const c of list) ids(c.replies, into.add(c.id));
  return into;
};

/**
 * Adds a comment where it belongs: a reply under its parent, a new thread at the top (at the end
 * when sorted oldest first). For the reader's own, just posted, and the replies a check brought.
 */
export function insert(list: Comment[], comment: Comment, sort: Sort): Comment[] {
  if (!comment.parentId) return sort === 'oldest' ? [...list, comment] : [comment, ...list];
  return list.map((c) =>
    c.id === comment.parentId ? { ...c, replies: [...c.replies, comment] } : c.replies.length ? { ...c, replies: insert(c.replies, comment, sort) } : c,
  );
}

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
  const threads: Comment[] = [];
  const walk = (c: Comment) => {
    if (!shown.has(c.id) && (!c.parentId || shown.has(c.parentId))) {
      const m = mark(c);
      if (c.parentId) list = insert(list, m, sort);
      else threads.push(m);
      added.push(c.id);
      ids([m], shown);
    }
    c.replies.forEach(walk);
  };
  fresh.forEach(walk);
  return { list: sort === 'oldest' ? [...list, ...threads.reverse()] : [...threads, ...list], added };
}
