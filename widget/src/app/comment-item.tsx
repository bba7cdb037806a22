import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type CommentsApi } from './api.ts';
import { Avatar } from './avatar.tsx';
import { CommentForm } from './comment-form.tsx';
import { loadLaterStrings, t, tn } from './i18n.ts';
import { editToken, keepVote, type Session, voted } from './reader-store.ts';
import { RelativeTime } from './relative-time.tsx';
import { lazy } from './lazy.tsx';
import type { Comment } from './types.ts';

const ReportForm = lazy(() => import('./report-form.tsx').then((m) => m.ReportForm));
const OwnCommentTools = lazy(() => import('./own-comment-tools.tsx').then((m) => m.OwnCommentTools));

export interface ThreadContext {
  api: CommentsApi;
  closed: boolean;
  replyingTo: string | null;
  setReplyingTo(id: string | null): void;
  focusId: string | null;
  highlightId: string | null;
  /** Author names by comment id, to say whom a flattened reply answers. */
  names: Map<string, string>;
  onPosted(comment: Comment): void;
  /** Replaces a comment after its author edited it, or removes it (or leaves a placeholder). */
  onChanged(id: string, change: Comment | 'deleted' | 'placeholder'): void;
  /** The signed-in reader, for replies written signed in. */
  me: Session | null;
  /** Minutes after posting during which an author may edit. */
  editWindowMinutes: number;
  announce(message: string): void;
  onClosed(): void;
  /** Fetches a thread's further replies (its "more replies" cursor) into the list. */
  moreReplies(thread: Comment): void;
}

