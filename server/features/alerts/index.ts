/**
 * Alerts: email alerts an editor opts into, per site: a digest of the moderation queue (hourly
 * or daily, only when comments wait) and an email when readers' reports bring a comment to the
 * site's threshold; each with an RFC 8058 one-click unsubscribe.
 *
 * What others may use (hooks.ts: the report alert; jobs: the digest); everything else in this
 * folder is the feature's own. Its routes are mounted by server/app.ts and server/admin-api.ts.
 * (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { type DigestContext, type DigestReport, queueDueDigests } from './digests.ts';
export { flaggedAlertStatements } from './flagged-alert.ts';
