import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { createEditor } from '../api/endpoints.ts';
import type { ListedEditor as Editor, Role } from '../api/models.ts';
import { randomPassword } from '../lib/random-password.ts';
import { FieldError } from './field-error.tsx';
import { FormAlert } from './form-alert.tsx';
import { TextField } from './form-field.tsx';

/** Adds an editor with a password of at least 12 characters (or a generated one to pass on). */
export function AddEditorForm({ onAdded }: { onAdded: (editor: Editor) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('moderator');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = 'Enter an email address, like name@example.com.';
    if (password.length < 12) local.password = 'The password must be at least 12 characters.';
    setErrors(local);
    setFormError('');
    if (Object.keys(local).length > 0) {
      document.getElementById(local.email ? 'new-editor-email' : 'new-editor-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const editor = await createEditor({ email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}), role, password });
      setEmail('');
      setName('');
      setPassword('');
      setShow(false);
      setRole('moderator');
      onAdded(editor);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length > 0) setErrors(err.fields);
      else setFormError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const describe = (id: string, help?: string) => [help, errors[id.replace('new-editor-', '')] ? `${id}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <FormAlert message={formError} />
      <div class="field-row">
        <TextField id="new-editor-email" label="Email" type="email" autoComplete="off" value={email} onInput={setEmail} error={errors.email} />
        <TextField
          id="new-editor-name"
          label={
            <>
              Name <span class="muted">(optional)</span>
            </>
          }
          autoComplete="off"
          maxLength={120}
          value={name}
          onInput={setName}
          error={errors.name}
        />
        <div class="field">
          <label for="new-editor-role">Role</label>
          <select id="new-editor-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <option value="moderator">Moderator</option>
            <option value="owner">Owner</option>
          </select>
        </div>
      </div>
      <div class="field">
        <label for="new-editor-password">Password</label>
        <div class="input-with-buttons">
          <input
            id="new-editor-password"
            type={show ? 'text' : 'password'}
            autoComplete="new-password"
            value={password}
            aria-invalid={errors.password ? 'true' : undefined}
            aria-describedby={describe('new-editor-password', 'new-editor-password-help')}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <button type="button" class="button button-quiet" aria-pressed={show} onClick={() => setShow(!show)}>
            {show ? 'Hide' : 'Show'}
          </button>
          <button
            type="button"
            class="button button-quiet"
            onClick={() => {
              setPassword(randomPassword());
              setShow(true);
            }}
          >
            Generate
          </button>
        </div>
        <FieldError id="new-editor-password-error" message={errors.password} />
        <p class="help" id="new-editor-password-help">
          At least 12 characters. Long beats complicated.
        </p>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add editor'}
        </button>
      </div>
    </form>
  );
}
