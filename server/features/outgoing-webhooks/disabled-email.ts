import type { AppDb } from '../../../db/client.ts';
import type { AtomicStatement } from '../../../db/atomic.ts';
import { emailButton, emailLayout, escapeHtml } from '../../mail/email-html.ts';
import { enqueueStatement } from '../../mail/outbox.ts';

/**
 * The emails telling every owner that an endpoint was turned off, queued in the write that turns
 * it off. Keyed by the endpoint's last change: two deliveries failing for good at once in one
 * drain mail once, and the next run of failures after it is turned on again mails again.
 */
export function endpointDisabledEmails(
  db: AppDb,
  owners: string[],
  e: { siteId: string; siteName: string; endpointId: string; endpointUpdatedAt: number; url: string; reason: string; dashboardUrl: string; now: number },
): AtomicStatement[] {
  const subject = `Webhook turned off: ${e.url}`;
  const html = emailLayout({
    siteName: e.siteName,
    bodyHtml: `<p>Parley stopped sending events of <strong>${escapeHtml(e.siteName)}</strong> to this webhook, because it kept failing:</p><p><code>${escapeHtml(e.url)}</code></p><p>${escapeHtml(e.reason)}</p><p>Events that happen while it is off are not sent to it. Fix the receiver, then turn the webhook on again in the dashboard: the events that were already waiting are sent then.</p>${emailButton(e.dashboardUrl, 'Open webhooks')}`,
  });
  const text = `Parley stopped sending events of ${e.siteName} to this webhook, because it kept failing:\n\n${e.url}\n\n${e.reason}\n\nEvents that happen while it is off are not sent to it. Fix the receiver, then turn the webhook on again in the dashboard: the events that were already waiting are sent then: ${e.dashboardUrl}\n`;
  return owners.map((to) =>
    enqueueStatement(db, { siteId: e.siteId, kind: 'webhook-disabled', to, subject, html, text, idempotencyKey: `webhook-disabled-${e.endpointId}-${e.endpointUpdatedAt}-${to}` }, e.now),
  );
}
