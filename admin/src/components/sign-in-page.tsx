import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { signIn, signInChallengeUrl } from '../api/endpoints.ts';
import { formProof } from '../../../widget/src/app/form-proof.ts';
import type { SessionInfo } from '../api/models.ts';
import { FormAlert } from './form-alert.tsx';

/** The sign-in form; `notice` explains why the editor is here (e.g. the session ended). */
export function SignInPage({ notice, onSignedIn }: { notice: string; onSignedIn: (session: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const honeypotRef = useRef<HTMLInputElement>(null);
  // The same bot checks as the readers' forms (form token, proof of work solved in a worker).
  const proof = useRef(formProof(signInChallengeUrl)).current;

  useEffect(() => {
    document.title = 'Sign in · Parley moderation';
    emailRef.current?.focus();
    proof.prepare();
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError(!email.trim() ? 'Enter your email address.' : 'Enter your password.');
      (!email.trim() ? emailRef : passwordRef).current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    try {
      const extra = { ...(await proof.get()), website: honeypotRef.current?.value ?? '' };
      // Each attempt uses up its proof, whatever the answer; the next one is prepared now.
      proof.spent();
      proof.prepare();
      onSignedIn(await signIn(email.trim(), password, extra));
    } catch (err) {
      let message = messageOf(err);
      if (err instanceof ApiError && err.status === 429 && err.retryAfter && !/\d/.test(message)) {
        message = `${message} Try again in ${err.retryAfter} seconds.`;
      }
      setError(message);
      setPassword('');
      setBusy(false);
      passwordRef.current?.focus();
    }
  };

  return (
    <main class="signin" id="main">
      <div class="signin-card">
        <p class="brand brand-large" aria-hidden="true">
          <span class="brand-mark" />
          Parley
        </p>
        <h1>Sign in to moderate</h1>
        {notice && !error ? <p class="alert alert-info">{notice}</p> : null}
        <FormAlert message={error} />
        <form onSubmit={submit} noValidate>
          <div class="field">
            <label for="signin-email">Email</label>
            <input
              id="signin-email"
              ref={emailRef}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
              aria-invalid={error && !email.trim() ? 'true' : undefined}
            />
          </div>
          <div class="field">
            <label for="signin-password">Password</label>
            <input
              id="signin-password"
              ref={passwordRef}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          <div class="hp" aria-hidden="true">
            <label>
              Leave this field empty <input ref={honeypotRef} name="website" type="text" tabIndex={-1} autoComplete="off" />
            </label>
          </div>
          <button type="submit" class="button button-primary button-block" disabled={busy} aria-busy={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p class="signin-help muted">
          Forgot your password? Ask an owner to set a new one, or run <code>npm run parley -- editor reset-password</code> on the
          server.
        </p>
      </div>
    </main>
  );
}
