import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { createBan } from '../api/endpoints.ts';
import { banExpiry } from '../lib/ban-durations.ts';
import { BanDurationField } from './ban-duration-field.tsx';
import { TextField } from './form-field.tsx';

/** Bans an email address on the site, for good or for a while. */
export function AddBanForm({ siteId, onAdded }: { siteId: string; onAdded: (ban: Awaited<ReturnType<typeof createBan>>) => void }) {
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const value = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      setErrors({ value: 'Enter an email address, like name@example.com.' });
      document.getElementById('ban-email')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const ban = await createBan({
        site: siteId,
        kind: 'email',
        value,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(days ? { expiresAt: banExpiry(days) } : {}),
      });
      setEmail('');
      setReason('');
      setDays('');
      onAdded(ban);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setErrors(Object.keys(fields).length > 0 ? { value: Object.values(fields).join(' ') } : { value: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="inline-form" onSubmit={submit} noValidate>
      <TextField id="ban-email" label="Email address" type="email" autoComplete="off" value={email} onInput={setEmail} error={errors.value} />
      <div class="field">
        <label for="ban-reason">
          Reason <span class="muted">(optional)</span>
        </label>
        <input id="ban-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <BanDurationField id="ban-duration" value={days} onChange={setDays} />
      <div class="field field-submit">
        <button type="submit" class="button button-danger" disabled={busy}>
          {busy ? 'Banning…' : 'Ban'}
        </button>
      </div>
    </form>
  );
}
