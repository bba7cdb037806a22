import { useEffect, useRef } from 'preact/hooks';
import { copySecret } from '../lib/copy-secret.ts';
import { useDashboard } from '../lib/dashboard-context.ts';

/**
 * A webhook's signing secret, right after the server made it: the only time it is shown. The
 * owner copies it into the receiver, which verifies every request with it.
 */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { announce } = useDashboard();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, [secret]);

  const copy = () => copySecret(secret, input.current, announce, 'Signing secret copied.');

  return (
    <section class="card webhook-secret" aria-labelledby="webhook-secret-title">
      <h2 id="webhook-secret-title">Signing secret</h2>
      <div class="sso-secret">
        <label for="webhook-secret">
          Secret for <span class="break">{url}</span>
        </label>
        <div class="sso-secret-row">
          <input id="webhook-secret" ref={input} type="text" dir="ltr" readOnly spellcheck={false} autoComplete="off" value={secret} aria-describedby="webhook-secret-help" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="button button-small" onClick={() => void copy()}>
            Copy<span class="visually-hidden"> the signing secret</span>
          </button>
        </div>
        <p class="help" id="webhook-secret-help">
          <strong>Shown only now.</strong> Give it to the receiver, which checks the <code>webhook-signature</code> header of every request with it (any Standard Webhooks library does).
          If it is lost, make a new one with “New secret”.
        </p>
        <button type="button" class="button button-small button-quiet" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
