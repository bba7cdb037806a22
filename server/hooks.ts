import type { AtomicStatement } from '../db/atomic.ts';
import type { AppDb } from '../db/client.ts';
import type { AppEnv } from './app-env.ts';
import { flaggedAlertStatements } from './features/alerts/index.ts';
import { replyNotificationStatements } from './features/newsletter/index.ts';

/**
 * Cross-feature reactions, in one place. A feature that makes something happen (comments publish a
 * comment, moderation approves one) calls the hook and runs what it answers in the same atomic
 * write, so a reaction is never lost nor sent for a write that failed; the features that react
 * plug in here, and neither side imports the other's internals.
 */

/** A comment that has just become visible to readers (posted straight to the page, or approved). */
export interface PublishedComment {
  id: string;
  parentId: string | null;
  authorName: string;
  authorEmail: string | null | undefined;
  bodySource: string;
  bodyHtml: string;
}

export interface PublishContext {
  site: AppEnv['Variables']['site'];
  secret: string;
  publicUrl: string;
  now: number;
}

/**
 * The statements every reaction to a published comment adds to the write that publishes it.
 * Today: the email to the author of the comment it replies to (newsletter's reply notifications).
 */
export async function onCommentPublished(db: AppDb, ctx: PublishContext, comment: PublishedComment): Promise<AtomicStatement[]> {
  return replyNotificationStatements(db, ctx, comment);
}

/** A reader's report of a published comment, about to be stored. */
export interface FlaggedComment {
  /** The reported comment. */
  id: string;
  /** The report's id: a reaction can tell in the write whether this report is new. */
  flagId: string;
}

/**
 * The statements every reaction to a reader's report adds to the write that stores it (after the
 * report and the comment's new flag count, so they can check the count in the write itself).
 * Today: the alert to editors who asked for one when a comment reaches the report threshold.
 */
export async function onCommentFlagged(db: AppDb, ctx: PublishContext, flagged: FlaggedComment): Promise<AtomicStatement[]> {
  return flaggedAlertStatements(db, ctx, flagged);
}
