import { useRef, useState } from 'preact/hooks';
import { ApiError, proofSpent, type SubscribeApi } from './api.ts';
import { Honeypot } from './honeypot.tsx';
import { loadLaterStrings, t } from './i18n.ts';
import { formProof } from './proof.ts';

type Topic = 'newsletter' | 'page';

/**
 * The newsletter sign-up (`<div data-parley-subscribe>`). The server answers the same for every
 * address, so the form can only ever say "check your inbox", which is also the truth.
 */
export function SubscribeForm({ api, topics }: { api: SubscribeApi; topics: Topic[] }) {
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<Topic[]>(topics.slice(0, 1));
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<ApiError | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const honeypot = useRef<HTMLInputElement>(null);
  const proof = useRef(formProof(api.challengeUrl)).current;

  const submit = async (event: Event) => {
    event.preventDefault();
    // What the form says from here on is among the strings of parts opened on demand.
    await loadLaterStrings();
    setState('sending');
    setError(null);
    try {
      await api.subscribe(email.trim(), chosen.length ? chosen : ['newsletter'], { ...(await proof.get()), website: honeypot.current?.value ?? '' });
      proof.spent();
      setState('sent');
      setTimeout(() => statusRef.current?.focus(), 0);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'network', t('networkError'));
      if (proofSpent(e)) proof.spent();
      setError(e);
      setState('idle');
    }
  };

  if (state === 'sent') {
    return (
      <div class="subscribe done">
        <p class="sent" role="status" tabIndex={-1} ref={statusRef}>
          {t('subscribeSent')}
        </p>
        <button type="button" class="link" onClick={() => setState('idle')}>
          {t('subscribeAgain')}
        </button>
      </div>
    );
  }
  const fieldError = error?.fields.email;
  return (
    <form class="subscribe" onSubmit={submit} onFocusCapture={proof.prepare} noValidate aria-label={t('subscribeTitle')}>
      {topics.length > 1 && (
        <fieldset>
          <legend class="sr-only">{t('subscribeTitle')}</legend>
          {topics.map((topic) => (
            <label class="check" key={topic}>
              <input
                type="checkbox"
                checked={chosen.includes(topic)}
                onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, topic] : chosen.filter((x) => x !== topic))}
              />{' '}
              {topic === 'newsletter' ? t('subscribeTopicNewsletter') : t('subscribeTopicPage')}
            </label>
          ))}
        </fieldset>
      )}
      <div class="inline">
        <label class="sr-only" for="parley-subscribe-email">
          {t('subscribeEmail')}
        </label>
        <input
          id="parley-subscribe-email"
          type="email"
          placeholder={t('subscribeEmail')}
          autoComplete="email"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
          aria-invalid={fieldError ? 'true' : undefined}
          aria-describedby="parley-subscribe-consent"
        />
        <button type="submit" class="primary" disabled={state === 'sending'}>
          {state === 'sending' ? t('subscribing') : t('subscribeButton')}
        </button>
      </div>
      <Honeypot inputRef={honeypot} />
      <p class="hint" id="parley-subscribe-consent">
        {t('subscribeConsent')}
      </p>
      {error && (
        <p class="form-error" role="alert">
          {fieldError ?? error.message}
        </p>
      )}
    </form>
  );
}
