import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { z } from 'zod';
import { atomic } from '../../../db/atomic.ts';
import { SUBSCRIPTION_STATUSES, SUBSCRIPTION_TOPICS } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { emailAddress } from '../../http/email-address.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../http/time-cursor.ts';
import { jsonBody, queryOf } from '../../http/typed-validators.ts';
import { newId } from '../../ids.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import { requireOwner } from '../editors/index.ts';
import { auditStatement } from '../../audit.ts';
import { onBroadcastSent, onSubscriptionsChanged } from '../../hooks.ts';
import { adminSiteFromBody, adminSiteFromQuery, pageKeyFromPath, requireSite, siteParam } from '../sites/index.ts';
import { queueBulkSend, sendBroadcast } from './broadcasts.ts';
import { type BroadcastRow, broadcastCounts, findBroadcast, findStoryPage, insertBroadcast, listBroadcasts } from './broadcasts.repo.ts';
import { newestMail } from './mailbox.repo.ts';
import { redactMailTokens } from './mailbox-redaction.ts';
import { bulkEmail } from './newsletter-email.ts';
import { requestSubscription } from './subscribe.ts';
import { parseCsv, toCsv } from '../../csv.ts';
import { confirmImportedNewsletter, deleteSubscriberStatement, findSubscriberOfSite, type SubscriberCursor, searchSubscribers, unsubscribeAllStatement } from './subscribers-admin.repo.ts';
import { upsertSubscriber } from './subscriptions.repo.ts';

const composeSchema = z.object({
  subject: z.string().trim().min(1, 'Subject is required.').max(200, 'Subject must be at most 200 characters.'),
  body: z.string().trim().min(1, 'Body is required.').max(100_000, 'Body must be at most 100,000 characters.'),
});
const subscribersQuery = z.object({
  status: z.enum([...SUBSCRIPTION_STATUSES, 'blocked']).optional(),
  topic: z.enum(SUBSCRIPTION_TOPICS).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Where the next page of the list starts: the `nextCursor` of the page before. */
  cursor: z.string().max(200).optional(),
});
const importSchema = z.object({
  /** CSV with a header row: email, name (optional), topics (optional, e.g. "newsletter"). */
  csv: z.string().min(1, 'The CSV is empty.').max(5_000_000, 'The CSV is larger than 5 MB.'),
  /** The importer states these people already agreed to receive the newsletter. */
  consented: z.boolean().default(false),
});
const mailboxQuery = z.object({ to: z.string().max(254).optional() });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type Vars = { var: AppEnv['Variables'] };

async function broadcastOr404(c: Vars, id: string): Promise<BroadcastRow> {
  const row = await findBroadcast(c.var.deps.db, id);
  if (!row) throw new AppError('not_found', 'There is no such broadcast.');
  return row;
}

async function broadcastJson(c: Vars, b: BroadcastRow) {
  return {
    id: b.id,
    site: b.siteId,
    subject: b.subject,
    body: b.bodySource,
    status: b.status,
    recipients: b.recipients,
    createdAt: iso(b.createdAt)!,
    sentAt: iso(b.sentAt),
    counts: await broadcastCounts(c.var.deps.db, b.id),
  };
}

/** The newest outbox messages, their sign-in links redacted unless they never left this server. */
async function mailboxJson(c: Vars, filter: { siteId?: string | undefined; to?: string | undefined }) {
  const { db, secret, now, mailDelivery } = c.var.deps;
  const rows = await newestMail(db, filter);
  const messages = rows.map((m) => ({ id: m.id, kind: m.kind, to: m.toEmail, subject: m.subject, text: m.text, html: m.html, status: m.status, attempts: m.attempts, lastError: m.lastError, createdAt: iso(m.createdAt)!, sentAt: iso(m.sentAt) }));
  return { messages: await redactMailTokens(messages, { db, secret, now: now(), provider: mailDelivery !== 'mailbox' }) };
}

const factory = createFactory<AppEnv>();

/*
 * The site-scoped handlers are built once and mounted twice: under /sites/:site (the site loader
 * puts the site on the context) and, for one release, under their old `?site=` / body `site`
 * paths (see legacyNewsletterAdminRoutes). requireOwner comes first in both, as it did.
 */

const composeHandlers = factory.createHandlers(requireOwner, jsonBody(composeSchema), async (c) => {
  const input = c.req.valid('json');
  const row = await insertBroadcast(c.var.deps.db, { siteId: c.var.site.id, subject: input.subject, bodySource: input.body, createdBy: c.var.session.editor.id, createdAt: c.var.deps.now() });
  return c.json({ broadcast: await broadcastJson(c, row) }, 201);
});

const broadcastsHandlers = factory.createHandlers(requireOwner, async (c) => {
  const rows = await listBroadcasts(c.var.deps.db, c.var.site.id);
  return c.json({ broadcasts: await Promise.all(rows.map((b) => broadcastJson(c, b))) });
});

