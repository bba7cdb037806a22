import { type Context, Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { z } from 'zod';
import { atomic, changesOf } from '../../../db/atomic.ts';
import { BAN_KINDS, type CommentStatus } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../http/time-cursor.ts';
import { jsonBody, queryOf } from '../../http/typed-validators.ts';
import { renderCommentMarkdown } from '../../markdown.ts';
import { adminSiteFromBody, adminSiteFromQuery, findSite, pageKeyFromPath } from '../sites/index.ts';
import { auditStatement } from '../../audit.ts';
import { listAudit, statusBeforeLastChange } from './audit.repo.ts';
import { type Ban, deleteBanStatement, findBan, listBans, saveBanStatement } from './bans.repo.ts';
import { clearFlagsStatements, findReplyForNotification, moderatorEditStatement, setPinnedStatement } from './comment-edits.repo.ts';
import { findPageId, setPageClosedStatement } from './pages.repo.ts';
import { authorHistories, findCommentForModeration, flagSummaries, listQueue, QUEUES, queueCounts } from './queue.repo.ts';
import { statusChangeStatements } from './status-change.ts';
// The hook for reactions to a published comment (server/hooks.ts), under the name this file calls it by.
import { onCommentPublished as replyNotificationStatements, onCommentRemoved } from '../../hooks.ts';

const ACTIONS = ['approve', 'reject', 'spam', 'delete', 'restore', 'pin', 'unpin'] as const;
type Action = (typeof ACTIONS)[number];

const STATUS_OF: Partial<Record<Action, CommentStatus>> = { approve: 'approved', reject: 'rejected', spam: 'spam', delete: 'deleted' };

const queueQuery = z.object({
  status: z.enum(QUEUES, { error: `Status must be one of ${QUEUES.join(', ')}.` }).default('pending'),
  q: z.string().trim().max(200).optional(),
  page: z.string().max(500).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const actionBody = z.object({
  action: z.enum(ACTIONS, { error: `Action must be one of ${ACTIONS.join(', ')}.` }),
  reason: z.string().trim().max(500, 'Reason must be at most 500 characters.').optional(),
});

const editBody = z.object({
  body: z.string().trim().min(1, 'Comment is required.').max(10_000, 'Comment must be at most 10,000 characters.'),
  reason: z.string().trim().max(500).optional(),
});

const banBody = z
  .object({
    kind: z.enum(BAN_KINDS, { error: 'Kind must be email, identity or ip.' }),
    value: z.string().trim().min(1).max(254).optional(),
    /** Ban whoever wrote this comment (by the chosen kind), without the editor seeing an IP hash. */
    commentId: z.string().max(64).optional(),
    reason: z.string().trim().max(500).optional(),
    expiresAt: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]).nullish(),
  })
  .refine((b) => b.value || b.commentId, { message: 'Give the value to ban, or the comment whose author to ban.', path: ['value'] });

const auditQuery = z.object({
  editor: z.string().max(64).optional(),
  comment: z.string().max(64).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** The opening of a comment's Markdown as plain-ish text: one line, at most 120 characters. */
function excerptOf(source: string): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119).trimEnd()}…` : flat;
}

function parseReasons(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

async function notificationsOnApprove(c: Context<AppEnv>, commentId: string, now: number) {
  const { db, secret, publicUrl } = c.var.deps;
  const reply = await findReplyForNotification(db, commentId);
  const site = reply ? await findSite(db, reply.siteId) : undefined;
  if (!reply || !site) return [];
  return replyNotificationStatements(db, { site, secret, publicUrl, now }, reply);
}

/**
 * A comment its reader deleted is final: its words and author are erased, so approving, rejecting,
 * restoring, featuring or editing it would publish an empty shell (and miscount the page). The one
 * thing left is to remove the "[deleted]" placeholder that still holds its replies together.
 */
function refuseIfDeletedByReader(comment: { deletedAt: number | null; status: CommentStatus }, action: Action | 'edit'): void {
  if (comment.deletedAt === null) return;
  if (action === 'delete' && comment.status !== 'deleted') return;
  throw new AppError(
    'conflict',
    comment.status === 'deleted'
      ? 'Its author deleted this comment; there is nothing left to moderate.'
      : 'Its author deleted this comment; only its "[deleted]" placeholder can be removed.',
  );
}

const factory = createFactory<AppEnv>();

/*
 * The site-scoped handlers are built once and mounted twice: under /sites/:site (the site loader
 * puts the site on the context) and, for one release, under their old `?site=` / body `site`
 * paths (see legacyModerationRoutes).
 */

const queueHandlers = factory.createHandlers(queryOf(queueQuery), async (c) => {
  const { db } = c.var.deps;
  const site = c.var.site;
  const q = c.req.valid('query');
  const rows = await listQueue(db, { siteId: site.id, queue: q.status, q: q.q, pageKey: q.page?.normalize('NFC'), before: decodeTimeCursor(q.cursor), limit: q.limit + 1, flagThreshold: site.settings.flagThreshold });
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const emails = [...new Set(shown.map((r) => r.authorEmail).filter((e): e is string => !!e))];
  const histories = await authorHistories(db, site.id, emails);
  const reported = await flagSummaries(db, shown.filter((r) => r.flagCount > 0).map((r) => r.id));
  const last = shown.at(-1);
  return c.json({
    comments: shown.map((r) => ({
      id: r.id,
      site: r.siteId,
      status: r.status,
      parentId: r.parentId,
      authorName: r.authorName,
      authorEmail: r.authorEmail,
      identityId: r.identityId,
      ipHash: r.ipHash,
      bodySource: r.bodySource,
      bodyHtml: r.bodyHtml,
      score: r.score,
      pinned: r.pinned,
      flagCount: r.flagCount,
      flags: reported.get(r.id) ?? null,
      spamScore: r.spamScore,
      spamReasons: parseReasons(r.spamReasons),
      heldReasons: parseReasons(r.heldReasons),
      createdAt: new Date(r.createdAt).toISOString(),
      editedAt: r.editedAt ? new Date(r.editedAt).toISOString() : null,
      editedBy: r.editedBy,
      /** Its reader deleted it: a placeholder (status approved) or gone (deleted); final either way. */
      deletedByAuthor: r.deletedAt !== null,
      page: { key: r.pageKey, title: r.pageTitle, url: r.pageUrl, closed: r.pageClosed },
      parent: r.parentId ? { id: r.parentId, authorName: r.parentAuthorName, bodyHtml: r.parentBodyHtml, status: r.parentStatus } : null,
      author: r.authorEmail ? (histories.get(r.authorEmail) ?? null) : null,
    })),
    nextCursor: more && last ? encodeTimeCursor(last) : null,
  });
});

const countsHandlers = factory.createHandlers(async (c) => {
  const site = c.var.site;
  return c.json({ counts: await queueCounts(c.var.deps.db, site.id, site.settings.flagThreshold) });
});

const bansHandlers = factory.createHandlers(async (c) => {
  const rows = await listBans(c.var.deps.db, c.var.site.id);
  return c.json({
    bans: rows.map(({ bannedByName, bannedByEmail, commentAuthor, commentExcerpt, commentPageTitle, commentPageKey, commentDeleted, ...b }) => ({
      ...b,
      createdAt: new Date(b.createdAt).toISOString(),
      expiresAt: b.expiresAt ? new Date(b.expiresAt).toISOString() : null,
      bannedBy: bannedByEmail ? { name: bannedByName, email: bannedByEmail } : null,
      // The comment that led to the ban: its author, opening words and story (nothing once its reader deleted it).
      comment:
        b.commentId === null
          ? null
          : commentDeleted || commentAuthor === null
            ? { id: b.commentId, authorName: null, excerpt: null, page: null, deleted: true }
            : { id: b.commentId, authorName: commentAuthor, excerpt: excerptOf(commentExcerpt ?? ''), page: commentPageTitle ?? commentPageKey, deleted: false },
    })),
  });
});

const banHandlers = factory.createHandlers(jsonBody(banBody), async (c) => {
  const { db, now } = c.var.deps;
  const siteId = c.var.site.id;
  const input = c.req.valid('json');
  let value = input.value;
  if (input.commentId) {
    const comment = await findCommentForModeration(db, input.commentId);
    if (!comment || comment.siteId !== siteId) throw new AppError('comment_not_found', 'There is no such comment on this site.');
    value = { email: comment.authorEmail, identity: comment.identityId, ip: comment.ipHash }[input.kind] ?? undefined;
    if (!value) {
      throw new AppError('invalid_request', `That comment has no ${input.kind === 'ip' ? 'IP address' : input.kind} to ban.`, { kind: 'Nothing to ban of this kind.' });
    }
  }
  if (input.kind === 'email') value = value!.toLowerCase();
  const at = now();
  const expiresAt = input.expiresAt == null ? null : typeof input.expiresAt === 'number' ? input.expiresAt : Date.parse(input.expiresAt);
  if (expiresAt !== null && expiresAt <= at) throw new AppError('invalid_request', 'The ban would already have expired.', { expiresAt: 'Must be in the future.' });
  const id = newId();
  const [rows] = await atomic(db, [
    saveBanStatement(db, { id, siteId, kind: input.kind, value: value!, reason: input.reason ?? null, commentId: input.commentId ?? null, expiresAt, createdBy: c.var.session.editor.id, createdAt: at }),
    auditStatement(db, c.var.session.editor, { siteId, action: 'ban', commentId: input.commentId, target: `${input.kind}`, reason: input.reason }, at),
  ]);
  const ban = (rows as Ban[])[0]!;
  return c.json({ ban: { ...ban, createdAt: new Date(ban.createdAt).toISOString(), expiresAt: ban.expiresAt ? new Date(ban.expiresAt).toISOString() : null } }, 201);
});

const auditHandlers = factory.createHandlers(queryOf(auditQuery), async (c) => {
  const { db } = c.var.deps;
  const q = c.req.valid('query');
  const rows = await listAudit(db, { siteId: c.var.site.id, editorId: q.editor, commentId: q.comment, before: decodeTimeCursor(q.cursor), limit: q.limit + 1 });
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown.at(-1);
  return c.json({
    entries: shown.map(({ commentAuthor, commentExcerpt, commentDeleted, ...e }) => ({
      ...e,
      createdAt: new Date(e.createdAt).toISOString(),
      // Who wrote the comment and how it began, so the log reads without opening each one.
      comment: e.commentId
        ? commentDeleted || commentAuthor === null
          ? { authorName: null, excerpt: null, deleted: true }
          : { authorName: commentAuthor, excerpt: excerptOf(commentExcerpt ?? ''), deleted: false }
        : null,
    })),
    nextCursor: more && last ? encodeTimeCursor(last) : null,
  });
});

/** Closes or reopens a page's thread (`/pages/:key/close` or `/reopen`). */
const pageClosing = (closed: boolean) =>
  factory.createHandlers(async (c) => {
    const { db, now } = c.var.deps;
    const siteId = c.var.site.id;
    const key = pageKeyFromPath(c.req.param('key') ?? '');
    const pageId = await findPageId(db, siteId, key);
    if (!pageId) throw new AppError('page_not_found', 'There is no page with that key on this site.');
    const at = now();
    await atomic(db, [
      setPageClosedStatement(db, pageId, closed, at),
      auditStatement(db, c.var.session.editor, { siteId, action: `page.${closed ? 'close' : 'reopen'}`, target: key }, at),
    ]);
    return c.json({ page: { key, closed } });
  });

/**
 * A site's moderation under /api/v1/admin/sites/:site (signed-in editors; owners and moderators
 * alike). The site loader (adminSite) has put the site on the context.
 */
export function moderationSiteRoutes() {
  return new Hono<AppEnv>()
    .get('/comments', ...queueHandlers)
    .get('/counts', ...countsHandlers)
    .get('/bans', ...bansHandlers)
    .post('/bans', ...banHandlers)
    .post('/pages/:key{.+}/close', ...pageClosing(true))
    .post('/pages/:key{.+}/reopen', ...pageClosing(false))
    .get('/audit', ...auditHandlers);
}

/** Moderation of one comment or ban, by its id, under /api/v1/admin. */
export function moderationRoutes() {
  return new Hono<AppEnv>()
    .post('/comments/:id/actions', jsonBody(actionBody), async (c) => {
      const { db, now } = c.var.deps;
      const editor = c.var.session.editor;
      const { action, reason } = c.req.valid('json');
      const comment = await findCommentForModeration(db, c.req.param('id'));
      if (!comment) throw new AppError('comment_not_found', 'There is no such comment.');
      refuseIfDeletedByReader(comment, action);
      const at = now();

      if (action === 'pin' || action === 'unpin') {
        if (action === 'pin' && comment.depth > 0) {
          throw new AppError('invalid_request', 'Only top-level comments can be featured.', { action: 'Only top-level comments can be featured.' });
        }
        await atomic(db, [
          setPinnedStatement(db, comment.id, action === 'pin', at),
          auditStatement(db, editor, { siteId: comment.siteId, action, commentId: comment.id, reason }, at),
        ]);
        return c.json({ comment: { id: comment.id, status: comment.status, pinned: action === 'pin' } });
      }

      let to = STATUS_OF[action];
      if (action === 'restore') {
        const previous = (await statusBeforeLastChange(db, comment.id)) as CommentStatus | undefined;
        to = previous && previous !== comment.status ? previous : 'approved';
      }
      if (!to) throw new AppError('invalid_request', 'Unknown action.');
      if (to === comment.status) {
        // Approving a published comment that readers reported means "keep it": the reports are
        // dealt with, so it leaves the Flagged queue (and a new report starts the count again).
        if (action === 'approve' && comment.flagCount > 0) {
          await atomic(db, [
            ...clearFlagsStatements(db, comment.id, at),
            auditStatement(db, editor, { siteId: comment.siteId, action: 'flags.clear', commentId: comment.id, reason }, at),
          ]);
        }
        return c.json({ comment: { id: comment.id, status: comment.status, pinned: comment.pinned } });
      }

      // Publishing a reply tells the parent's author, in the same write as the approval; publishing
      // or taking a comment off the page tells the site's webhooks.
      const notify =
        to === 'approved'
          ? await notificationsOnApprove(c, comment.id, at)
          : comment.status === 'approved'
            ? await onCommentRemoved(db, { siteId: comment.siteId, now: at }, { id: comment.id, status: to })
            : [];
      const results = await atomic(db, [
        ...statusChangeStatements(db, comment, to, at),
        auditStatement(db, editor, { siteId: comment.siteId, action, commentId: comment.id, beforeStatus: comment.status, afterStatus: to, reason }, at),
        ...notify,
      ]);
      // The status update is the statement before the audit entry; 0 rows means someone else
      // moderated the comment first.
      if (changesOf(results.at(-2 - notify.length)) === 0) {
        throw new AppError('conflict', 'Someone else changed this comment meanwhile. Reload to see its status.');
      }
      return c.json({ comment: { id: comment.id, status: to, pinned: comment.pinned } });
    })
    .patch('/comments/:id', jsonBody(editBody), async (c) => {
      const { db, now } = c.var.deps;
      const { body, reason } = c.req.valid('json');
      const comment = await findCommentForModeration(db, c.req.param('id'));
      if (!comment) throw new AppError('comment_not_found', 'There is no such comment.');
      refuseIfDeletedByReader(comment, 'edit');
      const at = now();
      const bodyHtml = renderCommentMarkdown(body);
      await atomic(db, [
        moderatorEditStatement(db, comment.id, { bodySource: body, bodyHtml }, at),
        auditStatement(db, c.var.session.editor, { siteId: comment.siteId, action: 'edit', commentId: comment.id, reason }, at),
      ]);
      return c.json({ comment: { id: comment.id, bodyHtml, editedAt: new Date(at).toISOString(), editedBy: 'moderator' as const } });
    })
    .delete('/bans/:id', async (c) => {
      const { db, now } = c.var.deps;
      const ban = await findBan(db, c.req.param('id'));
      if (!ban) throw new AppError('not_found', 'There is no such ban.');
      const at = now();
      await atomic(db, [deleteBanStatement(db, ban.id), auditStatement(db, c.var.session.editor, { siteId: ban.siteId, action: 'unban', target: ban.kind }, at)]);
      return c.body(null, 204);
    });
}

/**
 * The paths that took the site as `?site=` (or `site` in the body) before /sites/:site/…: aliases
 * for one release, answering exactly as the site-scoped routes do. Remove in 0.3.
 */
export function legacyModerationRoutes() {
  return new Hono<AppEnv>()
    .get('/comments', adminSiteFromQuery, ...queueHandlers)
    .get('/counts', adminSiteFromQuery, ...countsHandlers)
    .get('/bans', adminSiteFromQuery, ...bansHandlers)
    .post('/bans', adminSiteFromBody, ...banHandlers)
    .get('/audit', adminSiteFromQuery, ...auditHandlers);
}
