import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { createWebhook } from '../api/endpoints.ts';
import type { WebhookEndpoint, WebhookEvent } from '../api/models.ts';
import { WEBHOOK_EVENT_LABELS } from '../lib/webhook-events.ts';
import { FieldError } from './field-error.tsx';
import { FormField, TextField } from './form-field.tsx';

interface Props {
  siteId: string;
  events: readonly WebhookEvent[];
  /** Whether the server takes http:// and private addresses (WEBHOOKS_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  onAdded: (endpoint: WebhookEndpoint, secret: string) => void;
}

/** Registers an outgoing webhook: its URL, the events it wants and the format of its body. */
export function AddWebhookForm({ siteId, events, allowPrivate, onAdded }: Props) {
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<Set<WebhookEvent>>(new Set(['comment.flagged']));
  const [format, setFormat] = useState<'standard' | 'slack'>('standard');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const toggle = (event: WebhookEvent, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });

  const submit = async (e: Event) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!url.trim()) found.url = 'Enter the URL that receives the events, like https://example.com/hooks/parley.';
    if (chosen.size === 0) found.events = 'Choose at least one event.';
    setErrors(found);
    if (found.url || found.events) {
      document.getElementById(found.url ? 'webhook-url' : 'webhook-event-0')?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await createWebhook(siteId, { url: url.trim(), events: events.filter((ev) => chosen.has(ev)), format });
      setUrl('');
      onAdded(created.endpoint, created.secret);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setErrors(Object.keys(fields).length > 0 ? fields : { form: messageOf(err) });
      if (fields.url) document.getElementById('webhook-url')?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {errors.form ? (
        <p class="alert alert-error" role="alert">
          Could not add the webhook: {errors.form}
        </p>
      ) : null}
      <TextField
        id="webhook-url"
        label="URL"
        type="url"
        autoComplete="off"
        spellcheck={false}
        autoCapitalize="off"
        maxLength={2000}
        placeholder="https://example.com/hooks/parley"
        value={url}
        onInput={setUrl}
        error={errors.url}
        help={
          allowPrivate
            ? 'https://, or http:// for a receiver on this machine or network (WEBHOOKS_ALLOW_PRIVATE is on).'
            : 'An https:// address on the public internet: private and local addresses are refused.'
        }
      />
      <fieldset class="choices webhook-events" aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
        <legend>Events</legend>
        {events.map((event, i) => (
          <label class="choice" key={event}>
            <input id={`webhook-event-${i}`} type="checkbox" checked={chosen.has(event)} onChange={(e) => toggle(event, e.currentTarget.checked)} />
            <span>
              <code>{event}</code>
              <span class="help">{WEBHOOK_EVENT_LABELS[event]}</span>
            </span>
          </label>
        ))}
        <FieldError id="webhook-events-error" message={errors.events} />
      </fieldset>
      <FormField id="webhook-format" label="Format" error={errors.format} help="Slack-compatible sends a readable { text } message (Slack, Mattermost, Rocket.Chat, Discord's /slack URLs).">
        {(helpIds) => (
          <select id="webhook-format" value={format} aria-describedby={helpIds.join(' ') || undefined} onChange={(e) => setFormat(e.currentTarget.value as 'standard' | 'slack')}>
            <option value="standard">Standard Webhooks JSON</option>
            <option value="slack">Slack-compatible message</option>
          </select>
        )}
      </FormField>
      <div class="field field-submit">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add webhook'}
        </button>
      </div>
    </form>
  );
}
