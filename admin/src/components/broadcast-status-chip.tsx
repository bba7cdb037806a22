import type { Broadcast } from '../api/models.ts';
import { type DeliveryState, deliveryCounts, deliveryState } from '../lib/delivery-state.ts';

const LABELS: Record<DeliveryState, [string, string]> = {
  draft: ['Draft', 'chip-quiet'],
  queued: ['Queued', 'chip-pending'],
  sending: ['Sending', 'chip-pending'],
  sent: ['Sent', 'chip-approved'],
};

/** A broadcast's delivery state as a small coloured label: queued, sending, or sent once every email has left. */
export function BroadcastStatusChip({ broadcast }: { broadcast: Pick<Broadcast, 'status' | 'counts' | 'recipients'> }) {
  const state = deliveryState(broadcast);
  const [label, tone] = LABELS[state];
  return (
    <span class={`chip ${tone}`} data-delivery={state} title={state === 'draft' ? undefined : deliveryCounts(broadcast)}>
      {label}
    </span>
  );
}
