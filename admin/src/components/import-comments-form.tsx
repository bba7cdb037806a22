import { useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api/client.ts';
import { importComments } from '../api/endpoints.ts';
import type { CommentImportSummary } from '../api/models.ts';
import { plural } from '../lib/lines.ts';
import { FieldError } from './field-error.tsx';

type Format = 'disqus' | 'wordpress';
type PageKey = 'path' | 'url' | 'identifier';
const STATUS_ORDER = ['approved', 'pending', 'spam', 'rejected', 'deleted'] as const;

/**
 * Moves a discussion in from Disqus or WordPress: the owner picks the export, sees a preview
 * (a dry run over the whole file on the server: nothing is written), then imports it. The file
 * goes up as it is and the server reads it as a stream, so exports of hundreds of MB work.
 * Importing the same file again adds nothing twice.
 */
export function ImportCommentsForm({ siteId }: { siteId: string }) {
  const [format, setFormat] = useState<Format>('disqus');
  const [pageKey, setPageKey] = useState<PageKey>('path');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [preview, setPreview] = useState<CommentImportSummary | null>(null);
  const [done, setDone] = useState<CommentImportSummary | null>(null);
  const resultEl = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (preview || done) resultEl.current?.focus();
  }, [preview, done]);

  // Any change of choice makes the preview stale: it must be looked at again before importing.
  const reset = () => {
    setPreview(null);
    setDone(null);
    setError('');
  };

  const send = async (dryRun: boolean) => {
    if (busy) return;
    if (!file) {
      setError('Choose the export file first.');
      document.getElementById('comments-import-file')?.focus();
      return;
    }
    setError('');
    setBusy(dryRun ? 'Reading the file…' : 'Importing…');
    try {
      const summary = await importComments({ site: siteId, format, pageKey, dryRun, file });
      if (dryRun) setPreview(summary);
      else {
        setPreview(null);
        setDone(summary);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const shown = done ?? preview;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send(true);
      }}
      noValidate
    >
      <div class="field">
        <label for="comments-import-format">Export from</label>
        <select id="comments-import-format" value={format} onChange={(e) => { setFormat(e.currentTarget.value as Format); reset(); }}>
          <option value="disqus">Disqus (XML export)</option>
          <option value="wordpress">WordPress (WXR export, Tools → Export)</option>
        </select>
      </div>
      <div class="field">
        <label for="comments-import-key">Match articles by</label>
        <select id="comments-import-key" value={pageKey} aria-describedby="comments-import-key-help" onChange={(e) => { setPageKey(e.currentTarget.value as PageKey); reset(); }}>
          <option value="path">the link’s path (/2024/03/story/)</option>
          <option value="url">the whole link (https://…)</option>
          {format === 'disqus' ? <option value="identifier">the Disqus identifier</option> : null}
        </select>
        <p class="help" id="comments-import-key-help">
          Use what your pages give the widget as their page key; the path is the usual choice and survives a change of domain.
        </p>
      </div>
      <div class="field">
        <label for="comments-import-file">Export file</label>
        <input
          id="comments-import-file"
          type="file"
          accept=".xml,.gz,application/xml,text/xml,application/gzip"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'comments-import-error' : undefined}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            reset();
          }}
        />
        <FieldError id="comments-import-error" message={error} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy !== null}>
          {busy === 'Reading the file…' ? busy : 'Preview'}
        </button>
        <button type="button" class="button button-primary" disabled={busy !== null || !preview} onClick={() => void send(false)}>
          {busy === 'Importing…' ? busy : 'Import'}
        </button>
      </div>
      {shown ? (
        <div class="import-report" tabIndex={-1} ref={resultEl} role="status" data-testid="comments-import-report">
          <p>
            <strong>
              {shown.dryRun ? 'Preview, nothing imported yet: ' : 'Imported: '}
              {plural(STATUS_ORDER.reduce((n, s) => n + shown.comments[s], 0), 'comment', 'comments')} on {plural(shown.pages.created + shown.pages.existing, 'page', 'pages')}
            </strong>{' '}
            ({shown.pages.created} new).
          </p>
          <ul>
            {STATUS_ORDER.filter((s) => shown.comments[s] > 0).map((s) => (
              <li key={s}>
                {shown.comments[s]} {s}
              </li>
            ))}
            {shown.alreadyImported > 0 ? <li>{shown.alreadyImported} already imported before, left as they are</li> : null}
            {!shown.dryRun && shown.orphans > 0 ? <li>{plural(shown.orphans, 'reply', 'replies')} whose parent is missing, shown as top-level</li> : null}
            {Object.entries(shown.skipped).map(([reason, n]) => (
              <li key={reason}>
                Skipped {n}: {reason}
              </li>
            ))}
          </ul>
          {shown.dryRun ? <p class="help">Spam and deleted comments are imported as such and not shown to readers. Press Import to write them.</p> : null}
        </div>
      ) : null}
    </form>
  );
}
