import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import type { BanKind, QueueComment } from '../api/models.ts';
import { banExpiry } from '../lib/ban-durations.ts';
import { BanDurationField } from './ban-duration-field.tsx';
import { PanelActions } from './panel-actions.tsx';

export interface BanChoice {
  kind: BanKind;
  reason: string;
  /** ISO time, or undefined for a permanent ban. */
  expiresAt: string | undefined;
  alsoReject: boolean;
}


/**
 * Bans the author of a comment by email, reader account or network address. The server looks the
 * value up from the comment, so the editor never handles a raw IP hash.
 */
export function BanAuthorForm({ item, onBan, onCancel }: { item: QueueComment; onBan: (choice: BanChoice) => Promise<void>; onCancel: () => void }) {
  const kinds: { kind: BanKind; label: string; detail: string }[] = [];
  if (item.authorEmail) kinds.push({ kind: 'email', label: 'Email address', detail: item.authorEmail });
  if (item.identityId) kinds.push({ kind: 'identity', label: 'Reader account', detail: 'the verified account that posted this' });
  if (item.ipHash) kinds.push({ kind: 'ip', label: 'Network address', detail: 'the IP address this was posted from (stored only as a hash)' });
  const [kind, setKind] = useState<BanKind | undefined>(kinds[0]?.kind);
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('');
  const canReject = item.status === 'pending' || item.status === 'approved';
  const [alsoReject, setAlsoReject] = useState(canReject);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLFieldSetElement>(null);
  const base = `ban-${item.id}`;

  useEffect(() => {
    first.current?.querySelector<HTMLInputElement>('input:checked, input, button')?.focus();
  }, []);

  if (!kind) {
    return (
      <div class="panel" role="group" aria-label="Ban author">
        <p>This comment has no email, reader account or network address to ban.</p>
        <button type="button" class="button button-quiet" onClick={onCancel}>
          Close
        </button>
      </div>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onBan({
        kind,
        reason: reason.trim(),
        expiresAt: banExpiry(duration),
        alsoReject: canReject && alsoReject,
      });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <form
      class="panel"
      data-no-shortcuts
      aria-label={`Ban ${item.authorName}`}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <fieldset class="choices" ref={first}>
        <legend>Ban {item.authorName} by</legend>
        {kinds.map((k) => (
          <label key={k.kind} class="choice">
            <input type="radio" name={`${base}-kind`} value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} />
            <span>
              <strong>{k.label}</strong> <span class="muted">— {k.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="panel-grid">
        <BanDurationField id={`${base}-duration`} value={duration} onChange={setDuration} />
        <div class="field">
          <label for={`${base}-reason`}>
            Reason <span class="muted">(optional)</span>
          </label>
          <input id={`${base}-reason`} type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
      </div>
      {canReject ? (
        <label class="choice">
          <input type="checkbox" checked={alsoReject} onChange={(e) => setAlsoReject(e.currentTarget.checked)} />
          <span>Also reject this comment</span>
        </label>
      ) : null}
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <PanelActions label="Ban author" busyLabel="Banning…" busy={busy} danger onCancel={onCancel} />
    </form>
  );
}
