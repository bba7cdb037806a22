import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { postStoryUpdate } from '../api/endpoints.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { TextField } from './form-field.tsx';

/** An article's key is its path: accept a pasted URL too, as editors copy it from the browser. */
function pageKeyOf(input: string): string {
  const value = input.trim();
  try {
    return /^https?:\/\//i.test(value) ? new URL(value).pathname : value;
  } catch {
    return value;
  }
}

/** "Follow this story": an update emailed to the readers who follow one article. */
export function StoryUpdateForm() {
  const { site, announce } = useDashboard();
  const [page, setPage] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const key = pageKeyOf(page);
    const missing: Record<string, string> = {};
    if (!key) missing.page = 'Give the article’s address or page key.';
    if (!subject.trim()) missing.subject = 'Subject is required.';
    if (!body.trim()) missing.body = 'Body is required.';
    setErrors(missing);
    setResult('');
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const recipients = await postStoryUpdate(site.id, key, { subject: subject.trim(), body });
      const message = recipients === 1 ? 'Update sent to 1 follower.' : `Update sent to ${recipients} followers.`;
      setResult(message);
      announce(message);
      setSubject('');
      setBody('');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'page_not_found') setErrors({ page: 'No article with this key has comments or followers yet.' });
      else if (err instanceof ApiError && Object.keys(err.fields).length > 0) setErrors(err.fields);
      else setErrors({ form: messageOf(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <TextField id="story-page" label="Article address or page key" placeholder="/articles/my-story" value={page} onInput={setPage} error={errors.page} />
      <TextField id="story-subject" label="Update subject" maxLength={200} value={subject} onInput={setSubject} error={errors.subject} />
      <TextField id="story-body" label="Update (Markdown)" rows={5} value={body} onInput={setBody} error={errors.body} />
      {errors.form && (
        <p class="alert alert-error" role="alert">
          {errors.form}
        </p>
      )}
      {result && <p class="alert alert-info">{result}</p>}
      <div>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send update to followers'}
        </button>
      </div>
    </form>
  );
}
