/**
 * Outgoing webhooks: endpoints a site's owners register, the deliveries every event writes into
 * the webhook outbox (in the same atomic write as its cause), and the drain that signs and sends
 * them (Standard Webhooks), retries, logs and turns failing endpoints off.
 *
 * What other modules may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/admin-api.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { type ResolveHost, isPublicAddress, urlProblem } from './address-guard.ts';
export { type DeliveryReport, drainWebhooks, purgeOldDeliveries, type WebhookTransport } from './delivery.ts';
export { broadcastSentStatement, type CommentEventGuard, commentEventStatements, subscriberEventStatement } from './events.repo.ts';
