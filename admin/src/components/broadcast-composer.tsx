import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, messageOf } from '../api/client.ts';
import { createBroadcast, getBroadcast, sendBroadcast, sendTestBroadcast } from '../api/endpoints.ts';
import type { Broadcast } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { plural } from '../lib/lines.ts';
import { broadcastHref, mailboxHref, navigate } from '../lib/routes.ts';
import { loadCompose, storeCompose } from '../lib/stored-compose.ts';
import { BroadcastPreview } from './broadcast-preview.tsx';
import { FieldError } from './field-error.tsx';
import { FormAlert } from './form-alert.tsx';
import { SendBroadcastDialog } from './send-broadcast-dialog.tsx';

type Field = 'subject' | 'body';
type Busy = 'save' | 'test' | 'send' | null;

const SUBJECT_MAX = 200;

/**
 * Writes a newsletter: subject and Markdown body with a live preview, then save it as a draft,
 * send a test to yourself, or send it to every confirmed subscriber. Drafts cannot be changed
 * once saved, so sending words that changed since saves a new draft first.
 */
export function BroadcastComposer({ copyId, onSaved }: { copyId: string; onSaved: (broadcast: Broadcast) => void }) {
  const { site, announce } = useDashboard();
  const stored = useRef(copyId ? null : loadCompose(site.id));
  const [subject, setSubject] = useState(stored.current?.subject ?? '');
  const [body, setBody] = useState(stored.current?.body ?? '');
  const [saved, setSaved] = useState<Broadcast | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [confirming, setConfirming] = useState(false);
  const [testedTo, setTestedTo] = useState('');

  // Opening a copy of a broadcast ("Open in editor"), or the draft these words were saved as.
  useEffect(() => {
    const id = copyId || stored.current?.draftId;
    if (!id) return;
    if (copyId) history.replaceState(null, '', '#/newsletter');
    let current = true;
    getBroadcast(id).then(
      (broadcast) => {
        if (!current) return;
        if (copyId) {
          setSubject(broadcast.subject);
          setBody(broadcast.body);
          announce(`Opened “${broadcast.subject}” in the editor.`);
        }
        setSaved(broadcast.status === 'draft' ? broadcast : null);
      },
      (err: unknown) => {
        if (current && copyId) setFormError(`Could not open the broadcast: ${messageOf(err)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [copyId]);

  const unchanged = saved !== null && saved.status === 'draft' && saved.subject === subject.trim() && saved.body === body.trim();

  useEffect(() => {
    storeCompose(site.id, { subject, body, draftId: unchanged ? saved!.id : null });
  }, [site.id, subject, body, unchanged]);

  const check = (): boolean => {
    const next: Partial<Record<Field, string>> = {};
    if (!subject.trim()) next.subject = 'Write a subject.';
    else if (subject.trim().length > SUBJECT_MAX) next.subject = `The subject must be at most ${SUBJECT_MAX} characters.`;
    if (!body.trim()) next.body = 'Write the newsletter.';
    setErrors(next);
    setFormError('');
    const first = (['subject', 'body'] as const).find((f) => next[f]);
    if (first) {
      document.getElementById(`compose-${first}`)?.focus();
      return false;
    }
    return true;
  };

  /** The saved draft of exactly these words: the last one, or a new one. */
  const ensureDraft = async (): Promise<Broadcast> => {
    if (unchanged) return saved!;
    const draft = await createBroadcast({ site: site.id, subject: subject.trim(), body: body.trim() });
    setSaved(draft);
    onSaved(draft);
    return draft;
  };

  const fail = (err: unknown, what: string) => {
    if (err instanceof ApiError && Object.keys(err.fields).length > 0) {
      const next: Partial<Record<Field, string>> = {};
      const rest: string[] = [];
      for (const [path, message] of Object.entries(err.fields)) {
        if (path === 'subject' || path === 'body') next[path] = message;
        else rest.push(message);
      }
      setErrors(next);
      setFormError(rest.length > 0 ? rest.join(' ') : `Could not ${what}: check the fields marked below.`);
    } else {
      setFormError(`Could not ${what}: ${messageOf(err)}`);
    }
  };

  const run = async (kind: Exclude<Busy, null>, what: string, task: () => Promise<void>) => {
    if (busy) return;
    setBusy(kind);
    try {
      await task();
    } catch (err) {
      fail(err, what);
    } finally {
      setBusy(null);
    }
  };

  const save = (event: Event) => {
    event.preventDefault();
    if (!check()) return;
    void run('save', 'save the draft', async () => {
      const draft = await ensureDraft();
      announce(`Saved the draft “${draft.subject}”.`);
    });
  };

  const test = () => {
    if (!check()) return;
    void run('test', 'send the test', async () => {
      const draft = await ensureDraft();
      const to = await sendTestBroadcast(draft.id);
      setTestedTo(to);
      announce(`Sent a test of “${draft.subject}” to ${to}.`);
    });
  };

  const sendToAll = () =>
    void run('send', 'send the newsletter', async () => {
      const draft = await ensureDraft();
      let sent: Broadcast;
      try {
        sent = await sendBroadcast(draft.id);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          announce('That draft had already been sent.', 'assertive');
          navigate(broadcastHref(draft.id));
          return;
        }
        throw err;
      }
      setSubject('');
      setBody('');
      setSaved(null);
      storeCompose(site.id, null);
      onSaved(sent);
      announce(`Sending “${sent.subject}” to ${plural(sent.recipients, 'subscriber')}.`);
      navigate(broadcastHref(sent.id));
    });

  const describedBy = (field: Field, help?: string) => [help, errors[field] ? `compose-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const length = subject.trim().length;

  return (
    <form class="composer" onSubmit={save} noValidate aria-labelledby="compose-title">
      <FormAlert message={formError} focus />
      <div class="field">
        <label for="compose-subject">Subject</label>
        <input
          id="compose-subject"
          type="text"
          maxLength={SUBJECT_MAX + 50}
          value={subject}
          aria-invalid={errors.subject ? 'true' : undefined}
          aria-describedby={describedBy('subject', 'compose-subject-help')}
          onInput={(e) => setSubject(e.currentTarget.value)}
        />
        <FieldError id="compose-subject-error" message={errors.subject} />
        <p class={`help${length > SUBJECT_MAX ? ' field-error' : ''}`} id="compose-subject-help">
          {length}/{SUBJECT_MAX} characters
        </p>
      </div>
      <div class="composer-grid">
        <div class="field">
          <label for="compose-body">Newsletter</label>
          <textarea
            id="compose-body"
            rows={14}
            value={body}
            aria-invalid={errors.body ? 'true' : undefined}
            aria-describedby={describedBy('body', 'compose-body-help')}
            onInput={(e) => setBody(e.currentTarget.value)}
          />
          <FieldError id="compose-body-error" message={errors.body} />
          <p class="help markdown-help" id="compose-body-help">
            Markdown: a blank line between paragraphs, <code>**bold**</code>, <code>*italic*</code>, <code>[text](https://…)</code>, <code># Heading</code>,{' '}
            <code>- list</code>.
          </p>
        </div>
        <section class="composer-preview" aria-label="Preview">
          <BroadcastPreview id="compose-preview" subject={subject} body={body} />
        </section>
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy !== null || unchanged}>
          {busy === 'save' ? 'Saving…' : unchanged ? 'Draft saved' : 'Save draft'}
        </button>
        <button type="button" class="button" disabled={busy !== null} onClick={test}>
          {busy === 'test' ? 'Sending test…' : 'Send test to me'}
        </button>
        <button
          type="button"
          class="button button-primary"
          disabled={busy !== null}
          aria-haspopup="dialog"
          onClick={() => {
            if (check()) setConfirming(true);
          }}
        >
          {busy === 'send' ? 'Sending…' : 'Send to all subscribers…'}
        </button>
        {testedTo ? (
          <span class="muted">
            Test sent to {testedTo}. <a href={mailboxHref({ to: testedTo })}>See it in the Mailbox</a>
          </span>
        ) : unchanged ? (
          <span class="muted">Saved. Changing the words and saving keeps a new draft.</span>
        ) : null}
      </div>
      <SendBroadcastDialog open={confirming} siteId={site.id} subject={subject.trim()} onConfirm={sendToAll} onClose={() => setConfirming(false)} />
    </form>
  );
}
