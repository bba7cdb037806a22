import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CommentAction, QueueComment, QueueName } from '../api/models.ts';
import { highlightWords } from '../lib/highlight-words.ts';
import { auditHref, queueHref } from '../lib/routes.ts';
import { AuthorHistory } from './author-history.tsx';
import { BanAuthorForm, type BanChoice } from './ban-author-form.tsx';
import { EditForm } from './edit-form.tsx';
import { FlagReports } from './flag-reports.tsx';
import { KeyHint } from './key-hint.tsx';
import { ParentContext } from './parent-context.tsx';
import { RejectForm } from './reject-form.tsx';
import { RelativeTime } from './relative-time.tsx';
import { StatusChip } from './status-chip.tsx';

export type PanelKind = 'reject' | 'edit' | 'ban';

interface Props {
  item: QueueComment;
  queue: QueueName;
  selected: boolean;
  checked: boolean;
  busy: boolean;
  panel: PanelKind | null;
  itemRef: (el: HTMLElement | null) => void;
  onSelect: () => void;
  onToggleChecked: () => void;
  onAction: (action: CommentAction, reason?: string) => void;
  onPanel: (kind: PanelKind | null) => void;
  onEdit: (body: string) => Promise<void>;
  onBan: (choice: BanChoice) => Promise<void>;
  onTogglePage: () => void;
}

