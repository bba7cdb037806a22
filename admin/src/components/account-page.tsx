import { useState } from 'preact/hooks';
import { ApiError, messageOf, setCsrfToken } from '../api/client.ts';
import { changeOwnPassword } from '../api/endpoints.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { AlertsCard } from './alerts-card.tsx';
import { FieldError } from './field-error.tsx';

/** The signed-in editor's own account: who they are, a new password, and their email alerts. */
export function AccountPage() {
  const { editor, announce } = useDashboard();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setErrors({ repeat: 'The two new passwords are not the same.' });
      document.getElementById('account-repeat')?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const session = await changeOwnPassword(current, next);
      // The change ended every session; this browser continues on the new one.
      setCsrfToken(session.csrfToken);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      announce('Your password was changed. Other devices were signed out.');
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setErrors(Object.keys(fields).length > 0 ? { current: fields.currentPassword ?? '', next: fields.newPassword ?? '' } : { form: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, label: string, value: string, set: (v: string) => void, error: string | undefined, autoComplete: string) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete={autoComplete}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => set(e.currentTarget.value)}
      />
      <FieldError id={`${id}-error`} message={error || undefined} />
    </div>
  );

  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1}>Your account</h1>
        <p class="page-sub muted">
          Signed in as {editor.email} ({editor.role === 'owner' ? 'owner' : 'moderator'}).
        </p>
      </div>
      <section class="card" aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <form class="stack" onSubmit={submit} noValidate>
          {field('account-current', 'Current password', current, setCurrent, errors.current, 'current-password')}
          {field('account-next', 'New password (at least 12 characters)', next, setNext, errors.next, 'new-password')}
          {field('account-repeat', 'New password again', repeat, setRepeat, errors.repeat, 'new-password')}
          {errors.form && (
            <p class="alert alert-error" role="alert">
              {errors.form}
            </p>
          )}
          {done && <p class="alert alert-info">Your password was changed. Other devices were signed out.</p>}
          <div>
            <button type="submit" class="button button-primary" disabled={busy}>
              {busy ? 'Changing…' : 'Change password'}
            </button>
          </div>
        </form>
      </section>
      <AlertsCard />
    </div>
  );
}
