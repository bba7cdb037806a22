/**
 * Newsletter: subscriptions, confirmation, broadcasts, reply notifications, the mailbox and the subscribers' pages.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { replyNotificationStatements } from './reply-notification.ts';
export { requestSubscription } from './subscribe.ts';
