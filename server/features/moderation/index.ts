/**
 * Moderation: the queues, status changes, reports (flags), bans and the audit log's reading side.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { findActiveBan } from './bans.repo.ts';
export { FLAG_REASONS, flagComment } from './flags.ts';
export { findCommentForModeration } from './queue.repo.ts';
export { statusChangeStatements } from './status-change.ts';
