/** What the loader hands to the app. */
export interface MountConfig {
  server: string;
  site: string;
  page: string;
  title: string;
  url: string;
  theme: string | null;
  lang: string;
  /** The locale's string modules: for the first render, and for parts opened on demand. */
  strings: [string, string];
  /** A publisher-signed token for the signed-in reader (data-sso), or null. */
  sso: string | null;
  /** Seconds between "what's new" checks (data-poll-seconds on the comments element; tests use it). */
  pollSeconds?: number;
}

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
