import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { importSubscribers } from '../api/endpoints.ts';
import type { ImportReport } from '../api/models.ts';
import { csvChunks } from '../lib/csv-chunks.ts';
import { plural } from '../lib/lines.ts';
import { FieldError } from './field-error.tsx';

/** The largest file read into the form (the server takes 5 MB in all). */
const MAX_FILE = 5_000_000;
const SKIPPED_SHOWN = 50;

/**
 * Imports subscribers from CSV (pasted or from a file). Without the consent box each person is
 * asked by email to confirm; with it they are subscribed at once. Large files go in several
 * requests; the report covers them all.
 */
export function ImportSubscribersForm({ siteId, onImported }: { siteId: string; onImported: (report: ImportReport) => void }) {
  const [csv, setCsv] = useState('');
  const [consented, setConsented] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<(ImportReport & { consented: boolean }) | null>(null);
  const reportEl = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (report) reportEl.current?.focus();
  }, [report]);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE) {
      setError('The file is larger than 5 MB. Split it and import the parts one after the other.');
      return;
    }
    setError('');
    setCsv(await file.text());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const text = csv.trim();
    if (!text) {
      setError('Paste the CSV, or choose a file.');
      document.getElementById('import-csv')?.focus();
      return;
    }
    const header = text.split(/\r?\n/, 1)[0]!.toLowerCase();
    if (!header.split(',').some((h) => h.trim().replace(/^"|"$/g, '') === 'email')) {
      setError('The first line must name the columns and include “email”, like: email,name');
      document.getElementById('import-csv')?.focus();
      return;
    }
    setError('');
    setReport(null);
    const chunks = csvChunks(text);
    const total: ImportReport = { imported: 0, skipped: [] };
    try {
      for (const [i, chunk] of chunks.entries()) {
        setBusy(chunks.length > 1 ? `Importing part ${i + 1} of ${chunks.length}…` : 'Importing…');
        const part = await importSubscribers({ site: siteId, csv: chunk.csv, consented });
        total.imported += part.imported;
        total.skipped.push(...part.skipped.map((s) => ({ line: s.line + chunk.offset, reason: s.reason })));
      }
      setCsv('');
    } catch (err) {
      const fields = err instanceof ApiError ? Object.values(err.fields) : [];
      const message = `${messageOf(err)}${fields.length > 0 ? ` ${fields.join(' ')}` : ''}`;
      setError(total.imported > 0 ? `${message} The first ${plural(total.imported, 'person', 'people')} were imported; the rest were not.` : message);
    } finally {
      setBusy(null);
    }
    if (total.imported > 0 || total.skipped.length > 0) {
      setReport({ ...total, consented });
      onImported(total);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <div class="field">
        <label for="import-csv">CSV</label>
        <textarea
          id="import-csv"
          rows={5}
          spellcheck={false}
          autoCapitalize="off"
          placeholder={'email,name\nada@example.com,Ada Lovelace'}
          value={csv}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={`import-csv-help${error ? ' import-csv-error' : ''}`}
          onInput={(e) => setCsv(e.currentTarget.value)}
        />
        <FieldError id="import-csv-error" message={error} />
        <p class="help" id="import-csv-help">
          The first line names the columns: <code>email</code> (required) and <code>name</code> (optional). One person per line.
        </p>
      </div>
      <div class="field">
        <label for="import-file">Or choose a CSV file</label>
        <input id="import-file" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void readFile(e.currentTarget.files?.[0])} />
      </div>
      <label class="choice">
        <input type="checkbox" checked={consented} onChange={(e) => setConsented(e.currentTarget.checked)} aria-describedby="import-consent-help" />
        <span>
          <strong>These people already agreed to receive the newsletter (skip confirmation emails)</strong>
          <span class="help" id="import-consent-help">
            Only tick this if you can show they agreed. Otherwise each person gets an email asking them to confirm, and only those who do receive the newsletter.
          </span>
        </span>
      </label>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={busy !== null}>
          {busy ?? 'Import'}
        </button>
      </div>
      {report ? (
        <div class="import-report" tabIndex={-1} ref={reportEl} role="status" data-testid="import-report">
          <p>
            <strong>
              Imported {plural(report.imported, 'person', 'people')}
              {report.skipped.length > 0 ? `, skipped ${report.skipped.length}` : ''}.
            </strong>{' '}
            {report.imported > 0 ? (report.consented ? 'They are subscribed to the newsletter.' : 'Each was sent an email to confirm.') : null}
          </p>
          {report.skipped.length > 0 ? (
            <ul>
              {report.skipped.slice(0, SKIPPED_SHOWN).map((s) => (
                <li key={s.line}>
                  Line {s.line}: {s.reason}
                </li>
              ))}
              {report.skipped.length > SKIPPED_SHOWN ? <li>…and {report.skipped.length - SKIPPED_SHOWN} more.</li> : null}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
