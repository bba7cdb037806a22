import type { WebhookEvent } from '../api/models.ts';

/** What each outgoing-webhook event means, as the form's checkboxes say it (README: Outgoing webhooks). */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'comment.created': 'A reader posted a comment (published or held for review)',
  'comment.published': 'A comment became visible on the page',
  'comment.flagged': 'A reader reported a comment',
  'comment.removed': 'A published comment was taken off the page',
  'subscriber.confirmed': 'An address confirmed a subscription (sends the address)',
  'subscriber.unsubscribed': 'An address unsubscribed (sends the address)',
  'broadcast.sent': 'A newsletter was sent',
};
