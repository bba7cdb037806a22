import type { CommentStatus } from '../../../db/schema.ts';

/** The public shape of a comment; never carries the author's email or anything hashed. */
export interface CommentJson {
  id: string;
  parentId: string | null;
  authorName: string;
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
  replies: CommentJson[];
}

/** The columns a public listing reads. */
export interface CommentRow {
  id: string;
  parentId: string | null;
  authorName: string;
  bodyHtml: string;
  createdAt: number;
  editedAt: number | null;
  editedBy?: 'author' | 'moderator' | null;
  score: number;
  pinned: boolean;
  status: CommentStatus;
  deletedAt?: number | null;
}

export function toCommentJson(row: CommentRow): CommentJson {
  return {
    id: row.id,
    parentId: row.parentId,
    authorName: row.authorName,
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
