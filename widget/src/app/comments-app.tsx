import { useEffect, useState } from 'preact/hooks';
import { ApiError, type CommentsApi, type SubscribeApi } from './api.ts';
import { CommentForm } from './comment-form.tsx';
import { CommentItem, type ThreadContext } from './comment-item.tsx';
import { loadLaterStrings, t, tn } from './i18n.ts';
import { insert, mergeNew } from './live-merge.ts';
import { useNewComments } from './live-updates.ts';
import { heldIds, keepSession, session } from './reader-store.ts';
import type { Comment, PageInfo, Sort } from './types.ts';

function collectNames(list: Comment[], into = new Map<string, string>()): Map<string, string> {
  for (const c of list) {
    into.set(c.id, c.authorName);
    collectNames(c.replies, into);
  }
  return into;
}

/** The list after an author edited (replace), deleted (remove) or deleted a replied-to comment. */
function change(list: Comment[], id: string, to: Comment | 'deleted' | 'placeholder'): Comment[] {
  return list.flatMap((c) => {
    if (c.id !== id) return [c.replies.length ? { ...c, replies: change(c.replies, id, to) } : c];
    if (to === 'deleted') return [];
    return [to === 'placeholder' ? { ...c, deleted: true, authorName: '', bodyHtml: '' } : to];
  });
}

