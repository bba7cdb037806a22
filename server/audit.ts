import type { AppDb } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import { newId } from './ids.ts';

/** Who did it: the signed-in editor. The email is copied so the log survives the editor's removal. */
export interface AuditActor {
  id: string;
  email: string;
}

/** What an editor did, to what, and why. */
export interface AuditEntry {
  siteId: string | null;
  action: string;
  commentId?: string | null;
  target?: string | null;
  beforeStatus?: string | null;
  afterStatus?: string | null;
  reason?: string | null;
}

/**
 * The insert of one audit entry, to run in the same atomic write as the action it records, so the
 * log never misses an action nor records one that did not happen. Every feature with an editor
 * action writes through here; moderation reads the log (moderation/audit.repo.ts).
 */
export function auditStatement(db: AppDb, actor: AuditActor, entry: AuditEntry, now: number) {
  return db.insert(auditLog).values({
    id: newId(),
    siteId: entry.siteId,
    editorId: actor.id,
    editorEmail: actor.email,
    action: entry.action,
    commentId: entry.commentId ?? null,
    target: entry.target ?? null,
    beforeStatus: entry.beforeStatus ?? null,
    afterStatus: entry.afterStatus ?? null,
    reason: entry.reason ?? null,
    createdAt: now,
  });
}
