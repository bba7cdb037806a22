import type { CommentStatus, ImportSource } from '../../../db/schema.ts';

/** How a page key is made from an export's thread or post. */
export const PAGE_KEY_MODES = ['path', 'url', 'identifier'] as const;
export type PageKeyMode = (typeof PAGE_KEY_MODES)[number];

/** A thread (Disqus) or post (WordPress) as the source knows it, ready to become a page. */
export interface ImportPage {
  /** The source's id for it, which its comments refer to. */
  ref: string;
  key: string;
  url: string | null;
  title: string | null;
}

/** A comment as it will be stored, with the source's ids for it, its page and its parent. */
export interface ImportComment {
  externalId: string;
  pageRef: string;
  externalParentId: string | null;
  authorName: string;
  authorEmail: string | null;
  bodySource: string;
  bodyHtml: string;
  status: CommentStatus;
  createdAt: number;
}

/** What a format reader makes of one record. */
export type ImportItem =
  | { kind: 'page'; page: ImportPage }
  /** A page that will not be imported, so neither will its comments. */
  | { kind: 'page-skipped'; ref: string; reason: string }
  | { kind: 'comment'; comment: ImportComment }
  | { kind: 'skipped'; reason: string };

export interface FormatOptions {
  pageKey: PageKeyMode;
  /** Used for comments without a readable date. */
  now: number;
  file: string;
}

export type { ImportSource };
