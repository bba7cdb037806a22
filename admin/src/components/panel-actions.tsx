/** The buttons under a queue item's panel (reject, edit, ban): do it, or cancel and close the panel. */
export function PanelActions({ label, busyLabel, busy, danger, onCancel }: { label: string; busyLabel?: string; busy: boolean; danger?: boolean; onCancel: () => void }) {
  return (
    <div class="panel-actions">
      <button type="submit" class={danger ? 'button button-danger' : 'button button-primary'} disabled={busy}>
        {busy && busyLabel ? busyLabel : label}
      </button>
      <button type="button" class="button button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
