import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { atomic } from '../../../db/atomic.ts';
import { queryInChunks } from '../../../db/chunks.ts';
import { broadcasts, outbox, pages, subscribers, subscriptions } from '../../../db/schema.ts';
import type { AppEnv } from '../../app-env.ts';
import { AppError } from '../../errors.ts';
import { emailAddress } from '../../http/email-address.ts';
import { parseJsonBody, parseQuery } from '../../http/validation.ts';
import { newId } from '../../ids.ts';
import { enqueueStatement } from '../../mail/outbox.ts';
import { requireOwner } from '../editors/index.ts';
import { auditStatement } from '../../audit.ts';
import { pageKeyFromPath, requireSite, type Site, siteParam } from '../sites/index.ts';
import { broadcastCounts, queueBulkSend, sendBroadcast } from './broadcasts.ts';
import { redactMailTokens } from './mailbox-redaction.ts';
import { bulkEmail } from './newsletter-email.ts';
import { requestSubscription } from './subscribe.ts';
import { parseCsv, toCsv } from '../../csv.ts';
import { upsertSubscriber } from './subscriptions.repo.ts';

const composeSchema = z.object({
  site: siteParam,
  subject: z.string().trim().min(1, 'Subject is required.').max(200, 'Subject must be at most 200 characters.'),
  body: z.string().trim().min(1, 'Body is required.').max(100_000, 'Body must be at most 100,000 characters.'),
});
const subscribersQuery = z.object({
  site: siteParam,
  status: z.enum(['unconfirmed', 'confirmed', 'unsubscribed', 'blocked']).optional(),
  topic: z.enum(['newsletter', 'page', 'replies']).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const importSchema = z.object({
  site: siteParam,
  /** CSV with a header row: email, name (optional), topics (optional, e.g. "newsletter"). */
  csv: z.string().min(1, 'The CSV is empty.').max(5_000_000, 'The CSV is larger than 5 MB.'),
  /** The importer states these people already agreed to receive the newsletter. */
  consented: z.boolean().default(false),
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Newsletter, story updates, subscribers and the mailbox, under /api/v1/admin: owners only. A
 * moderator works the comments; mailing lists, readers' addresses and the mail sent to them
 * (whose links sign a reader in) are not theirs to see.
 */
export function newsletterAdminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const siteOr404 = (c: { var: AppEnv['Variables'] }, id: string): Promise<Site> => requireSite(c.var.deps.db, id);
  const broadcastOr404 = async (c: { var: AppEnv['Variables'] }, id: string) => {
    const row = await c.var.deps.db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
    if (!row) throw new AppError('not_found', 'There is no such broadcast.');
    return row;
  };
  const broadcastJson = async (c: { var: AppEnv['Variables'] }, b: typeof broadcasts.$inferSelect) => ({
    id: b.id,
    site: b.siteId,
    subject: b.subject,
    body: b.bodySource,
    status: b.status,
    recipients: b.recipients,
    createdAt: iso(b.createdAt),
    sentAt: iso(b.sentAt),
    counts: await broadcastCounts(c.var.deps.db, b.id),
  });

  app.post('/broadcasts', requireOwner, async (c) => {
    const input = await parseJsonBody(c, composeSchema);
    await siteOr404(c, input.site);
    const id = newId();
    const [row] = await c.var.deps.db
      .insert(broadcasts)
      .values({ id, siteId: input.site, subject: input.subject, bodySource: input.body, createdBy: c.var.session.editor.id, createdAt: c.var.deps.now() })
      .returning();
    return c.json({ broadcast: await broadcastJson(c, row!) }, 201);
  });

  app.get('/broadcasts', requireOwner, async (c) => {
    const { site } = parseQuery(c, z.object({ site: siteParam }));
    await siteOr404(c, site);
    const rows = await c.var.deps.db.select().from(broadcasts).where(eq(broadcasts.siteId, site)).orderBy(desc(broadcasts.createdAt)).limit(100).all();
    return c.json({ broadcasts: await Promise.all(rows.map((b) => broadcastJson(c, b))) });
  });

  app.get('/broadcasts/:id', requireOwner, async (c) => c.json({ broadcast: await broadcastJson(c, await broadcastOr404(c, c.req.param('id'))) }));

  app.post('/broadcasts/:id/test', requireOwner, async (c) => {
    const { db, now, publicUrl } = c.var.deps;
    const b = await broadcastOr404(c, c.req.param('id'));
    const site = await siteOr404(c, b.siteId);
    const at = now();
    const mail = bulkEmail({
      siteName: site.name,
      subject: `[Test] ${b.subject}`,
      bodySource: b.bodySource,
      unsubscribe: { url: `${publicUrl}/newsletter/unsubscribe/test`, manageUrl: `${publicUrl}/newsletter/manage/test` },
      reason: 'This is a test send to you as an editor; subscribers have not received it.',
    });
    await atomic(db, [enqueueStatement(db, { siteId: site.id, kind: 'test', to: c.var.session.editor.email, ...mail }, at)]);
    return c.json({ sentTo: c.var.session.editor.email });
  });

  app.post('/broadcasts/:id/send', requireOwner, async (c) => {
    const { db, now, secret, publicUrl } = c.var.deps;
    const b = await broadcastOr404(c, c.req.param('id'));
    const site = await siteOr404(c, b.siteId);
    const recipients = await sendBroadcast(db, { site, secret, publicUrl, now: now() }, b.id);
    if (recipients === undefined) throw new AppError('conflict', 'This broadcast has already been sent.');
    return c.json({ broadcast: await broadcastJson(c, await broadcastOr404(c, b.id)) });
  });

  app.post('/sites/:site/pages/:key{.+}/updates', requireOwner, async (c) => {
    const { db, now, secret, publicUrl } = c.var.deps;
    const site = await siteOr404(c, c.req.param('site'));
    const key = pageKeyFromPath(c.req.param('key'));
    const input = await parseJsonBody(c, composeSchema.omit({ site: true }));
    const page = await db.select({ id: pages.id, title: pages.title }).from(pages).where(and(eq(pages.siteId, site.id), eq(pages.key, key))).get();
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
  });

  app.get('/subscribers', requireOwner, async (c) => {
    const q = parseQuery(c, subscribersQuery);
    await siteOr404(c, q.site);
    const rows = await listSubscribers(c.var.deps.db, q);
    return c.json({ subscribers: rows });
  });

  app.get('/subscribers/export', requireOwner, async (c) => {
    const q = parseQuery(c, subscribersQuery.extend({ limit: z.coerce.number().int().default(1_000_000) }));
    const site = await siteOr404(c, q.site);
    const rows = await listSubscribers(c.var.deps.db, { ...q, limit: 1_000_000 });
    const csv = toCsv([['email', 'name', 'status', 'topics', 'created_at'], ...rows.map((r) => [r.email, r.name ?? '', r.status, r.topics.map((t) => `${t.topic}:${t.status}`).join(' '), r.createdAt])]);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="subscribers-${site.id}.csv"`);
    return c.body(csv);
  });

  app.post('/subscribers/import', requireOwner, async (c) => {
    const { db, now, secret, publicUrl } = c.var.deps;
    const input = await parseJsonBody(c, importSchema);
    const site = await siteOr404(c, input.site);
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
        await db
          .insert(subscriptions)
          .values({ id: newId(), subscriberId: subscriber.id, topic: 'newsletter', target: '', status: 'confirmed', createdAt: at, confirmedAt: at })
          .onConflictDoNothing();
      } else {
        await requestSubscription(db, { site, email, topics: [{ topic: 'newsletter', target: '' }], publicUrl, secret, now: at });
      }
      report.imported++;
    }
    return c.json(report);
  });

  // A subscriber is changed through the site it belongs to (?site=), and the change is audited by
  // id: the address itself stays out of the log, or deleting a subscriber would not erase it.
  const subscriberOf = async (c: Context<AppEnv>) => {
    const { site } = parseQuery(c, z.object({ site: siteParam }));
    await siteOr404(c, site);
    const row = await c.var.deps.db
      .select({ id: subscribers.id, siteId: subscribers.siteId })
      .from(subscribers)
      .where(and(eq(subscribers.id, c.req.param('id') ?? ''), eq(subscribers.siteId, site)))
      .get();
    if (!row) throw new AppError('not_found', 'There is no such subscriber on this site.');
    return row;
  };

  app.delete('/subscribers/:id', requireOwner, async (c) => {
    const { db, now } = c.var.deps;
    const subscriber = await subscriberOf(c);
    await atomic(db, [
      db.delete(subscribers).where(eq(subscribers.id, subscriber.id)),
      auditStatement(db, c.var.session.editor, { siteId: subscriber.siteId, action: 'subscriber.delete', target: subscriber.id }, now()),
    ]);
    return c.body(null, 204);
  });

  app.post('/subscribers/:id/unsubscribe', requireOwner, async (c) => {
    const { db, now } = c.var.deps;
    const subscriber = await subscriberOf(c);
    const at = now();
    await atomic(db, [
      db.update(subscriptions).set({ status: 'unsubscribed', unsubscribedAt: at }).where(and(eq(subscriptions.subscriberId, subscriber.id), sql`${subscriptions.status} != 'unsubscribed'`)),
      auditStatement(db, c.var.session.editor, { siteId: subscriber.siteId, action: 'subscriber.unsubscribe', target: subscriber.id }, at),
    ]);
    return c.json({ unsubscribed: true });
  });

  /** The development mailbox (and the sent log): the newest outbox rows. */
  app.get('/mailbox', requireOwner, async (c) => {
    const { site, to } = parseQuery(c, z.object({ site: siteParam.optional(), to: z.string().max(254).optional() }));
    if (site) await siteOr404(c, site);
    const where = [];
    if (site) where.push(eq(outbox.siteId, site));
    if (to) where.push(eq(outbox.toEmail, to.toLowerCase()));
    const rows = await c.var.deps.db
      .select()
      .from(outbox)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(100)
      .all();
    const { db, secret, now, mailDelivery } = c.var.deps;
    const messages = rows.map((m) => ({ id: m.id, kind: m.kind, to: m.toEmail, subject: m.subject, text: m.text, html: m.html, status: m.status, attempts: m.attempts, lastError: m.lastError, createdAt: iso(m.createdAt), sentAt: iso(m.sentAt) }));
    return c.json({ messages: await redactMailTokens(messages, { db, secret, now: now(), provider: mailDelivery !== 'mailbox' }) });
  });

  return app;
}

async function listSubscribers(db: AppEnv['Variables']['deps']['db'], q: z.output<typeof subscribersQuery>) {
  const where = [eq(subscribers.siteId, q.site)];
  if (q.q) where.push(sql`instr(${subscribers.email}, ${q.q.toLowerCase()}) > 0`);
  if (q.status === 'blocked') where.push(eq(subscribers.status, 'blocked'));
  else if (q.status || q.topic) {
    const sub = db
      .select({ id: subscriptions.subscriberId })
      .from(subscriptions)
      .where(and(...[q.status ? eq(subscriptions.status, q.status) : undefined, q.topic ? eq(subscriptions.topic, q.topic) : undefined].filter((x) => x !== undefined)));
    where.push(inArray(subscribers.id, sub));
  }
  const rows = await db.select().from(subscribers).where(and(...where)).orderBy(desc(subscribers.createdAt)).limit(q.limit).all();
  const subs = rows.length
    ? await queryInChunks(
        rows.map((r) => r.id),
        (ids) => db.select({ subscriberId: subscriptions.subscriberId, topic: subscriptions.topic, status: subscriptions.status }).from(subscriptions).where(inArray(subscriptions.subscriberId, ids)).all(),
      )
    : [];
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status,
    createdAt: iso(r.createdAt)!,
    topics: subs.filter((s) => s.subscriberId === r.id).map((s) => ({ topic: s.topic, status: s.status })),
  }));
}
