import { useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { erasePersonalData, exportPersonalData, findPersonalData } from '../api/endpoints.ts';
import type { EraseReport, PersonalData } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { DataTable } from './data-table.tsx';
import { TextField } from './form-field.tsx';
import { FormAlert } from './form-alert.tsx';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 140)}…` : text);
const day = (iso: string) => iso.slice(0, 10);

/** Hands a JSON value to the browser as a file download. */
function download(data: unknown, filename: string): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function eraseSummary(email: string, r: EraseReport): string {
  const parts = [
    `${plural(r.commentsRemoved, 'comment', 'comments')} removed`,
    `${plural(r.commentsAnonymised, 'comment', 'comments')} kept as “[deleted]” under their replies`,
    `${plural(r.subscribersRemoved, 'subscription record', 'subscription records')} removed`,
  ];
  const mail = r.doNotMail ? 'The address is on the do-not-mail list.' : 'Nothing of the address is kept.';
  const bans = r.bansKept ? ` ${plural(r.bansKept, 'ban names', 'bans name')} it and ${r.bansKept === 1 ? 'was' : 'were'} kept; lift it on the Bans page if that is right.` : '';
  return `Erased ${email}: ${parts.join(', ')}. ${mail}${bans}`;
}

/**
 * Owners answer privacy requests: find everything stored under an email address on every site,
 * download it for the person, or erase it.
 */
export function PrivacyPage() {
  const { announce } = useDashboard();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [data, setData] = useState<PersonalData | null>(null);
  const [doNotMail, setDoNotMail] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState('');
  const results = useRef<HTMLHeadingElement>(null);
  const doneEl = useRef<HTMLParagraphElement>(null);

  const find = async (event: Event) => {
    event.preventDefault();
    const value = email.trim();
    setDone('');
    setError('');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      setFieldError('Enter an email address, like name@example.com.');
      document.getElementById('privacy-email')?.focus();
      return;
    }
    setFieldError('');
    setBusy('Finding…');
    try {
      const found = await findPersonalData(value);
      setData(found);
      setConfirming(false);
      setDoNotMail(false);
      requestAnimationFrame(() => results.current?.focus());
    } catch (err) {
      if (err instanceof ApiError && err.fields.email) setFieldError(err.fields.email);
      else setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const exportIt = async () => {
    if (!data) return;
    setBusy('Preparing the download…');
    try {
      download(await exportPersonalData(data.email), `parley-personal-data-${day(new Date().toISOString())}.json`);
      announce(`Downloaded everything stored about ${data.email}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const erase = async () => {
    if (!data) return;
    setBusy('Erasing…');
    try {
      const report = await erasePersonalData(data.email, doNotMail);
      const message = eraseSummary(data.email, report);
      setData(null);
      setConfirming(false);
      setDone(message);
      announce(message);
      requestAnimationFrame(() => doneEl.current?.focus());
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const nothing = data && data.comments.length === 0 && data.subscribers.length === 0 && data.emails.length === 0 && !data.doNotMail && data.bans.length === 0;
  const withReplies = data?.comments.filter((c) => c.replies > 0).length ?? 0;

  return (
    <div class="page">
      <div class="page-head">
        <h1 tabIndex={-1}>Privacy requests</h1>
        <p class="page-sub muted">
          When someone asks what Parley holds about them, or to be forgotten: find everything stored under their email address on every site, give them a copy,
          or erase it.
        </p>
      </div>

      <section class="card" aria-labelledby="privacy-find-title">
        <h2 id="privacy-find-title">Find by email address</h2>
        <form class="inline-form" onSubmit={find} noValidate>
          <TextField id="privacy-email" label="Email address" type="email" autoComplete="off" value={email} onInput={setEmail} error={fieldError} />
          <div class="field field-submit">
            <button type="submit" class="button button-primary" disabled={busy !== null}>
              {busy === 'Finding…' ? busy : 'Find'}
            </button>
          </div>
        </form>
        <FormAlert message={error} focus />
        {done ? (
          <p class="alert alert-info" role="status" tabIndex={-1} ref={doneEl} data-testid="privacy-done">
            {done}
          </p>
        ) : null}
      </section>

      {data ? (
        <section class="card" aria-labelledby="privacy-results-title" data-testid="privacy-results">
          <h2 id="privacy-results-title" tabIndex={-1} ref={results}>
            Stored about {data.email}
          </h2>
          {nothing ? (
            <p>Parley holds nothing about this address.</p>
          ) : (
            <>
              <ul data-testid="privacy-summary">
                <li>
                  {plural(data.comments.length, 'comment', 'comments')}
                  {withReplies ? ` (${withReplies} with replies)` : ''}
                </li>
                <li>{plural(data.subscribers.length, 'subscriber record', 'subscriber records')}</li>
                <li>{plural(data.emails.length, 'email', 'emails')} sent or queued</li>
                {data.doNotMail ? <li>On the do-not-mail list ({data.doNotMail.reason})</li> : null}
                {data.bans.length ? <li>{plural(data.bans.length, 'ban', 'bans')} naming the address</li> : null}
              </ul>
              {data.comments.length ? (
                <DataTable caption="Comments" columns={['Site', 'Page', 'Comment', 'Status', 'Replies', 'Written']}>
                  {data.comments.map((c) => (
                    <tr key={c.id} data-comment-id={c.id}>
                      <td>{c.site}</td>
                      <td>{c.page.title ?? c.page.key}</td>
                      <td>{excerpt(c.body)}</td>
                      <td>{c.status}</td>
                      <td>{c.replies}</td>
                      <td>
                        <time dateTime={c.createdAt}>{day(c.createdAt)}</time>
                      </td>
                    </tr>
                  ))}
                </DataTable>
              ) : null}
              {data.subscribers.length ? (
                <DataTable caption="Subscriptions" columns={['Site', 'Subscriptions', 'Since']}>
                  {data.subscribers.map((s) => (
                    <tr key={s.site}>
                      <td>{s.site}</td>
                      <td>{s.subscriptions.map((x) => `${x.topic} (${x.status})`).join(', ') || 'none'}</td>
                      <td>
                        <time dateTime={s.createdAt}>{day(s.createdAt)}</time>
                      </td>
                    </tr>
                  ))}
                </DataTable>
              ) : null}
            </>
          )}

          <div class="form-actions">
            <button type="button" class="button" onClick={() => void exportIt()} disabled={busy !== null}>
              Download as JSON
            </button>
          </div>

          <h3>Erase</h3>
          <p class="help">
            Every comment loses its text and author. Comments nobody answered leave the discussion; comments with replies stay as text-free “[deleted]”
            placeholders, so the replies keep their place. Subscriptions and queued mail go; bans naming the address stay. The erasure is recorded in the
            audit log without the address.
          </p>
          <label class="choice">
            <input type="checkbox" checked={doNotMail} onChange={(e) => setDoNotMail(e.currentTarget.checked)} aria-describedby="privacy-dnm-help" />
            <span>
              <strong>The person asked not to be emailed again</strong>
              <span class="help" id="privacy-dnm-help">
                Their address then goes on the do-not-mail list, the one thing kept. Leave it unticked otherwise: nothing of the address is kept.
              </span>
            </span>
          </label>
          {confirming ? (
            <div class="alert alert-error" role="group" aria-labelledby="privacy-confirm-text">
              <p id="privacy-confirm-text">
                Erase everything stored about <strong>{data.email}</strong> on every site? This cannot be undone.
              </p>
              <button type="button" class="button button-danger" onClick={() => void erase()} disabled={busy !== null}>
                {busy === 'Erasing…' ? busy : 'Erase permanently'}
              </button>{' '}
              <button type="button" class="button" onClick={() => setConfirming(false)} disabled={busy !== null}>
                Cancel
              </button>
            </div>
          ) : (
            <div class="form-actions">
              <button type="button" class="button button-danger" onClick={() => setConfirming(true)} disabled={busy !== null || Boolean(nothing)}>
                Erase everything…
              </button>
            </div>
          )}
        </section>
      ) : null}
    </div>
  );
}
