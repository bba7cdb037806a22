import { type CommentsApi, type Extra, json, type NewComment, request, type SubscribeApi } from './api.ts';
import type { FormProof } from './form-proof.ts';
import { formProof } from './proof.ts';
import { heldIds, keepAuthor, keepEditToken, keepHeld, type Session } from './reader-store.ts';
import type { Comment } from './types.ts';

/** What the comment form holds when the reader posts. */
export interface Posting {
  api: CommentsApi;
  subscribe?: SubscribeApi | undefined;
  parent?: Comment | undefined;
  me: Session | null;
  author: { name: string; email: string };
  body: string;
  notify: boolean;
  follow: boolean;
  proof: FormProof;
  website: string;
}

/**
 * Sends a comment and keeps what this browser remembers of it. Its own chunk, fetched when the
 * reader starts on a form (comment-form.tsx): a reader who only reads never downloads it.
 * Errors are the caller's to show; the proof is spent here only once the server took it.
 */
export async function postComment(p: Posting): Promise<Comment> {
  const name = p.me?.name || p.author.name.trim();
  const email = p.author.email.trim();
  const input: NewComment = {
    ...(p.parent ? { parentId: p.parent.id } : {}),
    authorName: name,
    ...(email ? { authorEmail: email } : {}),
    ...(p.notify && email ? { notifyReplies: true } : {}),
    body: p.body,
  };
  const extra: Extra = { ...(await p.proof.get()), website: p.website };
  const { comment, editToken } = await request<{ comment: Comment; editToken: string }>(`${p.api.base}/comments`, json({ page: p.api.page, ...p.api.article, ...input, ...extra }));
  p.proof.spent();
  // Kept so the author can edit or delete their comment later from this browser.
  keepEditToken(comment.id, editToken);
  // Held for review: remembered, so the author still sees it after a reload.
  if (comment.status === 'pending') keepHeld(p.api.page, [...heldIds(p.api.page), comment.id]);
  keepAuthor({ name, email });
  // Following the story is a separate double opt-in; its answer never blocks the comment.
  const { subscribe } = p;
  if (p.follow && email && subscribe) void formProof(subscribe.challengeUrl).get().then((fields) => subscribe.subscribe(email, ['page'], fields)).catch(() => undefined);
  return comment;
}
