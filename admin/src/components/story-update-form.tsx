import { useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { postStoryUpdate } from '../api/endpoints.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { FieldError } from './field-error.tsx';

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
      <div class="field">
        <label for="story-page">Article address or page key</label>
        <input
          id="story-page"
          type="text"
          placeholder="/articles/my-story"
          value={page}
          aria-invalid={errors.page ? 'true' : undefined}
          aria-describedby={errors.page ? 'story-page-error' : undefined}
          onInput={(e) => setPage(e.currentTarget.value)}
        />
        <FieldError id="story-page-error" message={errors.page} />
      </div>
      <div class="field">
        <label for="story-subject">Update subject</label>
        <input
          id="story-subject"
          type="text"
          maxLength={200}
          value={subject}
          aria-invalid={errors.subject ? 'true' : undefined}
          aria-describedby={errors.subject ? 'story-subject-error' : undefined}
          onInput={(e) => setSubject(e.currentTarget.value)}
        />
        <FieldError id="story-subject-error" message={errors.subject} />
      </div>
      <div class="field">
        <label for="story-body">Update (Markdown)</label>
        <textarea
          id="story-body"
          rows={5}
          value={body}
          aria-invalid={errors.body ? 'true' : undefined}
          aria-describedby={errors.body ? 'story-body-error' : undefined}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
        <FieldError id="story-body-error" message={errors.body} />
      </div>
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