/** One comment with its replies. */
export function CommentItem({ comment, listedUnder, ctx }: { comment: Comment; listedUnder: string | null; ctx: ThreadContext }) {
  const ref = useRef<HTMLElement>(null);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  const [score, setScore] = useState(comment.score);
  const [up, setUp] = useState(() => voted(comment.id));
  const [owning, setOwning] = useState<'edit' | 'delete' | null>(null);
  // Written in this browser: its edit token is kept here (reader-store).
  const token = editToken(comment.id);
  const editLeft = ctx.editWindowMinutes * 60_000 - (Date.now() - Date.parse(comment.createdAt));
  const editable = token !== null && editLeft > 0;
  // While the author may still edit, the minutes left count down (and Edit goes when they end).
  const [, tick] = useState(0);
  useEffect(() => {
    if (!editable) return;
    const timer = setInterval(() => tick((n) => n + 1), 20_000);
    return () => clearInterval(timer);
  }, [editable]);
  // A long comment opens folded, so one essay does not push the discussion off the screen.
  const [unfolded, setUnfolded] = useState(comment.bodyHtml.length < 1200);

  const vote = async () => {
    const value = up ? 0 : 1;
    setUp(!up);
    setScore(score + (up ? -1 : 1));
    keepVote(comment.id, !up);
    try {
      setScore((await ctx.api.vote(comment.id, value)).score);
    } catch (e) {
      setUp(up);
      setScore(score);
      keepVote(comment.id, up);
      ctx.announce(e instanceof ApiError ? e.message : t('networkError'));
    }
  };
  useEffect(() => {
    if (ctx.focusId === comment.id || ctx.highlightId === comment.id) {
      ref.current?.scrollIntoView({ block: 'center' });
      if (ctx.focusId === comment.id) ref.current?.focus();
    }
  }, [ctx.focusId, ctx.highlightId, comment.id]);
  // A reply listed under another comment than the one it answers was flattened by depth.
  const answers = comment.parentId && comment.parentId !== listedUnder ? ctx.names.get(comment.parentId) : undefined;
  const classes = ['comment', comment.pinned && 'pinned', comment.status === 'pending' && 'pending', (ctx.highlightId === comment.id || comment.toYou) && 'highlight'].filter(Boolean).join(' ');

  const replies = (comment.replies.length > 0 || comment.moreReplies) && (
    <ol class="replies">
      {comment.replies.map((r) => (
        <CommentItem key={r.id} comment={r} listedUnder={comment.id} ctx={ctx} />
      ))}
      {comment.moreReplies && (
        <li>
          <button type="button" class="link" onClick={() => ctx.moreReplies(comment)}>
            {t('loadMore')}
          </button>
        </li>
      )}
    </ol>
  );
  // A placeholder keeps the thread's shape: its author deleted it, or a moderator removed it.
  if (comment.deleted || comment.removed) {
    return (
      <li>
        <article id={`comment-${comment.id}`} class="comment deleted" ref={ref} tabIndex={-1}>
          <p class="muted">{t(comment.removed ? 'removedPlaceholder' : 'deletedPlaceholder')}</p>
        </article>
        {replies}
      </li>
    );
  }

  return (
    <li>
      <article id={`comment-${comment.id}`} class={classes} ref={ref} tabIndex={-1} aria-label={comment.authorName}>
        <header class="meta">
          {comment.avatarUrl ? <img class="avatar" src={comment.avatarUrl} alt="" loading="lazy" referrerpolicy="no-referrer" /> : <Avatar name={comment.authorName} />}
          <span class="author" dir="auto">
            {comment.authorName}
          </span>
          {comment.verified && (
            <span class="badge" title={t('verified')}>
              ✓<span class="sr-only"> {t('verified')}</span>
            </span>
          )}
          {comment.pinned && <span class="badge">{t('featured')}</span>}
          <RelativeTime iso={comment.createdAt} href={`#comment-${comment.id}`} />
          {comment.editedAt && <span class="muted">· {comment.editedBy === 'moderator' ? t('editedByModerator') : t('edited')}</span>}
        </header>
        {answers && (
          <p class="answers" dir="auto">
            ↪ {t('replyingTo', { name: answers })}
          </p>
        )}
        {comment.status === 'pending' && <p class="pending-note">{t('pendingNote')}</p>}
        {owning === 'edit' ? null : (
          <>
            {/* dir="auto": English in an Arabic page (and the reverse) keeps its own direction. */}
            <div class={unfolded ? 'body' : 'body folded'} id={`body-${comment.id}`} dir="auto" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
            {!unfolded && (
              <button type="button" class="link" aria-expanded="false" aria-controls={`body-${comment.id}`} onClick={() => setUnfolded(true)}>
                {t('readMore')}
              </button>
            )}
          </>
        )}
        {owning && token && (
          <OwnCommentTools
            api={ctx.api}
            comment={comment}
            token={token}
            mode={owning}
            announce={ctx.announce}
            onCancel={() => setOwning(null)}
            onDone={(result) => {
              setOwning(null);
              ctx.onChanged(comment.id, 'edited' in result ? result.edited : result.deleted ? 'deleted' : 'placeholder');
            }}
          />
        )}
        {!owning && (
          <div class="tools">
            {comment.status === 'approved' &&
              (token ? (
                score > 0 && <span class="muted">▲ {score}</span>
              ) : (
                <button type="button" class="link vote" aria-pressed={up} onClick={() => void vote()}>
                  <span class="sr-only">{t('upvote', { count: tn('votes', score) })}</span>
                  <span aria-hidden="true">▲ {score}</span>
                </button>
              ))}
            {comment.status === 'approved' && !ctx.closed && (
              <button type="button" class="link" aria-expanded={ctx.replyingTo === comment.id} onClick={() => void loadLaterStrings().then(() => ctx.setReplyingTo(ctx.replyingTo === comment.id ? null : comment.id))}>
                {t('reply')}
              </button>
            )}
            {editable && (
              <button type="button" class="link" aria-describedby={`edit-left-${comment.id}`} onClick={() => setOwning('edit')}>
                {t('edit')}
              </button>
            )}
            {token && (
              <button type="button" class="link" onClick={() => setOwning('delete')}>
                {t('delete')}
              </button>
            )}
            {comment.status === 'approved' &&
              !token &&
              (reported ? (
                <span class="muted">{t('reportSent')}</span>
              ) : (
                <button type="button" class="link" aria-expanded={reporting} onClick={() => setReporting(!reporting)}>
                  {t('report')}
                </button>
              ))}
            {editable && (
              <span class="muted" id={`edit-left-${comment.id}`}>
                {tn('editFor', Math.ceil(editLeft / 60_000))}
              </span>
            )}
          </div>
        )}
        {reporting && (
          <ReportForm
            api={ctx.api}
            commentId={comment.id}
            announce={ctx.announce}
            onDone={(sent) => {
              setReporting(false);
              setReported(sent);
            }}
          />
        )}
        {ctx.replyingTo === comment.id && (
          <CommentForm
            api={ctx.api}
            me={ctx.me}
            parent={comment}
            announce={ctx.announce}
            onClosed={ctx.onClosed}
            onCancel={() => ctx.setReplyingTo(null)}
            onPosted={(c) => {
              ctx.setReplyingTo(null);
              ctx.onPosted(c);
            }}
          />
        )}
      </article>
      {replies}
    </li>
  );
}
