import type { QueueComment } from '../api/models.ts';
import { StatusChip } from './status-chip.tsx';

/** The comment a reply answers, shown above it so the reply can be judged in context. */
export function ParentContext({ parent }: { parent: NonNullable<QueueComment['parent']> }) {
  return (
    <div class="parent">
      <p class="parent-label">
        In reply to <strong>{parent.authorName ?? 'a removed comment'}</strong>
        {parent.status && parent.status !== 'approved' ? (
          <>
            {' '}
            <StatusChip status={parent.status} />
          </>
        ) : null}
      </p>
      {parent.bodyHtml ? (
        <div class="parent-body comment-html" dangerouslySetInnerHTML={{ __html: parent.bodyHtml }} />
      ) : (
        <p class="parent-body muted">The comment replied to is no longer available.</p>
      )}
    </div>
  );
}
