import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type CommentsApi, json, proofSpent, request } from './api.ts';

type FlagReason = 'spam' | 'abuse' | 'off-topic' | 'other';
import { formProof } from './proof.ts';
import { t } from './i18n.ts';
import styles from './report-form.css';

const REASONS: [FlagReason, Parameters<typeof t>[0]][] = [
  ['spam', 'reportSpam'],
  ['abuse', 'reportAbuse'],
  ['off-topic', 'reportOffTopic'],
  ['other', 'reportOther'],
];

/** "Report": a reader tells the moderators about a comment, with a reason. */
export function ReportForm({ api, commentId, onDone, announce }: { api: CommentsApi; commentId: string; onDone(sent: boolean): void; announce(message: string): void }) {
  // No reason is chosen for the reader: a report says what they saw, not what we guessed.
  const [reason, setReason] = useState<FlagReason | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const name = `report-${commentId}`;
  const proof = useRef(formProof(api.challengeUrl)).current;
  // The form opens on request, so the reader has started: solve while they pick a reason.
  useEffect(proof.prepare, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!reason) {
      setError(t('reportChoose'));
      first.current?.focus();
      return;
    }
    setSending(true);
    setError('');
    try {
      const extra = await proof.get();
      await request(`${api.base}/comments/${encodeURIComponent(commentId)}/flags`, json({ reason, ...(note.trim() ? { note: note.trim() } : {}), ...extra }));
      proof.spent();
      announce(t('reportSent'));
      onDone(true);
    } catch (err) {
      if (err instanceof ApiError && proofSpent(err)) proof.spent();
      setError(err instanceof ApiError ? err.message : t('networkError'));
    } finally {
      setSending(false);
    }
  };

  return (
    <form class="form report-form" onSubmit={submit}>
      <style>{styles}</style>
      <fieldset>
        <legend>{t('reportTitle')}</legend>
        {REASONS.map(([value, label], i) => (
          <label class="check" key={value}>
            <input type="radio" ref={i ? undefined : first} name={name} value={value} checked={reason === value} onChange={() => setReason(value)} /> {t(label)}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for={`${name}-note`}>{t('reportNote')}</label>
        <input id={`${name}-note`} value={note} maxLength={500} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={sending}>
          {t('reportSend')}
        </button>
        <button type="button" class="ghost" onClick={() => onDone(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
