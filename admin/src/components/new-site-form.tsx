import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { createSite } from '../api/endpoints.ts';
import type { Site } from '../api/models.ts';
import { toLines } from '../lib/lines.ts';
import { FieldError } from './field-error.tsx';

/** Adds a site (owners): an id for the embed snippet, a name, and where it may be embedded. */
export function NewSiteForm({ onCreated }: { onCreated: (site: Site) => void }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError('');
    try {
      const site = await createSite({ id: id.trim(), name: name.trim(), allowedOrigins: toLines(origins) });
      setId('');
      setName('');
      setOrigins('');
      onCreated(site);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
        const next: Record<string, string> = {};
        for (const [path, message] of Object.entries(err.fields)) {
          const field = path.split('.')[0] ?? '_';
          next[field] = next[field] ? `${next[field]} ${message}` : message;
        }
        setErrors(next);
        if (next._) setFormError(next._);
      } else {
        setFormError(messageOf(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      {formError ? (
        <p class="alert alert-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div class="field-row">
        <div class="field">
          <label for="new-site-id">Site id</label>
          <input
            id="new-site-id"
            type="text"
            autoCapitalize="off"
            spellcheck={false}
            maxLength={63}
            value={id}
            aria-invalid={errors.id ? 'true' : undefined}
            aria-describedby={`new-site-id-help${errors.id ? ' new-site-id-error' : ''}`}
            onInput={(e) => setId(e.currentTarget.value)}
          />
          <FieldError id="new-site-id-error" message={errors.id} />
          <p class="help" id="new-site-id-help">
            Lower-case letters, digits and dashes, like <code>my-paper</code>. Used in the embed code; it cannot change later.
          </p>
        </div>
        <div class="field">
          <label for="new-site-name">Name</label>
          <input
            id="new-site-name"
            type="text"
            maxLength={120}
            value={name}
            aria-invalid={errors.name ? 'true' : undefined}
            aria-describedby={errors.name ? 'new-site-name-error' : undefined}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <FieldError id="new-site-name-error" message={errors.name} />
        </div>
      </div>
      <div class="field">
        <label for="new-site-origins">
          Allowed origins <span class="muted">(one per line)</span>
        </label>
        <textarea
          id="new-site-origins"
          rows={2}
          spellcheck={false}
          autoCapitalize="off"
          value={origins}
          placeholder="https://news.example.com"
          aria-invalid={errors.allowedOrigins ? 'true' : undefined}
          aria-describedby={errors.allowedOrigins ? 'new-site-origins-error' : undefined}
          onInput={(e) => setOrigins(e.currentTarget.value)}
        />
        <FieldError id="new-site-origins-error" message={errors.allowedOrigins} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Adding…' : 'Add site'}
        </button>
      </div>
    </form>
  );
}
