/** What the loader hands to the app: declared once, in the loader (a type, so no bytes). */
export type { MountConfig } from '../loader.ts';

export type Sort = 'newest' | 'oldest' | 'top';

export interface Comment {
  id: string;
  parentId: string | null;
  authorName: string;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  editedBy?: 'author' | 'moderator' | null;
  score: number;
  pinned: boolean;
  status: string;
  deleted?: boolean;
  /** Not published (a moderator's call) but kept, text-free, because published replies answer it. */
  removed?: boolean;
  /** More replies of this thread are behind this cursor. */
  moreReplies?: string | null;
  /** Written by a signed-in reader (magic link or publisher SSO). */
  verified?: boolean;
  /** The SSO reader's picture (always http(s)), or null. */
  avatarUrl?: string | null;
  replies: Comment[];
  /** Arrived while the page was open, in answer to this reader's own comment (highlighted). */
  toYou?: boolean;
}

export interface PageInfo {
  key: string;
  title: string | null;
  url: string | null;
  commentCount: number;
  closed: boolean;
  /** Minutes an author may edit their comment after posting. */
  editWindowMinutes?: number;
}

export interface Listing {
  page: PageInfo;
  comments: Comment[];
  nextCursor: string | null;
}
