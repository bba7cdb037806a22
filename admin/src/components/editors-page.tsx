import { useRef } from 'preact/hooks';
import { listEditors } from '../api/endpoints.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { useResource } from '../lib/use-resource.ts';
import { AddEditorForm } from './add-editor-form.tsx';
import { EditorRow } from './editor-row.tsx';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';

/** Owners manage who can sign in: add, change role, set a password, remove. */
export function EditorsPage() {
  const { editor: me, announce } = useDashboard();
  const editors = useResource((signal) => listEditors(signal), []);
  const heading = useRef<HTMLHeadingElement>(null);
  const owners = editors.data?.filter((e) => e.role === 'owner').length ?? 0;

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
        <Loadable resource={editors} what="the editors">
          {(list) => (
            <DataTable columns={['Name', 'Email', 'Role', 'Added']} actions>
              {list.map((editor) => (
                <EditorRow
                  key={editor.id}
                  editor={editor}
                  isMe={editor.id === me.id}
                  lastOwner={editor.role === 'owner' && owners <= 1}
                  onChanged={(updated) => editors.update((all) => all.map((e) => (e.id === updated.id ? updated : e)))}
                  onRemoved={() => {
                    editors.update((all) => all.filter((e) => e.id !== editor.id));
                    announce(`Removed ${editor.email}. They can no longer sign in.`);
                    requestAnimationFrame(() => heading.current?.focus());
                  }}
                />
              ))}
            </DataTable>
          )}
        </Loadable>
      </section>

      <section class="card" aria-labelledby="add-editor-title">
        <h2 id="add-editor-title">Add an editor</h2>
        <AddEditorForm
          onAdded={(added) => {
            editors.update((all) => [...all, added]);
            announce(`Added ${added.email} as ${added.role === 'owner' ? 'an owner' : 'a moderator'}. Send them their password safely.`);
          }}
        />
      </section>
    </div>
  );
}
