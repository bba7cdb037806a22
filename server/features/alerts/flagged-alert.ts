import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import type { FlaggedComment, PublishContext } from '../../hooks.ts';
import { newId } from '../../ids.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import { flaggedEmail } from './alert-emails.ts';
import { accountUrl, alertOffUrl, queueUrl } from './alert-links.ts';
import { dropUnlessCrossedStatement, flaggedAlertRecipients, reportedComment } from './alerts.repo.ts';

/**
 * The emails to the editors who asked for report alerts on the site, for the write that stores a
 * reader's report. Each is kept only if that report is new and brings the comment to the site's
 * report threshold (flagThreshold in the site's settings, 3 unless changed): the check runs in
 * the write itself, so in a burst of reports exactly one crosses it, and the key
 * `alert-flagged-<comment>-<editor>` mails each editor once per comment.
 */
export async function flaggedAlertStatements(db: AppDb, ctx: PublishContext, flagged: FlaggedComment): Promise<AtomicStatement[]> {
  const recipients = await flaggedAlertRecipients(db, ctx.site.id);
  if (recipients.length === 0) return [];
  const comment = await reportedComment(db, flagged.id);
  if (!comment) return [];
  const threshold = ctx.site.settings.flagThreshold;
  // Hidden until reviewed, it waits in the Pending queue; else it stays up, in Flagged.
  const queue = queueUrl(ctx.publicUrl, ctx.site.id, ctx.site.settings.hideFlaggedUntilReviewed ? 'pending' : 'flagged', comment.pageKey);
  const statements: AtomicStatement[] = [];
  for (const r of recipients) {
    const off = await alertOffUrl(ctx.secret, ctx.publicUrl, { editorId: r.editorId, siteId: ctx.site.id, kind: 'flagged' });
    const email = flaggedEmail({ siteName: ctx.site.name, threshold, comment, links: { queue, off, account: accountUrl(ctx.publicUrl) } });
    const outboxId = newId();
    statements.push(
      enqueueStatement(db, { id: outboxId, siteId: ctx.site.id, kind: 'alert-flagged', to: r.email, ...email, idempotencyKey: `alert-flagged-${flagged.id}-${r.editorId}` }, ctx.now),
      dropUnlessCrossedStatement(db, { outboxId, flagId: flagged.flagId, commentId: flagged.id, threshold }),
    );
  }
  return statements;
}
