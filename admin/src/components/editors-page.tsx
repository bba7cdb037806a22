import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { listEditors } from '../api/endpoints.ts';
import type { Editor } from '../api/types.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { AddEditorForm } from './add-editor-form.tsx';
import { EditorRow } from './editor-row.tsx';

/** Owners manage who can sign in: add, change role, set a password, remove. */
export function EditorsPage() {
  const { editor: me, announce } = useDashboard();
  const [editors, setEditors] = useState<Editor[] | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    setError('');
    listEditors().then(setEditors, (err: unknown) => setError(messageOf(err)));
  }, []);
  useEffect(load, [load]);

  const owners = editors?.filter((e) => e.role === 'owner').length ?? 0;

  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Editors
        </h1>
        <p class="page-sub muted">Owners can do everything. Moderators work the queues, bans and audit log, but cannot change settings or editors.</p>
      </div>

      <section aria-labelledby="editor-list-title">
        <h2 id="editor-list-title" class="visually-hidden">
          Everyone who can sign in
        </h2>
        {error ? (
          <div class="alert alert-error" role="alert">
            <p>Could not load the editors: {error}</p>
            <button type="button" class="button" onClick={load}>
              Try again
            </button>
          </div>
        ) : !editors ? (
          <p class="muted" aria-busy="true">
            Loading…
          </p>
        ) : (
          <table class="table table-stack">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {editors.map((editor) => (
                <EditorRow
                  key={editor.id}
                  editor={editor}
                  isMe={editor.id === me.id}
                  lastOwner={editor.role === 'owner' && owners <= 1}
                  onChanged={(updated) => setEditors((list) => (list ?? []).map((e) => (e.id === updated.id ? updated : e)))}
                  onRemoved={() => {
                    setEditors((list) => (list ?? []).filter((e) => e.id !== editor.id));
                    announce(`Removed ${editor.email}. They can no longer sign in.`);
                    requestAnimationFrame(() => heading.current?.focus());
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="add-editor-title">
        <h2 id="add-editor-title">Add an editor</h2>
        <AddEditorForm
          onAdded={(added) => {
            setEditors((list) => [...(list ?? []), added]);
            announce(`Added ${added.email} as ${added.role === 'owner' ? 'an owner' : 'a moderator'}. Send them their password safely.`);
          }}
        />
      </section>
    </div>
  );
}
