import type { AuthorHistory as History } from '../api/models.ts';
import { absoluteTime, relativeTime } from '../lib/time.ts';

/** What the author has written on this site before: "3 approved · 1 rejected · first seen 2 months ago". */
export function AuthorHistory({ history, hasEmail }: { history: History | null; hasEmail: boolean }) {
  if (!history) {
    return <p class="item-history muted">{hasEmail ? 'No history yet.' : 'No email given, so no history.'}</p>;
  }
  const firstComment = history.total <= 1;
  return (
    <p class="item-history">
      <span class="visually-hidden">Author history: </span>
      {firstComment ? (
        <strong class="history-first">First comment</strong>
      ) : (
        <>
          <span>{history.approved} approved</span>
          <span aria-hidden="true"> · </span>
          <span class={history.rejected > 0 ? 'history-bad' : undefined}>{history.rejected} rejected</span>
          <span aria-hidden="true"> · </span>
          <span>{history.total} in all</span>
        </>
      )}
      <span aria-hidden="true"> · </span>
      <span title={absoluteTime(history.firstSeen)}>first seen {relativeTime(history.firstSeen)}</span>
    </p>
  );
}