/** One comment in a queue: who, where, why it is here, its context, and what can be done with it. */
export function QueueItem(props: Props) {
  const { item, selected, checked, busy, panel } = props;
  const titleId = `item-${item.id}-title`;
  const topLevel = item.parentId === null;
  const pageLabel = item.page.title || item.page.key;
  const pageUrl = item.page.url && /^https?:\/\//i.test(item.page.url) ? item.page.url : null;
  const closePanel = () => props.onPanel(null);
  // Approving a published comment that readers reported keeps it and clears the reports.
  const keep = item.status === 'approved' && item.flagCount > 0;
  // A comment its reader deleted is final: no approving, rejecting, editing or banning an empty
  // shell. A placeholder that still holds replies together can be removed; nothing else.
  const gone = item.deletedByAuthor;
  const authorName = gone ? 'Deleted by its author' : item.authorName;

  return (
    <article
      class={`item${selected ? ' is-selected' : ''}${checked ? ' is-checked' : ''}${busy ? ' is-busy' : ''}`}
      aria-labelledby={titleId}
      aria-busy={busy ? 'true' : undefined}
      tabIndex={-1}
      ref={props.itemRef}
      data-comment-id={item.id}
      onFocusIn={props.onSelect}
      onClick={props.onSelect}
    >
      <header class="item-head">
        <input
          type="checkbox"
          class="item-check"
          checked={checked}
          onChange={props.onToggleChecked}
          aria-label={`Select the comment by ${authorName}`}
          disabled={gone}
        />
        <div class="item-who">
          <h2 class="item-author" id={titleId}>
            {authorName}
          </h2>
          {gone ? null : item.authorEmail ? <span class="item-email">{item.authorEmail}</span> : <span class="item-email muted">no email</span>}
          <span class="item-time">
            <RelativeTime value={item.createdAt} />
          </span>
        </div>
        <div class="item-chips">
          {gone ? (
            <span class="chip chip-quiet" title={item.status === 'deleted' ? undefined : 'Readers see “[deleted]” in its place, above its replies'}>
              {item.status === 'deleted' ? 'Deleted by author' : 'Placeholder'}
            </span>
          ) : (
            <StatusChip status={item.status} />
          )}
          {item.pinned ? <span class="chip chip-featured">Featured</span> : null}
          {item.flagCount > 0 ? (
            <span class="chip chip-flags">
              {item.flagCount} {item.flagCount === 1 ? 'flag' : 'flags'}
            </span>
          ) : null}
          {item.editedAt ? (
            <span class="chip chip-quiet" title={`Edited by ${item.editedBy === 'moderator' ? 'a moderator' : 'the author'}`}>
              Edited{item.editedBy === 'moderator' ? ' by moderator' : ''}
            </span>
          ) : null}
        </div>
      </header>

      <p class="item-page">
        <span class="muted">On </span>
        {pageUrl ? (
          <a href={pageUrl} target="_blank" rel="noopener noreferrer">
            {pageLabel}
            <span class="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : (
          <span>{pageLabel}</span>
        )}
        {item.page.closed ? <span class="chip chip-quiet">Comments closed</span> : null}
        <a class="item-page-filter" href={queueHref('all', { page: item.page.key })}>
          All comments on this article
        </a>
      </p>

      {item.parent ? <ParentContext parent={item.parent} /> : null}

      {item.heldReasons.length > 0 ? (
        <div class="held">
          <p class="held-title">Held because</p>
          <ul>
            {item.heldReasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {item.spamScore > 0 ? (
        <p class="spam-score">
          <span class={`chip ${item.status === 'spam' ? 'chip-spam' : 'chip-pending'}`}>Spam score {formatScore(item.spamScore)}</span>{' '}
          {item.spamReasons.join(' · ')}
        </p>
      ) : null}

      {item.flags ? <FlagReports flags={item.flags} /> : null}

      {gone ? (
        <p class="item-body item-gone">
          {item.status === 'deleted'
            ? 'Its author deleted this comment. Its words and name are gone; there is nothing left to moderate.'
            : 'Its author deleted this comment. Readers see a “[deleted]” placeholder holding its replies together; it does not count as a comment.'}
        </p>
      ) : panel === 'edit' ? (
        <EditForm id={item.id} source={item.bodySource} onSave={props.onEdit} onCancel={closePanel} />
      ) : (
        <CommentBody html={item.bodyHtml} words={heldWords(item.heldReasons)} />
      )}

      {gone ? null : <AuthorHistory history={item.author} hasEmail={!!item.authorEmail} />}

      {gone ? (
        <div class="actions" role="group" aria-label="What can be done with this deleted comment">
          <div class="actions-more">
            {item.status !== 'deleted' ? (
              <button type="button" class="button button-quiet button-quiet-danger" disabled={busy} onClick={() => props.onAction('delete')}>
                Remove placeholder
              </button>
            ) : null}
            <a class="button button-quiet" href={auditHref({ comment: item.id })}>
              History
            </a>
          </div>
        </div>
      ) : (
      <div class="actions" role="group" aria-label={`Moderate the comment by ${item.authorName}`}>
        <div class="actions-main">
          {item.status !== 'approved' || keep ? (
            <button
              type="button"
              class="button button-approve"
              disabled={busy}
              aria-keyshortcuts="a"
              title={keep ? 'Keep it published and clear the reports' : undefined}
              onClick={() => props.onAction('approve')}
            >
              {keep ? 'Keep' : 'Approve'} <KeyHint k="A" />
            </button>
          ) : null}
          {item.status !== 'rejected' ? (
            <button
              type="button"
              class="button button-reject"
              disabled={busy}
              aria-keyshortcuts="r"
              aria-expanded={panel === 'reject'}
              onClick={() => props.onPanel(panel === 'reject' ? null : 'reject')}
            >
              Reject… <KeyHint k="R" />
            </button>
          ) : null}
          {item.status !== 'spam' ? (
            <button type="button" class="button" disabled={busy} aria-keyshortcuts="s" onClick={() => props.onAction('spam')}>
              Spam <KeyHint k="S" />
            </button>
          ) : null}
        </div>
        <div class="actions-more">
          {topLevel ? (
            <button type="button" class="button button-quiet" disabled={busy} aria-keyshortcuts="p" onClick={() => props.onAction(item.pinned ? 'unpin' : 'pin')}>
              {item.pinned ? 'Unfeature' : 'Feature'} <KeyHint k="P" />
            </button>
          ) : null}
          <button type="button" class="button button-quiet" disabled={busy} aria-expanded={panel === 'edit'} onClick={() => props.onPanel(panel === 'edit' ? null : 'edit')}>
            Edit
          </button>
          <button type="button" class="button button-quiet" disabled={busy} aria-expanded={panel === 'ban'} onClick={() => props.onPanel(panel === 'ban' ? null : 'ban')}>
            Ban author…
          </button>
          <button type="button" class="button button-quiet" disabled={busy} onClick={props.onTogglePage}>
            {item.page.closed ? 'Reopen thread' : 'Close thread'}
          </button>
          {item.status === 'deleted' ? (
            <button type="button" class="button button-quiet" disabled={busy} onClick={() => props.onAction('restore')}>
              Restore
            </button>
          ) : (
            <button type="button" class="button button-quiet button-quiet-danger" disabled={busy} onClick={() => props.onAction('delete')}>
              Delete
            </button>
          )}
          <a class="button button-quiet" href={auditHref({ comment: item.id })}>
            History
          </a>
        </div>
      </div>
      )}

      {panel === 'reject' ? <RejectForm id={item.id} busy={busy} onReject={(reason) => props.onAction('reject', reason || undefined)} onCancel={closePanel} /> : null}
      {panel === 'ban' ? <BanAuthorForm item={item} onBan={props.onBan} onCancel={closePanel} /> : null}
    </article>
  );
}

const SUSPECT_PREFIX = 'Suspect words: ';

/** The listed words a comment was held for, from its held reasons ("Suspect words: a, b"). */
function heldWords(reasons: readonly string[]): string[] {
  return reasons.filter((r) => r.startsWith(SUSPECT_PREFIX)).flatMap((r) => r.slice(SUSPECT_PREFIX.length).split(', ')).filter(Boolean);
}

/** The comment's sanitised HTML, with the words that held it marked in its text. */
function CommentBody({ html, words }: { html: string; words: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = words.join('\n');
  useLayoutEffect(() => {
    if (ref.current && words.length > 0) highlightWords(ref.current, words);
    // Re-run when the text (set anew by Preact) or the words change.
  }, [html, key]);
  // Keyed on the HTML and words, so a changed body gets a fresh element rather than marks on stale text.
  return <div key={`${html}\u0000${key}`} ref={ref} class="item-body comment-html" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Scores are sums of small whole numbers; keep a fraction from a checker readable. */
function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}
