import type { CommentAction } from '../api/models.ts';

interface Props {
  count: number;
  total: number;
  busy: boolean;
  onApply: (action: Extract<CommentAction, 'approve' | 'reject' | 'spam'>) => void;
  onSelectAll: () => void;
  onClear: () => void;
}

/** Appears while comments are selected: applies one decision to all of them. */
export function BulkBar({ count, total, busy, onApply, onSelectAll, onClear }: Props) {
  return (
    <div class="bulk-bar" role="region" aria-label="Bulk actions">
      <p class="bulk-count">
        <strong>{count}</strong> selected
      </p>
      <div class="bulk-actions">
        <button type="button" class="button button-approve" disabled={busy} onClick={() => onApply('approve')}>
          Approve {count}
        </button>
        <button type="button" class="button button-reject" disabled={busy} onClick={() => onApply('reject')}>
          Reject {count}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => onApply('spam')}>
          Spam {count}
        </button>
        {count < total ? (
          <button type="button" class="button button-quiet" disabled={busy} onClick={onSelectAll}>
            Select all {total}
          </button>
        ) : null}
        <button type="button" class="button button-quiet" disabled={busy} onClick={onClear}>
          Clear selection
        </button>
      </div>
    </div>
  );
}
