import type { AtomicStatement } from '../db/atomic.ts';
import type { AppDb } from '../db/client.ts';
import type { AppEnv } from './app-env.ts';
import type { CommentStatus } from '../db/schema.ts';
import { flaggedAlertStatements } from './features/alerts/index.ts';
import { replyNotificationStatements } from './features/newsletter/index.ts';
import { broadcastSentStatement, commentEventStatements, subscriberEventStatement } from './features/outgoing-webhooks/index.ts';

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
 * The statements every reaction to a published comment adds to the write that publishes it (put
 * them after the statements that publish it). Today: the email to the author of the comment it
 * replies to (newsletter's reply notifications) and the `comment.published` webhook.
 */
export async function onCommentPublished(db: AppDb, ctx: PublishContext, comment: PublishedComment): Promise<AtomicStatement[]> {
  return [
    ...(await replyNotificationStatements(db, ctx, comment)),
    ...(await commentEventStatements(db, { siteId: ctx.site.id, type: 'comment.published', commentId: comment.id, guard: { kind: 'status', status: 'approved' }, now: ctx.now })),
  ];
}

/** Where and when a comment event happened. */
export interface CommentEventContext {
  siteId: string;
  now: number;
}

/**
 * A reader posted a comment (whatever its status; spam excepted, see README): the `comment.created`
 * webhook. Runs after the insert, in its write; a published one also gets {@link onCommentPublished}.
 */
export async function onCommentCreated(db: AppDb, ctx: CommentEventContext, comment: { id: string; status: CommentStatus }): Promise<AtomicStatement[]> {
  if (comment.status === 'spam') return [];
  return commentEventStatements(db, { siteId: ctx.siteId, type: 'comment.created', commentId: comment.id, guard: { kind: 'created' }, now: ctx.now });
}

/**
 * A published comment left the page: moved to `status` (rejected, spam, deleted, or held again
 * for review) by this write, or `erased` by its author. The `comment.removed` webhook; for an
 * erased comment the payload carries no words nor name, as the erasure already took them.
 */
export async function onCommentRemoved(db: AppDb, ctx: CommentEventContext, comment: { id: string; status: CommentStatus | 'erased' }): Promise<AtomicStatement[]> {
  const guard = comment.status === 'erased' ? ({ kind: 'erased' } as const) : ({ kind: 'status', status: comment.status } as const);
  return commentEventStatements(db, { siteId: ctx.siteId, type: 'comment.removed', commentId: comment.id, guard, now: ctx.now });
}

/** Some of a subscriber's subscriptions were confirmed, or ended, by this write (at `now`). */
export async function onSubscriptionsChanged(db: AppDb, change: { subscriberId: string; confirmed: boolean; now: number }): Promise<AtomicStatement[]> {
  return [subscriberEventStatement(db, { subscriberId: change.subscriberId, type: change.confirmed ? 'subscriber.confirmed' : 'subscriber.unsubscribed', now: change.now })];
}

/** A newsletter was marked sent by this write: the `broadcast.sent` webhook. */
export async function onBroadcastSent(db: AppDb, sent: { broadcastId: string; now: number }): Promise<AtomicStatement[]> {
  return [broadcastSentStatement(db, sent)];
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
 * Today: the alert to editors who asked for one when a comment reaches the report threshold, and
 * the `comment.flagged` webhook (each guarded by the report's id: a repeated report adds nothing).
 */
export async function onCommentFlagged(db: AppDb, ctx: PublishContext, flagged: FlaggedComment): Promise<AtomicStatement[]> {
  return [
    ...(await flaggedAlertStatements(db, ctx, flagged)),
    ...(await commentEventStatements(db, { siteId: ctx.site.id, type: 'comment.flagged', commentId: flagged.id, guard: { kind: 'flag', flagId: flagged.flagId }, now: ctx.now })),
  ];
}
