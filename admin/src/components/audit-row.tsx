import type { AuditEntry } from '../api/models.ts';
import { auditHref } from '../lib/routes.ts';
import { absoluteTime } from '../lib/time.ts';
import { RelativeTime } from './relative-time.tsx';
import { SPAM_FIELD_LABELS } from './spam-settings-fields.tsx';

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

/** Settings by the names the settings page gives them; the stored path shows on hover. */
const SETTING_LABELS: Record<string, string> = {
  name: 'Site name',
  moderationMode: 'Moderation',
  allowedOrigins: 'Allowed origins',
  flagThreshold: 'Flag threshold',
  autoCloseDays: 'Close comments after (days)',
  banAction: 'Banned commenters',
  editWindowMinutes: 'Edit window (minutes)',
  edgeCacheSeconds: 'CDN cache (seconds)',
  'wordLists.banned': 'Banned words',
  'wordLists.suspect': 'Suspect words',
  logoUrl: 'Logo',
  accentColor: 'Accent colour',
  ssoSecret: 'SSO secret',
  ...SPAM_FIELD_LABELS,
};

interface SettingChange {
  setting: string;
  before: string;
  after: string;
}

/**
 * The settings an entry changed, before → after. Entries written before the log kept values
 * hold a comma-separated list of the fields that were sent; they are shown as they are.
 */
function settingChanges(target: string): SettingChange[] | undefined {
  if (!target.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(target);
    return Array.isArray(parsed) ? (parsed as SettingChange[]).filter((c) => c && typeof c.setting === 'string') : undefined;
  } catch {
    return undefined;
  }
}

function details(entry: AuditEntry): string[] {
  const parts: string[] = [];
  if (entry.beforeStatus && entry.afterStatus) parts.push(`${entry.beforeStatus} → ${entry.afterStatus}`);
  if (entry.target) {
    if (entry.action === 'ban' || entry.action === 'unban') parts.push(`by ${entry.target === 'ip' ? 'network address' : entry.target}`);
    else if (entry.action === 'settings.update') {
      if (!settingChanges(entry.target)) parts.push(entry.target.split(',').join(', '));
    } else parts.push(entry.target);
  }
  if (entry.reason) parts.push(`“${entry.reason}”`);
  return parts;
}

/** One line of the audit log. */
export function AuditRow({ entry, editorFilter }: { entry: AuditEntry; editorFilter: string }) {
  const parts = details(entry);
  const changes = entry.action === 'settings.update' && entry.target ? settingChanges(entry.target) : undefined;
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
          <a class="audit-comment" href={auditHref({ comment: entry.commentId, editor: editorFilter })} title="Show only this comment’s history">
            {entry.comment && !entry.comment.deleted ? (
              <>
                <strong>{entry.comment.authorName || 'Anonymous'}</strong>
                {entry.comment.excerpt ? <span class="audit-excerpt">“{entry.comment.excerpt}”</span> : null}
              </>
            ) : (
              <span class="muted">{entry.comment?.deleted ? 'Deleted by its author' : 'A comment no longer stored'}</span>
            )}
            <span class="visually-hidden"> (show only this comment)</span>
          </a>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td data-label="Details">
        {changes ? (
          <ul class="audit-changes">
            {changes.map((c) => (
              <li key={c.setting}>
                <span class="audit-setting" title={c.setting}>
                  {SETTING_LABELS[c.setting] ?? c.setting}
                </span>
                : <span class={c.before === '(none)' ? 'muted' : 'audit-before'}>{c.before}</span> → <span class="audit-after">{c.after}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {parts.length > 0 ? parts.join(' · ') : changes ? null : <span class="muted">—</span>}
      </td>
    </tr>
  );
}
