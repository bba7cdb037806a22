import { useEffect, useRef, useState } from 'preact/hooks';
import type { CommentsApi } from './api.ts';
import { Avatar } from './avatar.tsx';
import { CommentForm } from './comment-form.tsx';
import { t } from './i18n.ts';
import { RelativeTime } from './relative-time.tsx';
import { ReportForm } from './report-form.tsx';
import type { Comment } from './types.ts';

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
  announce(message: string): void;
  onClosed(): void;
}

/** One comment with its replies. */
export function CommentItem({ comment, listedUnder, ctx }: { comment: Comment; listedUnder: string | null; ctx: ThreadContext }) {
  const ref = useRef<HTMLElement>(null);
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  useEffect(() => {
    if (ctx.focusId === comment.id || ctx.highlightId === comment.id) {
      ref.current?.scrollIntoView({ block: 'center' });
      if (ctx.focusId === comment.id) ref.current?.focus();
    }
  }, [ctx.focusId, ctx.highlightId, comment.id]);
  // A reply listed under another comment than the one it answers was flattened by depth.
  const answers = comment.parentId && comment.parentId !== listedUnder ? ctx.names.get(comment.parentId) : undefined;
  const classes = ['comment', comment.pinned && 'pinned', comment.status === 'pending' && 'pending', ctx.highlightId === comment.id && 'highlight'].filter(Boolean).join(' ');

  return (
    <li>
      <article id={`comment-${comment.id}`} class={classes} ref={ref} tabIndex={-1} aria-label={comment.authorName}>
        <header class="meta">
          <Avatar name={comment.authorName} />
          <span class="author">{comment.authorName}</span>
          {comment.pinned && <span class="badge">{t('featured')}</span>}
          <RelativeTime iso={comment.createdAt} href={`#comment-${comment.id}`} />
          {comment.editedAt && <span class="muted">· {comment.editedBy === 'moderator' ? t('editedByModerator') : t('edited')}</span>}
        </header>
        {answers && <p class="answers">↪ {t('replyingTo', { name: answers })}</p>}
        {comment.status === 'pending' && <p class="pending-note">{t('pendingNote')}</p>}
        <div class="body" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
        {comment.status === 'approved' && (
          <div class="tools">
            {!ctx.closed && (
              <button type="button" class="link" aria-expanded={ctx.replyingTo === comment.id} onClick={() => ctx.setReplyingTo(ctx.replyingTo === comment.id ? null : comment.id)}>
                {t('reply')}
              </button>
            )}
            {reported ? (
              <span class="muted">{t('reportSent')}</span>
            ) : (
              <button type="button" class="link" aria-expanded={reporting} onClick={() => setReporting(!reporting)}>
                {t('report')}
              </button>
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
      {comment.replies.length > 0 && (
        <ol class="replies">
          {comment.replies.map((r) => (
            <CommentItem key={r.id} comment={r} listedUnder={comment.id} ctx={ctx} />
          ))}
        </ol>
      )}
    </li>
  );
}
