import { type CommentJson, type CommentRow, toCommentJson } from './comment-json.ts';

/**
 * Replies nest at most this deep under a top-level comment; a reply to a comment at this depth is
 * shown beside it, in the same list, so narrow screens never run out of width. Its parentId still
 * names the comment it answers, so the widget can say whom it replies to.
 */
export const MAX_REPLY_DEPTH = 3;

/**
 * Nests the replies of some top-level comments under them. `replies` are the approved replies of
 * those threads, oldest first. A reply whose parent is not shown (held or removed) hangs from the
 * top-level comment so the conversation stays readable.
 */
export function buildThreads(roots: CommentRow[], replies: (CommentRow & { rootId: string | null })[]): CommentJson[] {
  const nodes = new Map<string, { json: CommentJson; level: number; container: CommentJson }>();
  const top = roots.map((row) => {
    const json = toCommentJson(row);
    nodes.set(row.id, { json, level: 0, container: json });
    return json;
  });
  for (const reply of replies) {
    const root = reply.rootId ? nodes.get(reply.rootId) : undefined;
    if (!root) continue;
    const parent = (reply.parentId && nodes.get(reply.parentId)) || root;
    const json = toCommentJson(reply);
    // Replies arrive oldest first, so a parent is always placed before its replies.
    const atLimit = parent.level >= MAX_REPLY_DEPTH;
    const holder = atLimit ? parent.container : parent.json;
    holder.replies.push(json);
    nodes.set(reply.id, { json, level: atLimit ? parent.level : parent.level + 1, container: holder });
  }
  return withoutEmptyPlaceholders(top);
}

/**
 * A "[deleted]" placeholder only stands for the replies under it; once none are shown (they were
 * deleted or held in turn) it has nothing left to hold together.
 */
function withoutEmptyPlaceholders(list: CommentJson[]): CommentJson[] {
  if (!list.some((c) => c.deleted || c.replies.length > 0)) return list;
  const kept: CommentJson[] = [];
  for (const c of list) {
    c.replies = withoutEmptyPlaceholders(c.replies);
    if (!c.deleted || c.replies.length > 0) kept.push(c);
  }
  return kept;
}
