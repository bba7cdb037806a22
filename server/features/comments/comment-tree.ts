import { type CommentJson, type CommentRow, toListedJson } from './comment-json.ts';

/**
 * Replies nest at most this deep under a top-level comment; a reply to a comment at this depth is
 * shown beside it, in the same list, so narrow screens never run out of width. Its parentId still
 * names the comment it answers, so the widget can say whom it replies to.
 */
export const MAX_REPLY_DEPTH = 3;

/**
 * Nests the replies of some top-level comments under them. `replies` are the listed replies of
 * those threads, oldest first: published ones, and placeholders for unpublished ones that
 * published replies answer. A reply whose parent is not listed (a chain of unpublished comments)
 * hangs from the top-level comment, so every published reply is still shown.
 */
export function buildThreads(
  roots: CommentRow[],
  replies: (CommentRow & { rootId: string | null })[],
  moreReplies: ReadonlyMap<string, string> = new Map(),
): CommentJson[] {
  const nodes = new Map<string, { json: CommentJson; level: number; container: CommentJson }>();
  const top = roots.map((row) => {
    const json = toListedJson(row);
    const more = moreReplies.get(row.id);
    if (more) json.moreReplies = more;
    nodes.set(row.id, { json, level: 0, container: json });
    return json;
  });
  for (const reply of replies) {
    const root = reply.rootId ? nodes.get(reply.rootId) : undefined;
    if (!root) continue;
    const parent = (reply.parentId && nodes.get(reply.parentId)) || root;
    const json = toListedJson(reply);
    // Replies arrive oldest first, so a parent is always placed before its replies.
    const atLimit = parent.level >= MAX_REPLY_DEPTH;
    const holder = atLimit ? parent.container : parent.json;
    holder.replies.push(json);
    nodes.set(reply.id, { json, level: atLimit ? parent.level : parent.level + 1, container: holder });
  }
  return withoutEmptyPlaceholders(top);
}

/**
 * A "[deleted]" or "removed" placeholder only stands for the replies under it; once none are
 * shown (they were deleted or held in turn) it has nothing left to hold together. A thread whose
 * further replies are behind a "more replies" cursor keeps its placeholder: they may be there.
 */
export function withoutEmptyPlaceholders(list: CommentJson[]): CommentJson[] {
  const placeholder = (c: CommentJson) => c.deleted || c.removed === true;
  if (!list.some((c) => placeholder(c) || c.replies.length > 0)) return list;
  const kept: CommentJson[] = [];
  for (const c of list) {
    c.replies = withoutEmptyPlaceholders(c.replies);
    if (!placeholder(c) || c.replies.length > 0 || c.moreReplies) kept.push(c);
  }
  return kept;
}
