import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { hashingOf } from '../../hashing.ts';
import { newToken } from '../../crypto.ts';
import { newId } from '../../ids.ts';
import { parseJsonBody, parseQuery } from '../../http/validation.ts';
import { htmlWithEtag, jsonWithEtag, weakEtag } from '../../http/etag.ts';
import { type CommentJson, type CommentRow, toCommentJson } from './comment-json.ts';
import { buildThreads } from './comment-tree.ts';
import { DEFAULT_LIMIT, listQuerySchema, type NewComment, newCommentSchema, signedInCommentSchema } from './comments.schemas.ts';
import { pageKeySchema } from '../../http/text-fields.ts';
import { countsForPages, findPage, findParent, findThreadOf, insertComment, isThreadOf, listMoreReplies, listPinned, listReplies, listTopLevel, REPLIES_PER_THREAD } from './comments.repo.ts';
import type { AppDb } from '../../../db/client.ts';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { CommentStatus } from '../../../db/schema.ts';
import { nameUnnamedIdentityStatement, optionalReader, recogniseReader, signedInAuthorName } from '../readers/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { countLookup, countsCache, DEFAULT_LISTING_CACHE_BYTES, listingCache } from './listing-cache.ts';
import { answerKey, currentPage, keepAnswer, sharedAnswer } from './shared-reads.ts';
import { findActiveBan, findCommentForModeration, FLAG_REASONS, flagComment } from '../moderation/index.ts';
import { matchWords, screenComment } from '../spam/index.ts';
import { onCommentCreated, onCommentFlagged, onCommentPublished, onCommentRemoved, onSubscriptionsChanged } from '../../hooks.ts';
import { requestSubscription } from '../newsletter/index.ts';
import { countRefusedAtDoor } from '../stats/index.ts';
import { renderCommentMarkdown } from '../../markdown.ts';
import { STATIC_COMMENTS_CSP } from '../../http/asset-headers.ts';
import { publicCacheControl } from '../../http/edge-cache.ts';
import { staticThreadHtml } from './static-html.ts';

import { publicWriteGuard } from '../../http/public-write-guard.ts';
import { modeStatus } from './moderation-mode.ts';

/**
 * Public answers may be kept by browsers and caches but must be revalidated (cheap, by ETag), so a
 * reader who just posted sees their comment on reload. The hot reads (listing, counts,
 * comments.html, the check) may also be shared by a CDN for the site's edgeCacheSeconds.
 */
const PUBLIC_CACHE = 'public, max-age=0, must-revalidate';

const flagSchema = z.object({
  reason: z.enum(FLAG_REASONS, { error: 'Reason must be spam, abuse, off-topic or other.' }),
  note: z.string().trim().max(500, 'Note must be at most 500 characters.').optional(),
});

const countsQuerySchema = z.array(pageKeySchema).min(1, 'Give at least one page key.').max(50, 'Give at most 50 page keys at once.');

const DAY_MS = 86_400_000;

/** Threads in the static HTML: the newest ones, as the widget first shows them (and then some). */
const STATIC_THREADS = 50;
const staticQuerySchema = z.object({ page: pageKeySchema });

/** Replies a permalink's thread carries (it is not cached, and a reader asked for that thread). */
const PERMALINK_REPLIES = 1000;

const moreRepliesQuerySchema = z.object({ cursor: z.string({ error: 'Give the cursor of the replies to continue.' }).max(500, 'Cursor is not valid.') });

/** "More replies" cursors are signed for their thread, apart from the page listing's. */
const repliesScope = (rootId: string) => `replies:${rootId}`;

function repliesCursor(secret: string, rootId: string, last: CommentRow): Promise<string> {
  return encodeCursor(secret, repliesScope(rootId), { sort: 'oldest', score: 0, createdAt: last.createdAt, id: last.id });
}

/** Listed threads: the roots with their first replies, and a "more replies" cursor where needed. */
async function threadsOf(db: AppDb, secret: string, roots: CommentRow[], perThread?: number): Promise<CommentJson[]> {
  const { rows, more } = await listReplies(db, roots.map((r) => r.id), perThread);
  const cursors = new Map<string, string>();
  for (const [rootId, last] of more) cursors.set(rootId, await repliesCursor(secret, rootId, last));
  return buildThreads(roots, rows, cursors);
}

