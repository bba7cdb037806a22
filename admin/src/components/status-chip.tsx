import type { CommentStatus } from '../api/models.ts';

const LABELS: Record<CommentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  spam: 'Spam',
  deleted: 'Deleted',
};

/** A comment's status as a small coloured label. */
export function StatusChip({ status }: { status: CommentStatus }) {
  return <span class={`chip chip-${status}`}>{LABELS[status] ?? status}</span>;
}
