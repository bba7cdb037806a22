import { useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { updateSite } from '../api/endpoints.ts';
import type { Site } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { copySecret } from '../lib/copy-secret.ts';
import { randomHexSecret } from '../lib/random-secret.ts';

interface Props {
  site: Site;
  /** Owners change it; moderators see only whether it is on. */
  canChange: boolean;
  onSaved: (site: Site) => void;
}

type Confirming = 'replace' | 'off' | null;

/**
 * Publisher SSO: whether the site has a secret, making a new one (in the browser, shown once so
 * the owner can put it into their own server's environment) and turning SSO off. The server only
 * ever answers whether a secret is set.
 */
export function SsoSettingsCard({ site, canChange, onSaved }: Props) {
  const { announce } = useDashboard();
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const secretInput = useRef<HTMLInputElement>(null);
  const generateButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const on = site.ssoConfigured;

  const focusGenerate = () => requestAnimationFrame(() => generateButton.current?.focus());
  /** Asks before acting; the question's confirming button takes the focus, so Enter confirms and Tab reaches Cancel. */
  const ask = (what: Exclude<Confirming, null>) => {
    setConfirming(what);
    requestAnimationFrame(() => confirmButton.current?.focus());
  };

  const save = async (ssoSecret: string | null): Promise<boolean> => {
    setBusy(true);
    setError('');
    try {
      onSaved(await updateSite(site.id, { ssoSecret }));
      return true;
    } catch (err) {
      setError(`Could not ${ssoSecret === null ? 'turn SSO off' : 'save the new secret'}: ${messageOf(err)}`);
      return false;
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const generate = async () => {
    const fresh = randomHexSecret();
    if (!(await save(fresh))) return;
    setSecret(fresh);
    announce('Publisher SSO is on with a new secret. Copy it now: it is shown only once.');
    requestAnimationFrame(() => secretInput.current?.focus());
  };

  const turnOff = async () => {
    if (!(await save(null))) return;
    setSecret(null);
    announce('Publisher SSO is off. Sign-in tokens from your server are now refused.');
    focusGenerate();
  };

  const copy = async () => {
    if (secret) await copySecret(secret, secretInput.current, announce, 'Secret copied.');
  };

  return (
    <section class="card sso-card" aria-labelledby="settings-sso">
      <h2 id="settings-sso">Reader sign-in (publisher SSO)</h2>
      <p class="help">
        Readers who are signed in on your own site can comment as themselves without signing in again: your server signs a short-lived token for each of them with
        this site’s SSO secret and hands it to the widget (<code>data-sso</code>).
      </p>
      <p class="sso-status" data-testid="sso-status">
        Publisher SSO is <strong>{on ? 'on' : 'off'}</strong>
        {on ? ': a secret is set (Parley shows a secret only when it makes it).' : ': no secret is set, so sign-in tokens from your server are refused.'}
      </p>

      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}

      {secret ? (
        <div class="sso-secret">
          <label for="sso-secret">New SSO secret</label>
          <div class="sso-secret-row">
            <input id="sso-secret" ref={secretInput} type="text" readOnly spellcheck={false} autoComplete="off" value={secret} aria-describedby="sso-secret-help" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="button button-small" onClick={() => void copy()}>
              Copy<span class="visually-hidden"> the SSO secret</span>
            </button>
          </div>
          <p class="help" id="sso-secret-help">
            <strong>Shown only now.</strong> Put it into your server’s environment, where it signs readers’ tokens (<code>PARLEY_SSO_SECRET</code> in the README’s
            example), and keep it secret. Parley keeps it but will not show it again; if it is lost, generate a new one.
          </p>
          <button
            type="button"
            class="button button-small button-quiet"
            onClick={() => {
              setSecret(null);
              focusGenerate();
            }}
          >
            I have copied it, hide it
          </button>
        </div>
      ) : null}

      {canChange ? (
        confirming ? (
          <div key="confirm" class="form-actions confirm" role="group" aria-labelledby="sso-confirm-question">
            <span id="sso-confirm-question">
              {confirming === 'off'
                ? 'Turn publisher SSO off? Your server’s sign-in tokens are refused until a new secret is set.'
                : 'Replace the secret? Tokens signed with the current one stop working at once.'}
            </span>
            <button type="button" class={`button button-small ${confirming === 'off' ? 'button-danger' : 'button-primary'}`} ref={confirmButton} disabled={busy} onClick={() => void (confirming === 'off' ? turnOff() : generate())}>
              {confirming === 'off' ? 'Turn off SSO' : 'Replace the secret'}
            </button>
            <button
              type="button"
              class="button button-small button-quiet"
              disabled={busy}
              onClick={() => {
                setConfirming(null);
                focusGenerate();
              }}
            >
              Cancel
            </button>
          </div>
        ) : (
          <div key="actions" class="form-actions">
            <button type="button" ref={generateButton} class="button button-primary" disabled={busy} onClick={() => (on ? ask('replace') : void generate())}>
              {busy ? 'Saving…' : 'Generate a new secret'}
            </button>
            {on ? (
              <button type="button" class="button button-quiet button-quiet-danger" disabled={busy} onClick={() => ask('off')}>
                Turn off<span class="visually-hidden"> publisher SSO</span>
              </button>
            ) : null}
          </div>
        )
      ) : null}
    </section>
  );
}