/** Routes under /api/v1/sites/:site — what the widget and count script call. */
export function commentsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/comments', async (c) => {
    const { db, secret } = c.var.deps;
    const q = parseQuery(c, listQuerySchema);
    // Only cursors this server issued for this page get past here (cursor.ts).
    const cursor = q.cursor ? await decodeCursor(secret, q.page, q.cursor, q.sort) : undefined;
    const page = await currentPage(c, q.page);
    c.header('Cache-Control', publicCacheControl(c.var.site.settings.edgeCacheSeconds));
    if (!page) {
      return jsonWithEtag(c, JSON.stringify({ page: { key: q.page, title: null, url: null, commentCount: 0, closed: false, editWindowMinutes: c.var.site.settings.editWindowMinutes }, comments: [], nextCursor: null }));
    }
    // Only what the widget asks for is cached: the default page size, first page or a signed
    // cursor. Other sizes are answered fresh, so no choice of parameters multiplies the entries.
    const cache = q.limit === DEFAULT_LIMIT ? listingCache(db, c.var.deps.listingCacheBytes) : undefined;
    // The page row carries everything else the listing shows about the page, so its version
    // with the count and closed flag identifies the answer.
    const key = `${page.id}|${q.sort}|${q.cursor ?? ''}`;
    const editWindowMinutes = c.var.site.settings.editWindowMinutes;
    const version = `${page.version}|${page.commentCount}|${page.closed}|${page.title}|${page.url}|${editWindowMinutes}`;
    const hit = cache?.get(key);
    if (cache) countLookup(db, hit?.version === version);
    if (hit?.version === version) return jsonWithEtag(c, hit.body, hit.etag);
    // The first page per sort is also shared between isolates (Workers), under the page's version.
    const shareKey = cache && !q.cursor ? answerKey(`list-${q.sort}`, page, version) : undefined;
    const shared = shareKey ? await sharedAnswer(c, shareKey) : undefined;
    if (shared) {
      cache?.set(key, { version, ...shared });
      return jsonWithEtag(c, shared.body, shared.etag);
    }

    const pinned = cursor ? [] : await listPinned(db, page.id);
    const rows = await listTopLevel(db, page.id, q.sort, cursor, q.limit + 1);
    const more = rows.length > q.limit;
    const shown = more ? rows.slice(0, q.limit) : rows;
    const roots = [...pinned, ...shown];
    const last = shown.at(-1);
    const nextCursor = more && last ? await encodeCursor(secret, q.page, { sort: q.sort, score: last.score, createdAt: last.createdAt, id: last.id }) : null;
    const body = JSON.stringify({
      page: { key: page.key, title: page.title, url: page.url, commentCount: page.commentCount, closed: page.closed, editWindowMinutes },
      comments: await threadsOf(db, secret, roots),
      nextCursor,
    });
    const etag = weakEtag(body);
    cache?.set(key, { version, body, etag });
    if (shareKey) await keepAnswer(c, shareKey, { body, etag });
    return jsonWithEtag(c, body, etag);
  });

  // "What's new" for a widget left open: the page's published comment count, with an ETag made of
  // it alone, so a poll costs one indexed read of the page row and answers 304 until a comment is
  // published (or one leaves). A held comment changes the page's version but not its count, so it
  // wakes nobody. Registered before /comments/:id, which would otherwise take "check" for an id.
  app.get('/comments/check', async (c) => {
    const q = parseQuery(c, staticQuerySchema);
    const page = await currentPage(c, q.page);
    c.header('Cache-Control', publicCacheControl(c.var.site.settings.edgeCacheSeconds));
    const commentCount = page?.commentCount ?? 0;
    return jsonWithEtag(c, `{"commentCount":${commentCount}}`, `W/"n${commentCount}"`);
  });

  // The page's newest approved threads as HTML for the article itself (search engines, no-JS
  // readers); the widget takes over when it loads. Cached like the JSON listing.
  app.get('/comments.html', async (c) => {
    const { db, secret } = c.var.deps;
    const q = parseQuery(c, staticQuerySchema);
    const page = await currentPage(c, q.page);
    c.header('Cache-Control', publicCacheControl(c.var.site.settings.edgeCacheSeconds));
    c.header('Content-Security-Policy', STATIC_COMMENTS_CSP);
    if (!page) return htmlWithEtag(c, staticThreadHtml({ key: q.page, commentCount: 0 }, [], false));
    const shareKey = answerKey('html', page, `${page.version}|${page.commentCount}|${page.closed}|${page.title}|${page.url}`);
    const shared = await sharedAnswer(c, shareKey);
    if (shared) return htmlWithEtag(c, shared.body, shared.etag);
    const pinned = await listPinned(db, page.id);
    const rows = await listTopLevel(db, page.id, 'newest', undefined, STATIC_THREADS + 1);
    const roots = [...pinned, ...rows.slice(0, STATIC_THREADS)];
    const threads = await threadsOf(db, secret, roots);
    const html = staticThreadHtml(page, threads, rows.length > STATIC_THREADS);
    const etag = weakEtag(html);
    await keepAnswer(c, shareKey, { body: html, etag });
    return htmlWithEtag(c, html, etag);
  });

  // The rest of a thread's replies, after the "more replies" cursor its listing carried: the next
  // ones oldest first, nested among themselves, with the cursor of the next batch if any.
  app.get('/comments/:id/replies', async (c) => {
    const { db, secret } = c.var.deps;
    const rootId = c.req.param('id');
    const q = parseQuery(c, moreRepliesQuerySchema);
    const after = await decodeCursor(secret, repliesScope(rootId), q.cursor, 'oldest');
    if (!(await isThreadOf(db, c.var.site.id, rootId))) throw new AppError('comment_not_found', 'There is no such published comment.');
    const { rows, more } = await listMoreReplies(db, rootId, after, REPLIES_PER_THREAD * 5);
    const last = more.get(rootId);
    const nextCursor = last ? await repliesCursor(secret, rootId, last) : null;
    // A stand-in root: the batch nests under itself, and a reply whose parent came earlier hangs
    // at the thread's level (the widget says whom it answers).
    const holder = { id: rootId, parentId: null, authorName: '', bodyHtml: '', createdAt: 0, editedAt: null, score: 0, pinned: false, status: 'approved' as const };
    const [thread] = buildThreads([holder], rows);
    c.header('Cache-Control', PUBLIC_CACHE);
    return jsonWithEtag(c, JSON.stringify({ replies: thread?.replies ?? [], moreReplies: nextCursor }));
  });

  app.post('/comments', async (c) => {
    const { db, now, secret } = c.var.deps;
    const { hmacHex, sha256Hex } = hashingOf(c.var.deps);
    const site = c.var.site;
    // A bearer token that is no longer good answers 401 rather than posting as a guest: the
    // reader believes they are signed in and would lose their verified mark without knowing.
    const identity = await optionalReader(c);
    const input = identity ? await parseJsonBody(c, signedInCommentSchema) : await parseJsonBody(c, newCommentSchema);
    // A signed-in reader's comment is their identity's: its name and email win over the body's
    // (the name in the body is only taken while the identity has none). Without an identity the
    // input is a guest's, parsed by newCommentSchema, whose name is a checked string.
    const authorName = identity ? signedInAuthorName(identity, input.authorName) : (input as NewComment).authorName;
    const authorEmail = identity ? (identity.email ?? undefined) : input.authorEmail;
    if (input.notifyReplies && !authorEmail) {
      throw new AppError('invalid_request', 'Reply emails need an email address, and your sign-in has none.', { notifyReplies: 'Your sign-in has no email address.' });
    }
    const at = now();
    const page = await findPage(db, site.id, input.page);
    const autoClosed = page !== undefined && site.settings.autoCloseDays !== null && at - page.createdAt > site.settings.autoCloseDays * DAY_MS;
    if (page?.closed || autoClosed) throw new AppError('page_closed', 'Comments are closed on this article.');

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

    const ip = c.var.deps.clientIp(c);
    const ipHash = ip ? await hmacHex(secret, `ip:${ip}`) : undefined;
    const heldReasons: string[] = [];

    const banned = matchWords(input.body, site.settings.wordLists.banned);
    if (banned.length > 0) {
      await countRefusedAtDoor(db, site.id, at);
      throw new AppError('content_rejected', 'Your comment contains language that is not allowed here. Please rephrase it.', {
        body: 'Contains language that is not allowed here.',
      });
    }
    // A banned commenter is refused (or quietly held) without learning what the ban is on.
    const ban = await findActiveBan(db, site.id, { email: authorEmail, identityId: identity?.id, ipHash }, at);
    if (ban && site.settings.banAction === 'refuse') {
      await countRefusedAtDoor(db, site.id, at);
      throw new AppError('banned', 'You cannot comment on this site.');
    }

    // Spam layers, cheapest first. Nothing above spent the form token, so a reader who fixes a
    // field error resubmits with the same one.
    const { rateLimits } = site.settings.spam;
    const emailKey = authorEmail ? await hmacHex(secret, `email:${authorEmail}`) : undefined;
    const held = await publicWriteGuard(c, {
      limits: (ipKey) => [
        { key: `comment:ip:${ipKey}`, limit: rateLimits.comment, sliding: true },
        { key: `comment-hour:ip:${ipKey}`, limit: rateLimits.commentHourly },
        ...(identity ? [{ key: `comment:identity:${identity.id}`, limit: rateLimits.comment, sliding: true }] : []),
        ...(emailKey ? [{ key: `comment:email:${emailKey}`, limit: rateLimits.comment, sliding: true }] : []),
      ],
      tooFast: (wait) => `You are commenting quickly. Please wait ${wait} and post again.`,
      botChecks: 'hold',
    });
    heldReasons.push(...held);
    const screening = await screenComment(c, site, { authorName, authorEmail, body: input.body, pageUrl: input.url }, at);
    heldReasons.push(...screening.held);

    if (ban) heldReasons.push(`Banned commenter (${ban.kind})${ban.reason ? `: ${ban.reason}` : ''}`);
    const suspect = matchWords(`${authorName}\n${input.body}`, site.settings.wordLists.suspect);
    if (suspect.length > 0) heldReasons.push(`Suspect words: ${suspect.join(', ')}`);
    const mode = await modeStatus(db, site, authorEmail);
    if (mode.reason) heldReasons.push(mode.reason);
    const status: CommentStatus = screening.spam ? 'spam' : heldReasons.length > 0 ? 'pending' : mode.status;

    const editToken = newToken();
    const commentId = newId();
    const bodyHtml = renderCommentMarkdown(input.body);
    const alsoRun: AtomicStatement[] = [];
    // An email identity without a name takes the first one it comments with.
    if (identity && identity.name === null) {
      alsoRun.push(nameUnnamedIdentityStatement(db, identity.id, authorName));
    }
    // Reactions to a new comment (webhooks) and to a published one (reply emails) go in the same
    // write as the comment.
    const reactions = [
      ...(await onCommentCreated(db, { siteId: site.id, now: at }, { id: commentId, status })),
      ...(status === 'approved'
        ? await onCommentPublished(db, { site, secret, publicUrl: c.var.deps.publicUrl, now: at }, { id: commentId, parentId: parent?.id ?? null, authorName, authorEmail, bodySource: input.body, bodyHtml })
        : []),
    ];
    const row = await insertComment(db, {
      id: commentId,
      alsoRun: [...alsoRun, ...reactions],
      newPageId: newId(),
      siteId: site.id,
      pageKey: input.page,
      pageUrl: input.url,
      pageTitle: input.title,
      parent,
      authorName,
      authorEmail,
      identityId: identity?.id,
      authorAvatarUrl: identity?.kind === 'sso' ? identity.avatarUrl : null,
      bodySource: input.body,
      bodyHtml,
      status,
      heldReasons,
      spamScore: screening.spamScore,
      spamReasons: screening.spamReasons,
      bodyHash: screening.bodyHash,
      ipHash,
      authorKey: (await recogniseReader(c)).browserKey,
      editTokenHash: await sha256Hex(editToken),
      now: at,
    });
    if (input.notifyReplies && authorEmail) {
      // A magic link has just proven the address, so no second round trip to confirm it; an SSO
      // address is the publisher's word, and gets the usual confirmation email.
      await requestSubscription(db, {
        site,
        email: authorEmail,
        topics: [{ topic: 'replies', target: row.id }],
        publicUrl: c.var.deps.publicUrl,
        secret,
        now: at,
        trustProven: true,
        addressProven: identity?.kind === 'email',
        onConfirmed: (subscriberId) => onSubscriptionsChanged(db, { subscriberId, confirmed: true, now: at }),
        source: { form: 'comment', pageId: row.pageId },
      });
    }
    const comment: CommentJson = toCommentJson(row);
    c.set('commentOutcome', status === 'approved' || status === 'pending' || status === 'spam' ? status : undefined);
    return c.json({ comment, editToken }, 201);
  });

  // A permalink's thread: the top-level comment it belongs to with its replies, so the widget can
  // show a comment linked as #comment-ID even when it is not on the first page of the listing.
  app.get('/comments/:id', async (c) => {
    const { db } = c.var.deps;
    const found = await findThreadOf(db, c.var.site.id, c.req.param('id'));
    if (!found) throw new AppError('comment_not_found', 'There is no such published comment.');
    c.header('Cache-Control', PUBLIC_CACHE);
    // A permalink may point far down a long thread: it gets many more replies than a listing.
    const [thread] = await threadsOf(db, c.var.deps.secret, [found.root], PERMALINK_REPLIES);
    return jsonWithEtag(c, JSON.stringify({ page: { key: found.pageKey }, thread: thread ?? null, id: c.req.param('id') }));
  });

  app.post('/comments/:id/flags', async (c) => {
    const { db, now } = c.var.deps;
    const site = c.var.site;
    const input = await parseJsonBody(c, flagSchema);
    const comment = await findCommentForModeration(db, c.req.param('id'));
    if (!comment || comment.siteId !== site.id || comment.status !== 'approved') {
      throw new AppError('comment_not_found', 'There is no such published comment.');
    }
    const at = now();
    await publicWriteGuard(c, {
      limits: (ipKey) => [{ key: `flag:ip:${ipKey}`, limit: site.settings.spam.rateLimits.flag, sliding: true }],
      tooFast: (wait) => `You have sent many reports. Please wait ${wait} and try again.`,
    });
    // One report per reader: their identity, else keyed hashes of address and browser (never the address).
    const reporter = await recogniseReader(c);
    const flagId = newId();
    await flagComment(db, {
      flagId,
      comment,
      reporterKey: reporter.voterKey,
      networkKey: reporter.networkKey,
      reason: input.reason,
      note: input.note,
      threshold: site.settings.flagThreshold,
      hide: site.settings.hideFlaggedUntilReviewed,
      now: at,
      // Reactions to the report (editors' alerts, webhooks) are written with it, and only if it is new.
      reactions: await onCommentFlagged(db, { site, secret: c.var.deps.secret, publicUrl: c.var.deps.publicUrl, now: at }, { id: comment.id, flagId }),
      onHidden: () => onCommentRemoved(db, { siteId: site.id, now: at }, { id: comment.id, status: 'pending' }),
    });
    // The same answer whether or not this reader had reported it before.
    return c.json({ flagged: true }, 201);
  });

  app.get('/counts', async (c) => {
    const parsed = countsQuerySchema.safeParse(c.req.queries('page') ?? []);
    if (!parsed.success) {
      throw new AppError('invalid_request', 'Give between 1 and 50 page keys as ?page=KEY&page=KEY.', {
        page: parsed.error.issues[0]?.message ?? 'is not valid',
      });
    }
    const { db, listingCacheBytes } = c.var.deps;
    const site = c.var.site;
    const keys = [...new Set(parsed.data)];
    // Shared between isolates (Workers): each page's row as the listing keeps it; else one
    // prepared query for all the keys.
    const found = c.var.sharedGeneration
      ? new Map((await Promise.all(keys.map((k) => currentPage(c, k)))).flatMap((p) => (p ? [[p.key, p.commentCount] as const] : [])))
      : await countsForPages(db, site.id, keys);
    c.header('Cache-Control', publicCacheControl(site.settings.edgeCacheSeconds));
    // Like the listing: the answer is kept, checked against the counts it was made of, so a hit
    // skips building the JSON and hashing it for the ETag. Held apart from the listings, in a
    // smaller budget, so invented keys cannot push listings out.
    const sent = c.req.queries('page') ?? [];
    const cache = countsCache(db, Math.floor((listingCacheBytes ?? DEFAULT_LISTING_CACHE_BYTES) / 8));
    const cacheKey = `${site.id}\u0000${sent.join('\u0000')}`;
    const version = keys.map((k) => found.get(k) ?? 0).join(',');
    const hit = cache.get(cacheKey);
    if (hit?.version === version) return jsonWithEtag(c, hit.body, hit.etag);
    // Keys are normalised (NFC); the answer also carries each key as sent, which the page looks it up by.
    const answer = Object.fromEntries([...parsed.data.map((k, i) => [sent[i]!, found.get(k) ?? 0] as const), ...keys.map((k) => [k, found.get(k) ?? 0] as const)]);
    const body = JSON.stringify({ counts: answer });
    const etag = weakEtag(body);
    cache.set(cacheKey, { version, body, etag });
    return jsonWithEtag(c, body, etag);
  });

  return app;
}
