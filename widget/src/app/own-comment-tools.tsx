import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type CommentsApi, json, request } from './api.ts';
import { t } from './i18n.ts';
import { CharCount, tooLong } from './char-count.tsx';
import styles from './own-comment-tools.css';
import { keepEditToken } from './reader-store.ts';
import type { Comment } from './types.ts';

interface Props {
  api: CommentsApi;
  comment: Comment;
  token: string;
  mode: 'edit' | 'delete';
  /** The edited comment, or how a deleted one stays: gone, or a "[deleted]" placeholder. */
  onDone(result: { edited: Comment } | { deleted: boolean }): void;
  onCancel(): void;
  announce(message: string): void;
}

/** The author's requests, kept in this on-demand chunk: most readers never make them. */
const own = (api: CommentsApi, id: string, token: string) => {
  const url = `${api.base}/comments/${encodeURIComponent(id)}`;
  const auth = { 'X-Edit-Token': token };
  return {
    source: () => request<{ body: string }>(`${url}/source`, { headers: auth }),
    edit: (body: string) => request<{ comment: Comment }>(url, json({ body }, 'PATCH', auth)),
    remove: () => request<{ placeholder: boolean }>(url, { method: 'DELETE', headers: auth }),
  };
};

/** The author's own tools on their comment: edit its text in place, or delete it after a confirm. */
export function OwnCommentTools({ api, comment, token, mode, onDone, onCancel, announce }: Props) {
  const [body, setBody] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const id = `edit-${comment.id}`;

  useEffect(() => {
    if (mode === 'delete') {
      confirm.current?.focus();
      return;
    }
    own(api, comment.id, token).source().then(
      (r) => setBody(r.body),
      (e: ApiError) => setError(e.message),
    );
  }, [mode]);
  useEffect(() => field.current?.focus(), [body === null]);

  const fail = (e: unknown) => {
    const message = e instanceof ApiError ? e.message : t('networkError');
    setError(message);
    announce(message);
    setBusy(false);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const over = await tooLong(body ?? '');
    if (over) return fail(over);
    setBusy(true);
    setError('');
    try {
      const { comment: edited } = await own(api, comment.id, token).edit(body ?? '');
      announce(edited.status === 'approved' ? t('saved') : t('savedPending'));
      onDone({ edited: { ...edited, replies: comment.replies } });
    } catch (e) {
      fail(e);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      const { placeholder } = await own(api, comment.id, token).remove();
      keepEditToken(comment.id, null);
      announce(t('deletedNote'));
      onDone({ deleted: !placeholder });
    } catch (e) {
      fail(e);
    }
  };

  const errorLine = error && (
    <p class="form-error" role="alert">
      {error}
    </p>
  );

  if (mode === 'delete') {
    return (
      <div class="confirm" role="group" aria-label={t('delete')}>
        <style>{styles}</style>
        <p>{t('deleteConfirm')}</p>
        {errorLine}
        <div class="actions">
          <button type="button" class="danger" ref={confirm} disabled={busy} onClick={() => void remove()}>
            {t('delete')}
          </button>
          <button type="button" class="link" onClick={onCancel}>
            {t('cancel')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form class="form edit-form" onSubmit={save} noValidate>
      <style>{styles}</style>
      <label for={id}>{t('editTitle')}</label>
      <textarea id={id} ref={field} rows={4} required dir="auto" aria-describedby={`${id}-count`} value={body ?? ''} disabled={body === null || busy} onInput={(e) => setBody(e.currentTarget.value)} />
      <CharCount text={body ?? ''} id={`${id}-count`} />
      {errorLine}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !body?.trim()}>
          {busy ? t('saving') : t('save')}
        </button>
        <button type="button" class="link" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
