import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { emailButton, emailLayout, escapeHtml } from '../../mail/email-html.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import type { PublishContext, PublishedComment } from '../../hooks.ts';
import { unsubscribeLinks } from './recipients.ts';
import { replySubscriber } from './subscriptions.repo.ts';

/**
 * The email telling a commenter about a published reply to their comment, if they asked for
 * reply notifications and confirmed the address; none for replying to oneself. The idempotency
 * key is the reply's, so a reply approved, rejected and approved again still mails once.
 * Nothing the replier typed goes into the subject.
 */
export async function replyNotificationStatements(db: AppDb, ctx: PublishContext, reply: PublishedComment): Promise<AtomicStatement[]> {
  if (!reply.parentId) return [];
  const target = await replySubscriber(db, reply.parentId);
  if (!target || (reply.authorEmail && reply.authorEmail.toLowerCase() === target.email)) return [];
  const links = await unsubscribeLinks(ctx.secret, ctx.publicUrl, target);
  const commentUrl = `${target.pageUrl ?? ctx.publicUrl}#comment-${reply.id}`;
  const where = target.pageTitle ? `“${target.pageTitle}”` : ctx.site.name;
  const html = emailLayout({
    siteName: ctx.site.name,
    bodyHtml: `<p><strong>${escapeHtml(reply.authorName)}</strong> replied to your comment on ${escapeHtml(where)}:</p><blockquote style="margin:0;padding:0 0 0 12px;border-left:3px solid #ddd;color:#333">${reply.bodyHtml}</blockquote>${emailButton(commentUrl, 'Read and reply')}`,
    footerHtml: `You receive this because you asked to be told about replies to your comment.<br><a href="${escapeHtml(links.url)}">Stop replies to this comment</a> · <a href="${escapeHtml(links.manageUrl)}">Manage your subscriptions</a>`,
  });
  const text = `${reply.authorName} replied to your comment on ${where}:\n\n${reply.bodySource}\n\nRead and reply: ${commentUrl}\n\n--\nStop replies to this comment: ${links.url}\nManage your subscriptions: ${links.manageUrl}\n`;
  return [
    enqueueStatement(
      db,
      {
        siteId: ctx.site.id,
        kind: 'reply',
        to: target.email,
        subject: `New reply to your comment on ${ctx.site.name}`,
        html,
        text,
        headers: { 'List-Unsubscribe': `<${links.url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        idempotencyKey: `reply-${reply.id}`,
      },
      ctx.now,
    ),
  ];
}