/** The comments section: heading, sort, form, thread, "load more". */
export function CommentsApp({ api, subscribe, pollSeconds }: { api: CommentsApi; subscribe: SubscribeApi; pollSeconds: number }) {
  const [sort, setSort] = useState<Sort>('newest');
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [page, setPage] = useState<PageInfo | null>(null);
  const [comments, setComments] = useState<Comment[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState('');
  const [replyingTo, setReplyingTo] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  const [me, setMe] = useState(session);
  // Plain functions rather than memoised ones: nothing below compares them between renders.
  const announce = (text: string) => {
    // Clearing first makes screen readers repeat a message that is the same as the last one.
    setMessage('');
    setTimeout(() => setMessage(text), 50);
  };

  const load = async (order: Sort) => {
      setState('loading');
      try {
        const listing = await api.list(order);
        setPage(listing.page);
        setComments(listing.comments);
        setCursor(listing.nextCursor);
        setState('ready');
        // The reader's own comments awaiting review are theirs alone: never in the shared listing.
        if (heldIds(api.page).length || session()) {
          void import('./held-comments.ts')
            .then(async (m) => {
              const held = await m.fetchHeld(api);
              if (held.length) setComments((list) => m.withHeld(list, held));
            })
            .catch(() => undefined);
        }
        const hash = location.hash.startsWith('#comment-') ? decodeURIComponent(location.hash.slice(9)) : null;
        if (!hash) return;
        if (!collectNames(listing.comments).has(hash)) {
          // A link to a comment further down the discussion: fetch its thread and show it first.
          const { thread } = await api.thread(hash).catch(() => ({ thread: null }));
          if (!thread) return;
          setComments((list) => [thread, ...list.filter((c) => c.id !== thread.id)]);
        }
        setHighlightId(hash);
        void loadLaterStrings().then(() => announce(t('linkedComment')));
      } catch {
        setState('error');
      }
  };

  useEffect(() => {
    void load(sort);
  }, [sort]);

  // Signing in: a one-time link brought the reader here, or the host page vouches for them (SSO).
  useEffect(() => {
    const link = /parley-signin=([\w-]+)/.exec(location.hash)?.[1];
    if (link || api.sso) void import('./account.tsx').then((m) => m.exchange(api, link, announce)).then((s) => s && setMe(s));
    else if (me?.kind === 'sso') {
      // The host page no longer vouches for this reader: they signed out there.
      keepSession(null);
      setMe(null);
    }
  }, []);

  // Comments published since the listing loaded: announced politely, shown on request.
  const waiting = useNewComments(api.base, api.page, state === 'ready' ? page?.commentCount : undefined, pollSeconds);
  useEffect(() => void (waiting > 0 && announce(tn('newComments', waiting))), [waiting]);
  // A second click meanwhile merges the same comments again, which adds nothing. (The merge is
  // part of the app: in a chunk of its own it cost a reader who clicks twice its size.)
  const reveal = () =>
    api.list('newest', null, (page?.commentCount ?? 0) + waiting).then((listing) => {
      const { list, added } = mergeNew(comments, listing.comments, sort);
      setComments(list);
      setPage(listing.page);
      // The button goes; focus moves to the first new comment, where the button was.
      setFocusId(added[0] ?? null);
    }, () => announce(t('loadError')));

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError('');
    try {
      const listing = await api.list(sort, cursor);
      setComments((list) => [...list, ...listing.comments.filter((c) => !list.some((x) => x.id === c.id))]);
      setCursor(listing.nextCursor);
    } catch (err) {
      setMoreError(err instanceof ApiError ? err.message : t('loadError'));
    } finally {
      setLoadingMore(false);
    }
  };

  const onPosted = (comment: Comment) => {
    setComments((list) => insert(list, comment, sort));
    if (comment.status === 'approved') setPage((p) => (p ? { ...p, commentCount: p.commentCount + 1 } : p));
    setFocusId(comment.id);
  };

  const names = collectNames(comments);
  const onClosed = () => setPage((p) => (p ? { ...p, closed: true } : p));
  const onChanged = (id: string, to: Comment | 'deleted' | 'placeholder') => {
    setComments((list) => change(list, id, to));
    // A placeholder is no longer counted either: the heading counts what a reader can read.
    if (typeof to == 'string') setPage((p) => (p ? { ...p, commentCount: Math.max(0, p.commentCount - 1) } : p));
  };
  const ctx: ThreadContext = {
    api,
    closed: !!page?.closed,
    replyingTo,
    setReplyingTo,
    focusId,
    highlightId,
    names,
    onPosted,
    onChanged,
    me,
    editWindowMinutes: page?.editWindowMinutes ?? 15,
    announce,
    onClosed,
    // The button goes at once (so a second click cannot fetch the same replies twice) and comes
    // back if the fetch fails.
    moreReplies: (thread) => {
      const set = (to: Comment) => setComments((list) => change(list, thread.id, to));
      set({ ...thread, moreReplies: null });
      api.replies(thread.id, thread.moreReplies!).then(
        (more) => set({ ...thread, replies: [...thread.replies, ...more.replies], moreReplies: more.moreReplies }),
        () => (set(thread), announce(t('loadError'))),
      );
    },
  };

  return (
    <section class="parley" aria-labelledby="parley-heading">
      <div class="head">
        <h2 id="parley-heading">{page && page.commentCount > 0 ? tn('heading', page.commentCount) : t('headingEmpty')}</h2>
        <label class="sort">
          <span>{t('sortLabel')}</span>
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            <option value="newest">{t('sortNewest')}</option>
            <option value="oldest">{t('sortOldest')}</option>
            <option value="top">{t('sortTop')}</option>
          </select>
        </label>
      </div>
      {page?.closed ? <p class="closed">{t('closed')}</p> : state !== 'error' && <CommentForm api={api} subscribe={subscribe} onPosted={onPosted} announce={announce} onClosed={onClosed} me={me} setMe={setMe} />}
      {state === 'loading' && (
        <p class="status" aria-busy="true">
          {t('loading')}
        </p>
      )}
      {state === 'error' && (
        <div class="status" role="alert">
          <p>{t('loadError')}</p>
          <button type="button" onClick={() => void load(sort)}>
            {t('retry')}
          </button>
        </div>
      )}
      {waiting > 0 && (
        <button type="button" class="news" onClick={() => void reveal()}>
          {tn('newComments', waiting)}
        </button>
      )}
      {state === 'ready' && comments.length === 0 && <p class="status">{t('empty')}</p>}
      {state === 'ready' && comments.length > 0 && (
        <ol class="thread">
          {comments.map((c) => (
            <CommentItem key={c.id} comment={c} listedUnder={null} ctx={ctx} />
          ))}
        </ol>
      )}
      {state === 'ready' && cursor && (
        <div class="more">
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? t('loadingMore') : t('loadMore')}
          </button>
          {moreError && (
            <p class="form-error" role="alert">
              {moreError}
            </p>
          )}
        </div>
      )}
      <div class="sr-only" role="status" aria-live="polite">
        {message}
      </div>
    </section>
  );
}
