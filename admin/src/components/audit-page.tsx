import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { isAbort, messageOf } from '../api/client.ts';
import { listAudit, listEditors } from '../api/endpoints.ts';
import type { AuditEntry } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { auditHref, navigate } from '../lib/routes.ts';
import { AuditRow } from './audit-row.tsx';

/** Who did what, newest first; filter by editor or by comment. */
export function AuditPage({ editorFilter, commentFilter }: { editorFilter: string; commentFilter: string }) {
  const { site, editor: me, isOwner } = useDashboard();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [loadingMore, setLoadingMore] = useState(false);
  const [people, setPeople] = useState<Map<string, string>>(() => new Map([[me.id, me.email]]));
  const [commentText, setCommentText] = useState(commentFilter);
  const generation = useRef(0);

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

  useEffect(() => {
    const abort = new AbortController();
    const ticket = ++generation.current;
    setEntries(null);
    setError('');
    listAudit({ site: site.id, editor: editorFilter || undefined, comment: commentFilter || undefined }, abort.signal).then(
      (page) => {
        if (ticket !== generation.current) return;
        setEntries(page.entries);
        setNextCursor(page.nextCursor);
        remember(page.entries);
      },
      (err: unknown) => {
        if (!isAbort(err) && ticket === generation.current) setError(messageOf(err));
      },
    );
    return () => abort.abort();
  }, [site.id, editorFilter, commentFilter]);

  const loadMore = useCallback(() => {
    if (!nextCursor) return;
    const ticket = generation.current;
    setLoadingMore(true);
    listAudit({ site: site.id, editor: editorFilter || undefined, comment: commentFilter || undefined, cursor: nextCursor }).then(
      (page) => {
        if (ticket !== generation.current) return;
        setEntries((list) => [...(list ?? []), ...page.entries]);
        setNextCursor(page.nextCursor);
        remember(page.entries);
        setLoadingMore(false);
      },
      (err: unknown) => {
        setError(messageOf(err));
        setLoadingMore(false);
      },
    );
  }, [site.id, editorFilter, commentFilter, nextCursor]);

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

      {error ? (
        <p class="alert alert-error" role="alert">
          Could not load the audit log: {error}
        </p>
      ) : null}
      {!entries ? (
        error ? null : (
          <p class="muted" aria-busy="true">
            Loading…
          </p>
        )
      ) : entries.length === 0 ? (
        <p class="empty">{filtered ? 'Nothing matches these filters.' : 'No decisions yet. Actions taken in the dashboard are listed here.'}</p>
      ) : (
        <table class="table table-stack audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Editor</th>
              <th scope="col">Action</th>
              <th scope="col">Comment</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} editorFilter={editorFilter} />
            ))}
          </tbody>
        </table>
      )}
      {entries && nextCursor ? (
        <div class="load-more">
          <button type="button" class="button" disabled={loadingMore} onClick={loadMore}>
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
