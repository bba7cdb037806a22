import type { CommentStatus } from '../../../db/schema.ts';
import { httpUrl } from '../../http/safe-url.ts';

/** The public shape of a comment; never carries the author's email or anything hashed. */
export interface CommentJson {
  id: string;
  parentId: string | null;
  authorName: string;
  /** Written by a signed-in reader (verified by email, or vouched for by the publisher's SSO). */
  verified: boolean;
  /** The SSO reader's avatar (an http(s) URL), else null. */
  avatarUrl: string | null;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  /** Who last edited the text: its author, or a moderator (shown to readers as such). */
  editedBy: 'author' | 'moderator' | null;
  score: number;
  pinned: boolean;
  status: CommentStatus;
  /** Deleted by its author but kept, text-free, because others replied to it. */
  deleted: boolean;
  /**
   * Not published (held, rejected or spam) but kept, text-free, because published replies answer
   * it: the thread keeps its shape and every comment the page's count includes can be reached.
   */
  removed?: true;
  replies: CommentJson[];
  /** On a thread whose further replies are not in this answer: the cursor to fetch the rest. */
  moreReplies?: string;
}

/** The columns a public listing reads. */
export interface CommentRow {
  id: string;
  parentId: string | null;
  authorName: string;
  identityId?: string | null;
  authorAvatarUrl?: string | null;
  bodyHtml: string;
  createdAt: number;
  editedAt: number | null;
  editedBy?: 'author' | 'moderator' | null;
  score: number;
  pinned: boolean;
  status: CommentStatus;
  deletedAt?: number | null;
}

/**
 * A comment as a listing shows it. One that is not published is only ever listed as a placeholder
 * (list-queries.ts), so it is emptied here of everything it said and who said it: readers learn
 * no more than that a comment stood there, not even which moderation status it has.
 */
export function toListedJson(row: CommentRow): CommentJson {
  if (row.status !== 'approved') {
    const placeholder: CommentJson = {
      id: row.id,
      parentId: row.parentId,
      authorName: '',
      verified: false,
      avatarUrl: null,
      bodyHtml: '',
      createdAt: new Date(row.createdAt).toISOString(),
      editedAt: null,
      editedBy: null,
      score: 0,
      pinned: false,
      // An author's own deletion reads "[deleted]" as before; anything a moderator did, "removed".
      status: row.status === 'deleted' ? 'deleted' : 'rejected',
      deleted: row.status === 'deleted',
      replies: [],
    };
    if (row.status !== 'deleted') placeholder.removed = true;
    return placeholder;
  }
  return toCommentJson(row);
}

/** The public JSON of a comment (its author sees their own held comment this way too). */
export function toCommentJson(row: CommentRow): CommentJson {
  return {
    id: row.id,
    parentId: row.parentId,
    authorName: row.authorName,
    verified: row.identityId != null,
    // Checked again on the way out, whatever wrote the column.
    avatarUrl: (row.identityId != null && httpUrl(row.authorAvatarUrl)) || null,
    bodyHtml: row.bodyHtml,
    createdAt: new Date(row.createdAt).toISOString(),
    editedAt: row.editedAt === null ? null : new Date(row.editedAt).toISOString(),
    editedBy: row.editedBy ?? null,
    score: row.score,
    pinned: row.pinned,
    status: row.status,
    deleted: row.deletedAt != null,
    replies: [],
  };
}
