import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, type CommentsApi, json, request } from './api.ts';
import { loadLaterStrings, t } from './i18n.ts';
import { formProof } from './proof.ts';
import { keepSession, type Session } from './reader-store.ts';
import styles from './account.css';

interface Identity {
  name: string | null;
  kind: 'email' | 'sso';
}

/**
 * Trades a sign-in link's token (from `#parley-signin=…`) or the host page's SSO token for a
 * bearer token, keeps it, and takes the link's token out of the address bar (it is spent).
 */
export async function exchange(api: CommentsApi, linkToken: string | undefined, announce: (m: string) => void): Promise<Session | null> {
  await loadLaterStrings();
  if (linkToken) history.replaceState(null, '', location.href.split('#')[0]);
  try {
    const answer = await request<{ token: string; identity: Identity }>(
      linkToken ? `${api.base}/auth/email/verify` : `${api.base}/auth/sso`,
      json({ token: linkToken ?? api.sso }),
    );
    const s: Session = { token: answer.token, name: answer.identity.name ?? '', kind: answer.identity.kind };
    keepSession(s);
    if (linkToken) announce(t('signedInAs', { name: s.name }));
    return s;
  } catch {
    if (linkToken) announce(t('signInFailed'));
    return null;
  }
}

const section = (children: ComponentChildren) => (
  <div class="account">
    <style>{styles}</style>
    {children}
  </div>
);

/** "Sign in with email": asks for a one-time link to this article. */
export function SignInPanel({ api, onCancel }: { api: CommentsApi; onCancel(): void }) {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState('');
  const proof = useRef(formProof(api.challengeUrl)).current;
  const id = 'parley-signin-email';

  const submit = async (event: Event) => {
    event.preventDefault();
    setState('sending');
    setError('');
    try {
      await request(`${api.base}/auth/email`, json({ email: email.trim(), returnUrl: location.href.split('#')[0], ...(await proof.get()) }));
      proof.spent();
      setState('sent');
    } catch (e) {
      proof.spent();
      setError(e instanceof ApiError ? e.message : t('networkError'));
      setState('idle');
    }
  };

  if (state === 'sent') return section(<p role="status">{t('signInSent')}</p>);
  return section(
    <form onSubmit={submit} onFocusCapture={proof.prepare} noValidate aria-label={t('signInTitle')}>
      <p class="hint">{t('signInTitle')}</p>
      <label for={id}>{t('signInEmail')}</label>
      <input id={id} type="email" autoComplete="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoFocus />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={state === 'sending' || !email.trim()}>
          {t('signInSend')}
        </button>
        <button type="button" class="link" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>,
  );
}

/**
 * "Signed in as Ada ✓" at the top of the form, and the reader's own small menu: sign out,
 * download or delete their data on this site (the last marked as the dangerous one).
 */
export function AccountMenu({ api, me, onSignedOut, announce }: { api: CommentsApi; me: Session; onSignedOut(): void; announce(m: string): void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');

  const end = () => {
    keepSession(null);
    onSignedOut();
  };
  const run = (action: () => Promise<unknown>) => () =>
    void action().catch((e: unknown) => {
      setError(e instanceof ApiError ? e.message : t('networkError'));
    });

  // Signed out here whatever the server says: the reader asked, and the token is dropped.
  const signOut = run(() => request(`${api.base}/auth/sign-out`, json({})).finally(end));
  const download = run(async () => {
    const data = await request<unknown>(`${api.base}/me/export`);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    link.download = 'my-comments-data.json';
    link.click();
    URL.revokeObjectURL(link.href);
  });
  // Once erased, the page is loaded afresh: the reader sees the discussion without their words.
  const erase = run(async () => {
    await request(`${api.base}/me`, { method: 'DELETE' });
    announce(t('dataDeleted'));
    end();
    location.reload();
  });

  return section(
    <>
      <div class="who">
        <span dir="auto">{me.name ? t('signedInAs', { name: me.name }) : t('verified')}</span>
        <span class="badge" aria-hidden="true">
          ✓
        </span>
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('accountMenu')} ▾
        </button>
      </div>
      {open && (
        <ul class="menu" aria-label={t('accountMenu')}>
          <li>
            <button type="button" class="link" onClick={signOut}>
              {t('signOut')}
            </button>
          </li>
          <li>
            <button type="button" class="link" onClick={download}>
              {t('exportData')}
            </button>
          </li>
          <li>
            <button type="button" class="link danger-link" aria-expanded={confirming} onClick={() => setConfirming(!confirming)}>
              {t('deleteData')}
            </button>
          </li>
        </ul>
      )}
      {open && confirming && (
        <div class="confirm" role="group" aria-label={t('deleteData')}>
          <p>{t('deleteDataConfirm')}</p>
          <button type="button" class="danger" onClick={erase}>
            {t('deleteData')}
          </button>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </>,
  );
}