const subscribersHandlers = factory.createHandlers(requireOwner, queryOf(subscribersQuery), async (c) => {
  const q = c.req.valid('query');
  const rows = await searchSubscribers(c.var.deps.db, { ...q, siteId: c.var.site.id, limit: q.limit + 1, after: decodeTimeCursor(q.cursor) });
  const shown = rows.slice(0, q.limit);
  const last = shown.at(-1);
  return c.json({
    subscribers: shown.map(({ cursor: _, ...row }) => row),
    /** The next page's cursor, or null at the end of the list. */
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.cursor) : null,
  });
});

/** Subscribers per query of an export: a few hundred kilobytes of CSV at a time. */
const EXPORT_PAGE = 2000;

/**
 * The whole list as CSV, streamed: read in pages (keyset), each page written as it comes, so a
 * list of any size costs a page of memory and a few dozen queries, and the server keeps answering
 * others meanwhile.
 */
const exportHandlers = factory.createHandlers(requireOwner, queryOf(subscribersQuery.omit({ limit: true, cursor: true })), async (c) => {
  const site = c.var.site;
  const { db } = c.var.deps;
  const filter = { ...c.req.valid('query'), siteId: site.id, limit: EXPORT_PAGE };
  const encoder = new TextEncoder();
  let after: SubscriberCursor | undefined;
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A turn of the event loop between pages: on Node each page's read is synchronous, and
      // page after page in one turn would keep every other request waiting for the whole list.
      if (!header) await new Promise((resume) => setTimeout(resume, 0));
      const rows = await searchSubscribers(db, { ...filter, after });
      const lines = rows.map((r) => [r.email, r.name ?? '', r.status, r.topics.map((t) => `${t.topic}:${t.status}`).join(' '), r.createdAt]);
      if (header) lines.unshift(['email', 'name', 'status', 'topics', 'created_at']);
      header = false;
      if (lines.length > 0) controller.enqueue(encoder.encode(toCsv(lines)));
      after = rows.at(-1)?.cursor;
      if (rows.length < EXPORT_PAGE) controller.close();
    },
  });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="subscribers-${site.id}.csv"`);
  return c.body(body);
});

const importHandlers = factory.createHandlers(requireOwner, jsonBody(importSchema), async (c) => {
  const { db, now, secret, publicUrl } = c.var.deps;
  const input = c.req.valid('json');
  const site = c.var.site;
  const rows = parseCsv(input.csv);
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const emailAt = header.indexOf('email');
  if (emailAt === -1) throw new AppError('invalid_request', 'The first CSV row must name the columns, with an "email" column.', { csv: 'No email column.' });
  const nameAt = header.indexOf('name');
  const report = { imported: 0, skipped: [] as { line: number; reason: string }[] };
  for (const [i, row] of rows.slice(1).entries()) {
    const line = i + 2;
    const parsed = emailAddress.safeParse(row[emailAt] ?? '');
    if (!parsed.success) {
      report.skipped.push({ line, reason: 'not a valid email address' });
      continue;
    }
    const email = parsed.data.toLowerCase();
    const at = now();
    if (input.consented) {
      const subscriber = await upsertSubscriber(db, site.id, email, at, nameAt >= 0 ? row[nameAt]?.trim() || undefined : undefined);
      await confirmImportedNewsletter(db, subscriber.id, at);
    } else {
      await requestSubscription(db, { site, email, topics: [{ topic: 'newsletter', target: '' }], publicUrl, secret, now: at });
    }
    report.imported++;
  }
  return c.json(report);
});

// A subscriber is changed through the site it belongs to, and the change is audited by id: the
// address itself stays out of the log, or deleting a subscriber would not erase it.
const subscriberOf = async (c: Vars & { req: { param(name: 'id'): string | undefined } }) => {
  const row = await findSubscriberOfSite(c.var.deps.db, c.var.site.id, c.req.param('id') ?? '');
  if (!row) throw new AppError('not_found', 'There is no such subscriber on this site.');
  return row;
};

const deleteSubscriberHandlers = factory.createHandlers(requireOwner, async (c) => {
  const { db, now } = c.var.deps;
  const subscriber = await subscriberOf(c);
  await atomic(db, [
    deleteSubscriberStatement(db, subscriber.id),
    auditStatement(db, c.var.session.editor, { siteId: subscriber.siteId, action: 'subscriber.delete', target: subscriber.id }, now()),
  ]);
  return c.body(null, 204);
});

const unsubscribeHandlers = factory.createHandlers(requireOwner, async (c) => {
  const { db, now } = c.var.deps;
  const subscriber = await subscriberOf(c);
  const at = now();
  await atomic(db, [
    unsubscribeAllStatement(db, subscriber.id, at),
    ...(await onSubscriptionsChanged(db, { subscriberId: subscriber.id, confirmed: false, now: at })),
    auditStatement(db, c.var.session.editor, { siteId: subscriber.siteId, action: 'subscriber.unsubscribe', target: subscriber.id }, at),
  ]);
  return c.json({ unsubscribed: true });
});

/**
 * A site's newsletter, story updates, subscribers and mailbox under /api/v1/admin/sites/:site:
 * owners only. A moderator works the comments; mailing lists, readers' addresses and the mail
 * sent to them (whose links sign a reader in) are not theirs to see.
 */
export function newsletterAdminSiteRoutes() {
  return new Hono<AppEnv>()
    .get('/broadcasts', ...broadcastsHandlers)
    .post('/broadcasts', ...composeHandlers)
    .post('/pages/:key{.+}/updates', requireOwner, jsonBody(composeSchema), async (c) => {
      const { db, now, secret, publicUrl } = c.var.deps;
      const site = c.var.site;
      const key = pageKeyFromPath(c.req.param('key'));
      const input = c.req.valid('json');
      const page = await findStoryPage(db, site.id, key);
      if (!page) throw new AppError('page_not_found', 'There is no page with that key on this site.');
      const at = now();
      const recipients = await queueBulkSend(db, { site, secret, publicUrl, now: at }, {
        kind: 'story',
        topic: 'page',
        target: page.id,
        subject: input.subject,
        bodySource: input.body,
        sendId: `story-${newId()}`,
        reason: `You receive this because you follow “${page.title ?? key}” on ${site.name}.`,
      });
      return c.json({ recipients });
    })
    .get('/subscribers', ...subscribersHandlers)
    .get('/subscribers/export', ...exportHandlers)
    .post('/subscribers/import', ...importHandlers)
    .delete('/subscribers/:id', ...deleteSubscriberHandlers)
    .post('/subscribers/:id/unsubscribe', ...unsubscribeHandlers)
    .get('/mailbox', requireOwner, queryOf(mailboxQuery), async (c) => c.json(await mailboxJson(c, { siteId: c.var.site.id, to: c.req.valid('query').to })));
}

/** Broadcasts by id, and the mailbox of every site, under /api/v1/admin: owners only. */
export function newsletterAdminRoutes() {
  return new Hono<AppEnv>()
    .get('/broadcasts/:id', requireOwner, async (c) => c.json({ broadcast: await broadcastJson(c, await broadcastOr404(c, c.req.param('id'))) }))
    .post('/broadcasts/:id/test', requireOwner, async (c) => {
      const { db, now, publicUrl } = c.var.deps;
      const b = await broadcastOr404(c, c.req.param('id'));
      const site = await requireSite(db, b.siteId);
      const mail = bulkEmail({
        siteName: site.name,
        subject: `[Test] ${b.subject}`,
        bodySource: b.bodySource,
        unsubscribe: { url: `${publicUrl}/newsletter/unsubscribe/test`, manageUrl: `${publicUrl}/newsletter/manage/test` },
        reason: 'This is a test send to you as an editor; subscribers have not received it.',
      });
      await atomic(db, [enqueueStatement(db, { siteId: site.id, kind: 'test', to: c.var.session.editor.email, ...mail }, now())]);
      return c.json({ sentTo: c.var.session.editor.email });
    })
    .post('/broadcasts/:id/send', requireOwner, async (c) => {
      const { db, now, secret, publicUrl } = c.var.deps;
      const b = await broadcastOr404(c, c.req.param('id'));
      const site = await requireSite(db, b.siteId);
      const at = now();
      const recipients = await sendBroadcast(db, { site, secret, publicUrl, now: at, onSent: (broadcastId) => onBroadcastSent(db, { broadcastId, now: at }) }, b.id);
      if (recipients === undefined) throw new AppError('conflict', 'This broadcast has already been sent.');
      return c.json({ broadcast: await broadcastJson(c, await broadcastOr404(c, b.id)) });
    })
    // Every site's mail at once; a site's own is at /sites/:site/mailbox (`?site=` still works here).
    .get('/mailbox', requireOwner, queryOf(mailboxQuery.extend({ site: siteParam.optional() })), async (c) => {
      const { site, to } = c.req.valid('query');
      if (site) await requireSite(c.var.deps.db, site);
      return c.json(await mailboxJson(c, { siteId: site, to }));
    });
}

/**
 * The paths that took the site as `?site=` (or `site` in the body) before /sites/:site/…: aliases
 * for one release, answering exactly as the site-scoped routes do. Remove in 0.3.
 */
export function legacyNewsletterAdminRoutes() {
  return new Hono<AppEnv>()
    .get('/broadcasts', requireOwner, adminSiteFromQuery, ...broadcastsHandlers)
    .post('/broadcasts', requireOwner, adminSiteFromBody, ...composeHandlers)
    .get('/subscribers', requireOwner, adminSiteFromQuery, ...subscribersHandlers)
    .get('/subscribers/export', requireOwner, adminSiteFromQuery, ...exportHandlers)
    .post('/subscribers/import', requireOwner, adminSiteFromBody, ...importHandlers)
    .delete('/subscribers/:id', requireOwner, adminSiteFromQuery, ...deleteSubscriberHandlers)
    .post('/subscribers/:id/unsubscribe', requireOwner, adminSiteFromQuery, ...unsubscribeHandlers);
}
