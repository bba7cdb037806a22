import type { Broadcast } from '../api/models.ts';

/**
 * Where a broadcast's emails really are. The server marks a broadcast "sent" as soon as every
 * email is queued in the outbox; an editor reading "Sent" expects the emails to have left, so
 * the dashboard says queued or sending until the outbox has handed every one of them over.
 */
export type DeliveryState = 'draft' | 'queued' | 'sending' | 'sent';

export function deliveryState(b: Pick<Broadcast, 'status' | 'counts'>): DeliveryState {
  if (b.status === 'draft') return 'draft';
  const { queued, sent, failed, suppressed } = b.counts;
  if (b.status === 'sending' || queued > 0) return sent + failed + suppressed === 0 ? 'queued' : 'sending';
  return 'sent';
}

/** "3 of 10 sent · 7 waiting · 1 failed": the counts behind the state, for a list or a chip's title. */
export function deliveryCounts(b: Pick<Broadcast, 'status' | 'counts' | 'recipients'>): string {
  if (b.status === 'draft') return '—';
  const { queued, sent, failed, suppressed } = b.counts;
  const total = Math.max(b.recipients, queued + sent + failed + suppressed);
  const parts = [`${sent} of ${total} sent`];
  if (queued > 0) parts.push(`${queued} waiting`);
  if (failed > 0) parts.push(`${failed} failed`);
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  return parts.join(' · ');
}
