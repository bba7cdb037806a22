import { useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { removeEditor, updateEditor } from '../api/endpoints.ts';
import type { ListedEditor as Editor, Role } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { randomPassword } from '../lib/random-password.ts';
import { RelativeTime } from './relative-time.tsx';

interface Props {
  editor: Editor;
  isMe: boolean;
  lastOwner: boolean;
  onChanged: (editor: Editor) => void;
  onRemoved: () => void;
}

/** One editor: change role, set a new password, remove (asks once more before removing). */
export function EditorRow({ editor, isMe, lastOwner, onChanged, onRemoved }: Props) {
  const { announce } = useDashboard();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<'remove' | 'password' | null>(null);
  const [newPassword, setNewPassword] = useState<string | null>(null);
  const base = `editor-${editor.id}`;
  const locked = isMe || lastOwner;
  const lockReason = isMe ? 'You cannot change your own role or remove yourself; ask another owner.' : 'The last owner cannot be demoted or removed.';

  const changeRole = async (role: Role) => {
    setBusy(true);
    try {
      onChanged(await updateEditor(editor.id, { role }));
      announce(`${editor.email} is now ${role === 'owner' ? 'an owner' : 'a moderator'}.`);
    } catch (err) {
      announce(`Could not change the role: ${messageOf(err)}`, 'assertive');
    } finally {
      setBusy(false);
    }
  };

  const setPassword = async () => {
    const password = randomPassword();
    setBusy(true);
    try {
      await updateEditor(editor.id, { password });
      setNewPassword(password);
      announce(`Set a new password for ${editor.email}; they were signed out everywhere.`);
    } catch (err) {
      announce(`Could not set a new password: ${messageOf(err)}`, 'assertive');
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await removeEditor(editor.id);
      onRemoved();
    } catch (err) {
      announce(`Could not remove ${editor.email}: ${messageOf(err)}`, 'assertive');
      setBusy(false);
      setConfirming(null);
    }
  };

  return (
    <tr>
      <td data-label="Name">
        {editor.name}
        {isMe ? <span class="chip chip-quiet">You</span> : null}
      </td>
      <td data-label="Email">
        <span class="break">{editor.email}</span>
      </td>
      <td data-label="Role">
        <label for={`${base}-role`} class="visually-hidden">
          Role of {editor.email}
        </label>
        <select
          id={`${base}-role`}
          value={editor.role}
          disabled={busy || locked}
          title={locked ? lockReason : undefined}
          onChange={(e) => void changeRole(e.currentTarget.value as Role)}
        >
          <option value="moderator">Moderator</option>
          <option value="owner">Owner</option>
        </select>
      </td>
      <td data-label="Added">
        <RelativeTime value={editor.createdAt} />
      </td>
      <td class="cell-actions">
        {newPassword ? (
          <div class="new-password" role="status">
            <label for={`${base}-password`}>New password for {editor.name} (shown once):</label>
            <input id={`${base}-password`} type="text" readOnly value={newPassword} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="button button-small button-quiet" onClick={() => setNewPassword(null)}>
              Done
            </button>
          </div>
        ) : confirming ? (
          <div class="confirm" role="group" aria-label={confirming === 'remove' ? `Remove ${editor.email}?` : `New password for ${editor.email}?`}>
            <span>{confirming === 'remove' ? `Remove ${editor.email}?` : 'Set a new password and sign them out everywhere?'}</span>
            <button
              type="button"
              class={`button button-small ${confirming === 'remove' ? 'button-danger' : 'button-primary'}`}
              disabled={busy}
              onClick={() => void (confirming === 'remove' ? remove() : setPassword())}
              autoFocus
            >
              {confirming === 'remove' ? 'Remove' : 'Set new password'}
            </button>
            <button type="button" class="button button-small button-quiet" disabled={busy} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        ) : (
          <div class="row-actions">
            <button
              type="button"
              class="button button-small button-quiet"
              disabled={busy || isMe}
              title={isMe ? 'Another owner can set a new password for you, or use the command line.' : undefined}
              onClick={() => setConfirming('password')}
            >
              New password<span class="visually-hidden"> for {editor.email}</span>
            </button>
            <button type="button" class="button button-small button-quiet button-quiet-danger" disabled={busy || locked} title={locked ? lockReason : undefined} onClick={() => setConfirming('remove')}>
              Remove<span class="visually-hidden"> {editor.email}</span>
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
