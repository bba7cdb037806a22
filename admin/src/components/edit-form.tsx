import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { PanelActions } from './panel-actions.tsx';

/** Edits a comment's text (Markdown) as a moderator; the reader sees it marked as edited. */
export function EditForm({ id, source, onSave, onCancel }: { id: string; source: string; onSave: (body: string) => Promise<void>; onCancel: () => void }) {
  const [body, setBody] = useState(source);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) {
      setError('The comment cannot be empty. Reject or delete it instead.');
      area.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      await onSave(body);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
      area.current?.focus();
    }
  };

  return (
    <form
      class="panel"
      data-no-shortcuts
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <div class="field">
        <label for={`edit-${id}`}>Comment text (Markdown)</label>
        <textarea
          id={`edit-${id}`}
          ref={area}
          rows={Math.min(14, Math.max(4, body.split('\n').length + 1))}
          maxLength={10000}
          value={body}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `edit-${id}-error` : undefined}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        {error ? (
          <p class="field-error" id={`edit-${id}-error`} role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <PanelActions label="Save edit" busyLabel="Saving…" busy={busy} onCancel={onCancel} />
    </form>
  );
}
