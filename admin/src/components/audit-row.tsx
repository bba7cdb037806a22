import type { AuditEntry } from '../api/types.ts';
import { auditHref } from '../lib/routes.ts';
import { absoluteTime } from '../lib/time.ts';
import { RelativeTime } from './relative-time.tsx';

const ACTIONS: Record<string, string> = {
  approve: 'Approved',
  reject: 'Rejected',
  spam: 'Marked as spam',
  delete: 'Deleted',
  restore: 'Restored',
  pin: 'Featured',
  unpin: 'Unfeatured',
  edit: 'Edited a comment',
  ban: 'Banned an author',
  unban: 'Lifted a ban',
  'page.close': 'Closed a thread',
  'page.reopen': 'Reopened a thread',
  'settings.update': 'Changed settings',
  'flags.clear': 'Kept (cleared reports)',
};

function details(entry: AuditEntry): string[] {
  const parts: string[] = [];
  if (entry.beforeStatus && entry.afterStatus) parts.push(`${entry.beforeStatus} → ${entry.afterStatus}`);
  if (entry.target) {
    if (entry.action === 'ban' || entry.action === 'unban') parts.push(`by ${entry.target === 'ip' ? 'network address' : entry.target}`);
    else if (entry.action === 'settings.update') parts.push(entry.target.split(',').join(', '));
    else parts.push(entry.target);
  }
  if (entry.reason) parts.push(`“${entry.reason}”`);
  return parts;
}

/** One line of the audit log. */
export function AuditRow({ entry, editorFilter }: { entry: AuditEntry; editorFilter: string }) {
  const parts = details(entry);
  return (
    <tr>
      <td data-label="When">
        <RelativeTime value={entry.createdAt} />
        <span class="visually-hidden"> ({absoluteTime(entry.createdAt)})</span>
      </td>
      <td data-label="Editor">
        <span class="break">{entry.editorEmail ?? 'unknown'}</span>
      </td>
      <td data-label="Action">
        <span class={`audit-action audit-${entry.action.replace('.', '-')}`}>{ACTIONS[entry.action] ?? entry.action}</span>
      </td>
      <td data-label="Comment">
        {entry.commentId ? (
          <a href={auditHref({ comment: entry.commentId, editor: editorFilter })} title="Show only this comment’s history">
            <code>{entry.commentId.slice(0, 10)}</code>
            <span class="visually-hidden"> (show only this comment)</span>
          </a>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Details">{parts.length > 0 ? parts.join(' · ') : <span class="muted">—</span>}</td>
    </tr>
  );
}
