import { Hono } from 'hono';
import { z } from 'zod';
import { atomic } from '../../../db/atomic.ts';
import type { CommentStatus } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { hmacHex } from '../../crypto.ts';
import { parseJsonBody } from '../../http/validation.ts';

import { matchWords, screenComment } from '../spam/index.ts';
import { findCommentForModeration, statusChangeStatements } from '../moderation/index.ts';
import { recogniseReader } from '../readers/index.ts';
import { publicWriteGuard } from '../../http/public-write-guard.ts';
import { type CommentRow, toCommentJson } from './comment-json.ts';
import { text } from '../../http/text-fields.ts';
import { authorEditStatement, authorKeyOf } from './comments.repo.ts';
import { modeStatus } from './moderation-mode.ts';
import { requireAuthor } from './own-comment.ts';
import { eraseCommentStatements, findOwnComment, hasApprovedReplies } from './own-comments.repo.ts';
import { renderCommentMarkdown } from '../../markdown.ts';
import { castVote } from './votes.repo.ts';
import { onCommentRemoved } from '../../hooks.ts';

const voteSchema = z.object({
  value: z.union([z.literal(0), z.literal(1)], { error: 'Value must be 1 (up-vote) or 0 (withdraw the vote).' }),
});
const editSchema = z.object({ body: text('Comment', 1, 10_000) });

/** Statuses whose text its author may still change: a moderator's verdict is final. */
const EDITABLE: CommentStatus[] = ['approved', 'pending'];

/** What a reader does to comments after posting: vote on others', edit and delete their own. */
export function readerActionsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/comments/:id/votes', async (c) => {
    const { db, now } = c.var.deps;
    const site = c.var.site;
    const input = await parseJsonBody(c, voteSchema);
    const comment = await findCommentForModeration(db, c.req.param('id'));
    if (!comment || comment.siteId !== site.id || comment.status !== 'approved') {
      throw new AppError('comment_not_found', 'There is no such published comment.');
    }
    const reader = await recogniseReader(c);
    const authorKey = await authorKeyOf(db, comment.id);
    if ((reader.browserKey && authorKey === reader.browserKey) || (reader.identityId && comment.identityId === reader.identityId)) {
      throw new AppError('own_comment', 'You cannot vote for your own comment.');
    }
    const at = now();
    await publicWriteGuard(c, {
      limits: (ipKey) => [{ key: `vote:ip:${ipKey}`, limit: site.settings.spam.rateLimits.vote, sliding: true }],
      tooFast: (wait) => `You are voting quickly. Please wait ${wait} and try again.`,
      botChecks: 'none',
    });
    const score = await castVote(db, { commentId: comment.id, voterKey: reader.voterKey, networkKey: reader.networkKey, value: input.value, now: at });
    return c.json({ score, voted: input.value === 1 });
  });

  // The Markdown the author wrote, for their edit form (the listing carries only the HTML).
  app.get('/comments/:id/source', async (c) => {
    const comment = await findOwnComment(c.var.deps.db, c.var.site.id, c.req.param('id'));
    if (!comment || comment.deletedAt !== null || comment.status === 'deleted') throw new AppError('comment_not_found', 'There is no such comment.');
    await requireAuthor(c, comment, (await recogniseReader(c)).identityId);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ body: comment.bodySource });
  });

  app.patch('/comments/:id', async (c) => {
    const { db, now, secret } = c.var.deps;
    const site = c.var.site;
    const input = await parseJsonBody(c, editSchema);
    const comment = await findOwnComment(db, site.id, c.req.param('id'));
    if (!comment || comment.deletedAt !== null || comment.status === 'deleted') throw new AppError('comment_not_found', 'There is no such comment.');
    const reader = await recogniseReader(c);
    await requireAuthor(c, comment, reader.identityId);
    const at = now();
    if (!EDITABLE.includes(comment.status)) throw new AppError('forbidden', 'This comment was moderated and can no longer be edited.');
    if (at - comment.createdAt > site.settings.editWindowMinutes * 60_000) {
      throw new AppError('edit_window_closed', `Comments can be edited for ${site.settings.editWindowMinutes} minutes after posting.`);
    }
    await publicWriteGuard(c, {
      limits: (ipKey) => [{ key: `edit:ip:${ipKey}`, limit: site.settings.spam.rateLimits.comment, sliding: true }],
      tooFast: (wait) => `You are editing quickly. Please wait ${wait} and try again.`,
      botChecks: 'none',
    });
    const ip = c.var.deps.clientIp(c);

    if (matchWords(input.body, site.settings.wordLists.banned).length > 0) {
      throw new AppError('content_rejected', 'Your comment contains language that is not allowed here. Please rephrase it.', { body: 'Contains language that is not allowed here.' });
    }
    // The edit goes through the checks a new comment would: a clean comment keeps its status, one
    // that now looks like spam or needs review leaves the page until a moderator has seen it.
    const screening = await screenComment(c, site, { authorName: comment.authorName, authorEmail: comment.authorEmail ?? undefined, body: input.body, pageUrl: undefined }, at);
    const held = [...screening.held];
    const suspect = matchWords(`${comment.authorName}\n${input.body}`, site.settings.wordLists.suspect);
    if (suspect.length > 0) held.push(`Suspect words: ${suspect.join(', ')}`);
    const mode = await modeStatus(db, site, comment.authorEmail ?? undefined);
    if (site.moderationMode === 'pre' && mode.reason) held.push(`Edited: ${mode.reason}`);
    const status: CommentStatus = screening.spam ? 'spam' : held.length > 0 ? 'pending' : comment.status;

    const ipHash = ip ? await hmacHex(secret, `ip:${ip}`) : undefined;
    const statements = status === comment.status ? [] : statusChangeStatements(db, comment, status, at);
    const update = authorEditStatement(
      db,
      comment.id,
      {
        bodySource: input.body,
        bodyHtml: renderCommentMarkdown(input.body),
        bodyHash: screening.bodyHash ?? null,
        spamScore: screening.spamScore,
        spamReasons: screening.spamReasons,
        heldReasons: held,
        ipHash,
      },
      at,
    );
    // An edit that takes a published comment off the page (now spam or held) tells the webhooks.
    const removed = comment.status === 'approved' && status !== 'approved' ? await onCommentRemoved(db, { siteId: site.id, now: at }, { id: comment.id, status }) : [];
    const results = await atomic(db, [...statements, update, ...removed]);
    const row = (results.at(-1 - removed.length) as CommentRow[])[0]!;
    return c.json({ comment: toCommentJson(row) });
  });

  app.delete('/comments/:id', async (c) => {
    const { db, now } = c.var.deps;
    const site = c.var.site;
    const comment = await findOwnComment(db, site.id, c.req.param('id'));
    if (!comment || comment.deletedAt !== null) throw new AppError('comment_not_found', 'There is no such comment.');
    const reader = await recogniseReader(c);
    await requireAuthor(c, comment, reader.identityId);
    const placeholder = comment.status === 'approved' && (await hasApprovedReplies(db, comment.id));
    const at = now();
    // A published comment its author deletes leaves the page: the webhooks hear of it, without its words.
    const removed = comment.status === 'approved' ? await onCommentRemoved(db, { siteId: site.id, now: at }, { id: comment.id, status: 'erased' }) : [];
    await atomic(db, [...eraseCommentStatements(db, comment, placeholder, at), ...removed]);
    return c.json({ deleted: true, placeholder });
  });

  return app;
}
