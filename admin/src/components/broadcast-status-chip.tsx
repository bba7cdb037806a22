import type { BroadcastStatus } from '../api/types.ts';

const LABELS: Record<BroadcastStatus, [string, string]> = {
  draft: ['Draft', 'chip-quiet'],
  sending: ['Sending', 'chip-pending'],
  sent: ['Sent', 'chip-approved'],
};

/** A broadcast's status as a small coloured label. */
export function BroadcastStatusChip({ status }: { status: BroadcastStatus }) {
  const [label, tone] = LABELS[status] ?? [status, 'chip-quiet'];
  return <span class={`chip ${tone}`}>{label}</span>;
}
