import type { AtomicStatement } from '../db/atomic.ts';
import type { AppDb } from '../db/client.ts';
import type { AppEnv } from './app-env.ts';
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
