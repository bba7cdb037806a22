import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { hmacHex, sha256Hex } from '../../hashing.ts';
import { newId, newToken } from '../../ids.ts';
import { parseJsonBody, parseQuery } from '../../http/validation.ts';
import type { Site } from '../sites/sites.repo.ts';
import { type CommentJson, toCommentJson } from './comment-json.ts';
import { buildThreads } from './comment-tree.ts';
import { listQuerySchema, newCommentSchema, pageKeySchema } from './comments.schemas.ts';
import { countsForPages, findPage, findParent, hasApprovedComment, insertComment, listPinned, listReplies, listTopLevel } from './comments.repo.ts';
import type { CommentStatus } from '../../../db/schema.ts';
import type { AppDb } from '../../../db/client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { renderCommentMarkdown } from './render-markdown.ts';

/**
 * Public answers may be kept by browsers and caches but must be revalidated (cheap, by ETag), so a
 * reader who just posted sees their comment on reload.
 */
const PUBLIC_CACHE = 'public, max-age=0, must-revalidate';

const countsQuerySchema = z.array(pageKeySchema).min(1, 'Give at least one page key.').max(50, 'Give at most 50 page keys at once.');

/** The status a new comment starts with under the site's moderation mode. */
async function initialStatus(db: AppDb, site: Site, email: string | undefined): Promise<CommentStatus> {
  switch (site.moderationMode) {
    case 'post':
      return 'approved';
    case 'pre':
      return 'pending';
    case 'first':
      return email !== undefined && (await hasApprovedComment(db, site.id, email)) ? 'approved' : 'pending';
  }
}

/** Routes under /api/v1/sites/:site — what the widget and count script call. */
export function commentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/comments', etag({ weak: true }), async (c) => {
    const { db } = c.var.deps;
    const q = parseQuery(c, listQuerySchema);
    const cursor = q.cursor ? decodeCursor(q.cursor, q.sort) : undefined;
    const page = await findPage(db, c.var.site.id, q.page);
    c.header('Cache-Control', PUBLIC_CACHE);
    if (!page) {
      return c.json({ page: { key: q.page, title: null, url: null, commentCount: 0, closed: false }, comments: [], nextCursor: null });
    }
    const pinned = cursor ? [] : await listPinned(db, page.id);
    const rows = await listTopLevel(db, page.id, q.sort, cursor, q.limit + 1);
    const more = rows.length > q.limit;
    const shown = more ? rows.slice(0, q.limit) : rows;
    const roots = [...pinned, ...shown];
    const replies = await listReplies(db, roots.map((r) => r.id));
    const last = shown.at(-1);
    const nextCursor = more && last ? encodeCursor({ sort: q.sort, score: last.score, createdAt: last.createdAt, id: last.id }) : null;
    return c.json({
      page: { key: page.key, title: page.title, url: page.url, commentCount: page.commentCount, closed: page.closed },
      comments: buildThreads(roots, replies),
      nextCursor,
    });
  });

  app.post('/comments', async (c) => {
    const { db, now, secret } = c.var.deps;
    const site = c.var.site;
    const input = await parseJsonBody(c, newCommentSchema);
    const page = await findPage(db, site.id, input.page);
    if (page?.closed) throw new AppError('page_closed', 'Comments are closed on this article.');

    const parent = input.parentId ? await findParent(db, input.parentId) : undefined;
    if (input.parentId) {
      if (!parent || parent.siteId !== site.id || !page || parent.pageId !== page.id) {
        throw new AppError('invalid_request', 'The comment you are replying to is not on this page.', {
          parentId: 'The comment replied to is not on this page.',
        });
      }
      if (parent.status !== 'approved') {
        throw new AppError('invalid_request', 'The comment you are replying to is not published.', {
          parentId: 'The comment replied to is not published.',
        });
      }
    }

    const editToken = newToken();
    const ip = c.var.deps.clientIp(c);
    const row = await insertComment(db, {
      id: newId(),
      newPageId: newId(),
      siteId: site.id,
      pageKey: input.page,
      pageUrl: input.url,
      pageTitle: input.title,
      parent,
      authorName: input.authorName,
      authorEmail: input.authorEmail,
      bodySource: input.body,
      bodyHtml: renderCommentMarkdown(input.body),
      status: await initialStatus(db, site, input.authorEmail),
      ipHash: ip ? await hmacHex(secret, `ip:${ip}`) : undefined,
      editTokenHash: await sha256Hex(editToken),
      now: now(),
    });
    const comment: CommentJson = toCommentJson(row);
    return c.json({ comment, editToken }, 201);
  });

  app.get('/counts', etag({ weak: true }), async (c) => {
    const parsed = countsQuerySchema.safeParse(c.req.queries('page') ?? []);
    if (!parsed.success) {
      throw new AppError('invalid_request', 'Give between 1 and 50 page keys as ?page=KEY&page=KEY.', {
        page: parsed.error.issues[0]?.message ?? 'is not valid',
      });
    }
    const keys = [...new Set(parsed.data)];
    const found = await countsForPages(c.var.deps.db, c.var.site.id, keys);
    c.header('Cache-Control', PUBLIC_CACHE);
    return c.json({ counts: Object.fromEntries(keys.map((k) => [k, found.get(k) ?? 0])) });
  });

  return app;
}
