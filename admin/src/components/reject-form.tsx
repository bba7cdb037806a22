import { useEffect, useRef, useState } from 'preact/hooks';
import { PanelActions } from './panel-actions.tsx';

/** Rejects a comment with an optional reason, kept in the audit log. */
export function RejectForm({ id, busy, onReject, onCancel }: { id: string; busy: boolean; onReject: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      class="panel"
      data-no-shortcuts
      onSubmit={(e) => {
        e.preventDefault();
        onReject(reason.trim());
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div class="field">
        <label for={`reject-${id}`}>
          Reason for rejecting <span class="muted">(optional, for the audit log)</span>
        </label>
        <input id={`reject-${id}`} ref={input} type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <PanelActions label="Reject comment" busy={busy} danger onCancel={onCancel} />
    </form>
  );
}
