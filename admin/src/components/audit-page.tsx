import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { listAudit, listEditors } from '../api/endpoints.ts';
import type { AuditEntry } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { auditHref, navigate } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { AuditRow } from './audit-row.tsx';
import { DataTable } from './data-table.tsx';
import { Loadable } from './loadable.tsx';

/** Who did what, newest first; filter by editor or by comment. */
export function AuditPage({ editorFilter, commentFilter }: { editorFilter: string; commentFilter: string }) {
  const { site, editor: me, isOwner } = useDashboard();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const [people, setPeople] = useState<Map<string, string>>(() => new Map([[me.id, me.email]]));
  const [commentText, setCommentText] = useState(commentFilter);

  useEffect(() => setCommentText(commentFilter), [commentFilter]);

  // Owners can list every editor; moderators choose among those who appear in the log.
  useEffect(() => {
    if (!isOwner) return;
    listEditors().then(
      (list) => setPeople((prev) => new Map([...prev, ...list.map((e) => [e.id, e.email] as [string, string])])),
      () => {},
    );
  }, [isOwner]);

  const remember = (list: AuditEntry[]) =>
    setPeople((prev) => {
      const next = new Map(prev);
      for (const e of list) if (e.editorId && e.editorEmail && !next.has(e.editorId)) next.set(e.editorId, e.editorEmail);
      return next.size === prev.size ? prev : next;
    });

  const query = { site: site.id, editor: editorFilter || undefined, comment: commentFilter || undefined };
  const log = useResource(async (signal) => {
    const page = await listAudit(query, signal);
    remember(page.entries);
    return page;
  }, [site.id, editorFilter, commentFilter]);

  const loadMore = async () => {
    const shown = log.data;
    if (!shown?.nextCursor) return;
    setLoadingMore(true);
    setMoreError('');
    try {
      const page = await listAudit({ ...query, cursor: shown.nextCursor });
      remember(page.entries);
      // Only onto the list it continues: a filter changed meanwhile has loaded another.
      log.update((current) => (current === shown ? { entries: [...current.entries, ...page.entries], nextCursor: page.nextCursor } : current));
    } catch (err) {
      setMoreError(messageOf(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const filtered = editorFilter || commentFilter;
  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1}>Audit log</h1>
        <p class="page-sub muted">Every decision editors made on {site.name}, newest first.</p>
      </div>

      <form
        class="filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(auditHref({ editor: editorFilter, comment: commentText.trim() }));
        }}
      >
        <div class="field">
          <label for="audit-editor">Editor</label>
          <select id="audit-editor" value={editorFilter} onChange={(e) => navigate(auditHref({ editor: e.currentTarget.value, comment: commentFilter }))}>
            <option value="">Everyone</option>
            {[...people.entries()]
              .sort((a, b) => a[1].localeCompare(b[1]))
              .map(([id, email]) => (
                <option key={id} value={id}>
                  {email}
                  {id === me.id ? ' (you)' : ''}
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-comment">Comment id</label>
          <input id="audit-comment" type="text" autoComplete="off" spellcheck={false} value={commentText} onInput={(e) => setCommentText(e.currentTarget.value)} />
        </div>
        <div class="field field-submit">
          <button type="submit" class="button">
            Filter
          </button>
          {filtered ? (
            <a class="button button-quiet" href={auditHref()}>
              Clear filters
            </a>
          ) : null}
        </div>
      </form>

      <Loadable
        resource={log}
        what="the audit log"
        isEmpty={(page) => page.entries.length === 0}
        empty={filtered ? 'Nothing matches these filters.' : 'No decisions yet. Actions taken in the dashboard are listed here.'}
      >
        {(page) => (
          <DataTable columns={['When', 'Editor', 'Action', 'Comment', 'Details']} class="audit">
            {page.entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} editorFilter={editorFilter} />
            ))}
          </DataTable>
        )}
      </Loadable>
      {moreError ? (
        <p class="alert alert-error" role="alert">
          Could not load more of the audit log: {moreError}
        </p>
      ) : null}
      {log.data?.nextCursor ? (
        <div class="load-more">
          <button type="button" class="button" disabled={loadingMore} onClick={() => void loadMore()}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
