import { useRef, useState } from 'preact/hooks';
import { ApiError, type CommentsApi, proofSpent, type SubscribeApi } from './api.ts';
import { formProof } from './proof.ts';
import { Honeypot } from './honeypot.tsx';
import { loadLaterStrings, t } from './i18n.ts';
import { rememberedAuthor, type Session } from './reader-store.ts';
import { lazy } from './lazy.tsx';

const SignInPanel = lazy(() => import('./account.tsx').then((m) => m.SignInPanel));
const AccountMenu = lazy(() => import('./account.tsx').then((m) => m.AccountMenu));
// Only a comment near the limit needs the counter (UTF-16 units are never fewer than characters).
const CharCount = lazy(() => import('./char-count.tsx').then((m) => m.CharCount));
const NEAR_LIMIT = 9_000;
import type { Comment } from './types.ts';

/** Sending a comment is its own chunk (post-comment.ts), fetched as the reader starts on a form. */
const loadPosting = () => import('./post-comment.ts');

let formCount = 0;

interface Props {
  api: CommentsApi;
  /** Offered on the top-level form: follow this story's updates. */
  subscribe?: SubscribeApi;
  parent?: Comment;
  onPosted(comment: Comment): void;
  onCancel?: () => void;
  announce(message: string): void;
  /** Called when the server says the page was closed meanwhile. */
  onClosed?: () => void;
  /** The signed-in reader, if any; the top-level form also offers signing in and out. */
  me: Session | null;
  setMe?: (s: Session | null) => void;
}

/** The comment form, used at the top of the thread and in place under a comment to reply. */
export function CommentForm({ api, subscribe, parent, onPosted, onCancel, announce, onClosed, me, setMe }: Props) {
  const [signingIn, setSigningIn] = useState(false);
  const [help, setHelp] = useState(false);
  const [author, setAuthor] = useState(rememberedAuthor);
  const [body, setBody] = useState('');
  const [notify, setNotify] = useState(false);
  const [follow, setFollow] = useState(false);
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const id = useRef(`pf${++formCount}`).current;
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const honeypot = useRef<HTMLInputElement>(null);
  const proof = useRef(formProof(api.challengeUrl)).current;

  const submit = async (event: Event) => {
    event.preventDefault();
    // Too long: said here, with by how much, rather than cut short or sent to be refused.
    const tooLong = body.length > NEAR_LIMIT && (await (await import('./char-count.tsx')).tooLong(body));
    if (tooLong) {
      setError(tooLong);
      announce(tooLong.message);
      bodyRef.current?.focus();
      return;
    }
    setPosting(true);
    setError(null);
    try {
      const { postComment } = await loadPosting();
      const comment = await postComment({ api, subscribe, parent, me, author, body, notify, follow, proof, website: honeypot.current?.value ?? '' });
      setBody('');
      announce(comment.status === 'pending' ? t('postedPending') : t('posted'));
      onPosted(comment);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'network', t('networkError'));
      if (proofSpent(e)) proof.spent();
      setError(e);
      announce(e.message);
      if (e.code === 'page_closed') onClosed?.();
      // Put the reader where the problem is.
      if (e.fields.body) bodyRef.current?.focus();
    } finally {
      setPosting(false);
    }
  };

  const field = (name: string) => error?.fields[name];
  const describedBy = (name: string, hint?: string) => [hint, field(name) ? `${id}-${name}-err` : ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: string) =>
    field(name) ? (
      <p class="field-error" id={`${id}-${name}-err`}>
        {field(name)}
      </p>
    ) : null;

  return (
    <>
    <form class={parent ? 'form reply-form' : 'form'} onSubmit={submit} onFocusCapture={() => (proof.prepare(), void loadPosting())} noValidate aria-labelledby={parent ? undefined : `${id}-title`}>
      {!parent && (
        <h3 class="form-title" id={`${id}-title`}>
          {t('formTitle')}
        </h3>
      )}
      {me && setMe && <AccountMenu api={api} me={me} announce={announce} onSignedOut={() => setMe(null)} />}
      <div class="field">
        <label for={`${id}-body`}>{parent ? t('replyTitle', { name: parent.authorName }) : t('bodyLabel')}</label>
        <textarea
          id={`${id}-body`}
          ref={bodyRef}
          value={body}
          onInput={(e) => {
            setBody(e.currentTarget.value);
            // The counter takes over again from the "too long" message as the reader shortens.
            if (error?.code === 'too_long') setError(null);
          }}
          required
          dir="auto"
          rows={parent ? 3 : 4}
          aria-invalid={field('body') ? 'true' : undefined}
          aria-describedby={describedBy('body', `${id}-count${help ? ` ${id}-md` : ''}`)}
          autoFocus={!!parent}
        />
        {field('body') ? fieldError('body') : body.length > NEAR_LIMIT && <CharCount text={body} id={`${id}-count`} />}
        <button type="button" class="link help" aria-expanded={help} onClick={() => void loadLaterStrings().then(() => setHelp(!help))}>
          {t('formatHelp')}
        </button>
        {help && (
          <p class="hint md" id={`${id}-md`}>
            {/* Each example on its own, left to right as typed, so an Arabic page does not reorder the syntax. */}
            {t('markdownHint')
              .split(/[,،、，] ?/)
              .map((example) => (
                <bdi dir="ltr">{example}</bdi>
              ))}
          </p>
        )}
      </div>
      {!me?.name && (
      <div class="row">
        <div class="field">
          <label for={`${id}-name`}>{t('nameLabel')}</label>
          <input
            id={`${id}-name`}
            value={author.name}
            onInput={(e) => setAuthor({ ...author, name: e.currentTarget.value })}
            required
            dir="auto"
            maxLength={80}
            autoComplete="name"
            aria-invalid={field('authorName') ? 'true' : undefined}
            aria-describedby={describedBy('authorName')}
          />
          {fieldError('authorName')}
        </div>
        {!me && (
        <div class="field">
          <label for={`${id}-email`}>{t('emailLabel')}</label>
          <input
            id={`${id}-email`}
            type="email"
            value={author.email}
            onInput={(e) => setAuthor({ ...author, email: e.currentTarget.value })}
            maxLength={254}
            autoComplete="email"
            aria-invalid={field('authorEmail') ? 'true' : undefined}
            aria-describedby={describedBy('authorEmail', `${id}-eh`)}
          />
          <p class="hint" id={`${id}-eh`}>
            {t('emailHint')}
          </p>
          {fieldError('authorEmail')}
        </div>
        )}
      </div>
      )}
      <Honeypot inputRef={honeypot} />
      {author.email.trim() && (
        <div class="checks">
          <label class="check">
            <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.currentTarget.checked)} /> {t('notifyLabel')}
          </label>
          {subscribe && (
            <label class="check">
              <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> {t('followLabel')}
            </label>
          )}
        </div>
      )}
      {error && !Object.keys(error.fields).length && (
        <p class="form-error" role="alert">
          {error.message}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={posting}>
          {posting ? t('posting') : parent ? t('submitReply') : t('submit')}
        </button>
        {onCancel && (
          <button type="button" class="ghost" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
        {!me && setMe && !signingIn && (
          <button type="button" class="link" onClick={() => setSigningIn(true)}>
            {t('signIn')}
          </button>
        )}
      </div>

    </form>
      {signingIn && !me && <SignInPanel api={api} onCancel={() => setSigningIn(false)} />}
    </>
  );
}
