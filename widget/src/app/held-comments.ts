import { type CommentsApi, json, request } from './api.ts';
import { loadLaterStrings } from './i18n.ts';
import { editToken, heldIds, keepHeld } from './reader-store.ts';
import type { Comment } from './types.ts';

/**
 * The reader's own comments on this page that await review: the shared, cached listing leaves
 * them out, so they are asked for apart — by the edit tokens this browser kept, and by the
 * signed-in identity (the bearer token goes with every request) — and merged into the thread.
 * Kept in its own chunk: only a reader with a held comment or a sign-in loads it.
 */
export async function fetchHeld(api: CommentsApi): Promise<Comment[]> {
  const own = heldIds(api.page).flatMap((id) => {
    const token = editToken(id);
    return token ? [{ id, token }] : [];
  });
  const [{ comments }] = await Promise.all([
    request<{ comments: Comment[] }>(`${api.base}/comments/held`, json({ page: api.page, own })),
    // "Awaiting review" is one of the on-demand strings.
    loadLaterStrings(),
  ]);
  // The others were published (the listing has them) or refused: no need to ask again.
  keepHeld(api.page, comments.filter((c) => own.some((o) => o.id === c.id)).map((c) => c.id));
  return comments.map((c) => ({ ...c, replies: [] }));
}

const has = (list: Comment[], id: string): boolean => list.some((c) => c.id === id || has(c.replies, id));

/** The thread with the held comments in place: under their parent when it is shown, else first. */
export function withHeld(list: Comment[], held: Comment[]): Comment[] {
  for (const comment of held) {
    if (has(list, comment.id)) continue;
    const under = (l: Comment[]): Comment[] => l.map((c) => (c.id === comment.parentId ? { ...c, replies: [...c.replies, comment] } : { ...c, replies: under(c.replies) }));
    list = comment.parentId && has(list, comment.parentId) ? under(list) : [comment, ...list];
  }
  return list;
}
