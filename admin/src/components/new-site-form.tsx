import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { createSite } from '../api/endpoints.ts';
import type { Site } from '../api/models.ts';
import { toLines } from '../lib/lines.ts';
import { FormAlert } from './form-alert.tsx';
import { TextField } from './form-field.tsx';

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
      <FormAlert message={formError} />
      <div class="field-row">
        <TextField
          id="new-site-id"
          label="Site id"
          autoCapitalize="off"
          spellcheck={false}
          maxLength={63}
          value={id}
          onInput={setId}
          error={errors.id}
          help={
            <>
              Lower-case letters, digits and dashes, like <code>my-paper</code>. Used in the embed code; it cannot change later.
            </>
          }
        />
        <TextField id="new-site-name" label="Name" maxLength={120} value={name} onInput={setName} error={errors.name} />
      </div>
      <TextField
        id="new-site-origins"
        label={
          <>
            Allowed origins <span class="muted">(one per line)</span>
          </>
        }
        rows={2}
        spellcheck={false}
        autoCapitalize="off"
        placeholder="https://news.example.com"
        value={origins}
        onInput={setOrigins}
        error={errors.allowedOrigins}
      />
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Adding…' : 'Add site'}
        </button>
      </div>
    </form>
  );
}
