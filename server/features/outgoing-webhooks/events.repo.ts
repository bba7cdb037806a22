import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { preparedPer } from '../../../db/prepared.ts';
import { type CommentStatus, webhookDeliveries, webhookEndpoints, type WebhookEvent } from '../../../db/schema.ts';

/*
 * The webhook outbox rows an event writes: one INSERT … SELECT per event, run in the same atomic
 * write as its cause. The SELECT picks the site's enabled endpoints that want the event and builds
 * the payload from the rows as the write leaves them, so nothing is read before the write (D1's
 * batch cannot pass one statement's result to the next) and a write that fails, or whose guard
 * finds that another request changed the row first, queues nothing.
 *
 * These statements run in every post, approval and report, mostly for sites with no endpoint at
 * all; their SQL text is therefore fixed once here, with `?` for the few values of each event,
 * so building one costs a handful of chunks rather than drizzle walking hundreds of fragments.
 */

/** A fixed SQL text with `?` for values (the text holds no other question mark). */
function template(text: string): (...values: unknown[]) => SQL {
  const parts = text.split('?');
  return (...values) => {
    if (values.length !== parts.length - 1) throw new Error(`expected ${parts.length - 1} values, got ${values.length}`);
    const chunks: SQL[] = [sql.raw(parts[0]!)];
    values.forEach((value, i) => chunks.push(sql`${value}`, sql.raw(parts[i + 1]!)));
    return sql.join(chunks);
  };
}

const iso = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch')`;

/**
 * The row values of a delivery in the table's column order (drizzle inserts every column); the
 * values are the event type and the time (twice each, through the envelope). The delivery id is
 * made by SQLite: one row per endpoint, all in one statement.
 */
const row = (data: string) =>
  `'msg_' || lower(hex(randomblob(12))), e.id, ?, json_object('type', ?, 'timestamp', ?, 'data', ${data}), 'queued', 0, ?, 0, null, null, null, null, ?, null`;

/** Endpoints `e` that are on and want the event (its type the value). */
const WANTING = `e.enabled = 1 and exists (select 1 from json_each(e.events) where json_each.value = ?)`;

const SITE = `json_object('id', s.id, 'name', s.name)`;
const PAGE = `json_object('key', p.key, 'url', p.url, 'title', p.title)`;
// The author's email and IP hash are never sent: a webhook goes to another system, and the
// owner can read them in the dashboard when they must.
const COMMENT = `json_object('id', c.id, 'parentId', c.parent_id, 'authorName', c.author_name, 'body', c.body_source, 'status', c.status, 'url', case when p.url is null then null else p.url || '#comment-' || c.id end, 'createdAt', ${iso('c.created_at')})`;

const COMMENT_FROM = `from webhook_endpoints e
  join comments c on c.id = ? and c.site_id = e.site_id
  join pages p on p.id = c.page_id
  join sites s on s.id = e.site_id`;

/** What makes a comment event true after the write: the row as the cause left it. */
export type CommentEventGuard =
  /** The comment was inserted by this write. */
  | { kind: 'created' }
  /** This write moved the comment to `status` (its updated_at is this write's time). */
  | { kind: 'status'; status: CommentStatus }
  /** Its author deleted it in this write (its words are already erased when the payload is built). */
  | { kind: 'erased' }
  /** This write stored the reader's report `flagId` (a repeated report stores nothing). */
  | { kind: 'flag'; flagId: string };

/** Per guard: the statement's text, and its values after (type, type, timestamp, now, now, commentId, siteId, type). */
const COMMENT_EVENTS = {
  created: template(`select ${row(`json_object('site', ${SITE}, 'page', ${PAGE}, 'comment', ${COMMENT})`)} ${COMMENT_FROM} where e.site_id = ? and ${WANTING} and c.created_at = ?`),
  status: template(`select ${row(`json_object('site', ${SITE}, 'page', ${PAGE}, 'comment', ${COMMENT})`)} ${COMMENT_FROM} where e.site_id = ? and ${WANTING} and c.status = ? and c.updated_at = ?`),
  erased: template(`select ${row(`json_object('site', ${SITE}, 'page', ${PAGE}, 'comment', ${COMMENT})`)} ${COMMENT_FROM} where e.site_id = ? and ${WANTING} and c.deleted_at = ?`),
  flag: template(
    `select ${row(`json_object('site', ${SITE}, 'page', ${PAGE}, 'comment', ${COMMENT}, 'flag', json_object('reason', f.reason))`)} ${COMMENT_FROM} join flags f on f.id = ? and f.comment_id = c.id where e.site_id = ? and ${WANTING}`,
  ),
};

const queries = preparedPer((db) => ({
  wanting: db
    .select({ one: sql<number>`1` })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.siteId, sql.placeholder('siteId')),
        eq(webhookEndpoints.enabled, true),
        sql`exists (select 1 from json_each(${webhookEndpoints.events}) where json_each.value = ${sql.placeholder('type')})`,
      ),
    )
    .limit(1)
    .prepare(),
}));

/**
 * The deliveries of a comment event, or none when no enabled endpoint of the site wants it (most
 * sites have none, and this read, prepared once, costs a fraction of building the insert). An
 * endpoint added while the write runs may miss that one event; one turned off meanwhile still
 * gets nothing, since the insert checks again.
 */
export async function commentEventStatements(db: AppDb, e: Parameters<typeof commentEventStatement>[1]): Promise<AtomicStatement[]> {
  const wanted = await queries(db).wanting.get({ siteId: e.siteId, type: e.type });
  return wanted ? [commentEventStatement(db, e)] : [];
}

/** The deliveries of a comment event; run it after the statements that cause the event. */
export function commentEventStatement(db: AppDb, e: { siteId: string; type: WebhookEvent; commentId: string; guard: CommentEventGuard; now: number }): AtomicStatement {
  const head = [e.type, e.type, new Date(e.now).toISOString(), e.now, e.now];
  const g = e.guard;
  const select =
    g.kind === 'created'
      ? COMMENT_EVENTS.created(...head, e.commentId, e.siteId, e.type, e.now)
      : g.kind === 'status'
        ? COMMENT_EVENTS.status(...head, e.commentId, e.siteId, e.type, g.status, e.now)
        : g.kind === 'erased'
          ? COMMENT_EVENTS.erased(...head, e.commentId, e.siteId, e.type, e.now)
          : COMMENT_EVENTS.flag(...head, e.commentId, g.flagId, e.siteId, e.type);
  return db.insert(webhookDeliveries).select(select);
}

const SUBSCRIBER_EVENT = {
  'subscriber.confirmed': { status: 'confirmed', at: 'x.confirmed_at' },
  'subscriber.unsubscribed': { status: 'unsubscribed', at: 'x.unsubscribed_at' },
} as const;
const subscriberChanged = (type: keyof typeof SUBSCRIBER_EVENT) =>
  `from subscriptions x where x.subscriber_id = sub.id and x.status = '${SUBSCRIBER_EVENT[type].status}' and ${SUBSCRIBER_EVENT[type].at} = ?`;
const subscriberTemplate = (type: keyof typeof SUBSCRIBER_EVENT) =>
  template(
    `select ${row(`json_object('site', ${SITE}, 'subscriber', json_object('id', sub.id, 'email', sub.email, 'name', sub.name, 'subscriptions', json((select json_group_array(json_object('topic', x.topic, 'target', x.target)) ${subscriberChanged(type)}))))`)}
     from webhook_endpoints e
     join subscribers sub on sub.id = ? and sub.site_id = e.site_id
     join sites s on s.id = e.site_id
     where ${WANTING} and exists (select 1 ${subscriberChanged(type)})`,
  );
const SUBSCRIBER_EVENTS = { 'subscriber.confirmed': subscriberTemplate('subscriber.confirmed'), 'subscriber.unsubscribed': subscriberTemplate('subscriber.unsubscribed') };

/**
 * The deliveries of a subscriber event: some of the subscriber's subscriptions became confirmed
 * (or unsubscribed) in this write. The address is sent: the list is the site owner's own, and
 * knowing who joined or left it is what these events are for (README).
 */
export function subscriberEventStatement(db: AppDb, e: { subscriberId: string; type: keyof typeof SUBSCRIBER_EVENT; now: number }): AtomicStatement {
  return db.insert(webhookDeliveries).select(SUBSCRIBER_EVENTS[e.type](e.type, e.type, new Date(e.now).toISOString(), e.now, e.now, e.now, e.subscriberId, e.type, e.now));
}

const BROADCAST_SENT = template(
  `select ${row(`json_object('site', ${SITE}, 'broadcast', json_object('id', b.id, 'subject', b.subject, 'recipients', b.recipients, 'sentAt', ${iso('b.sent_at')}))`)}
   from webhook_endpoints e
   join broadcasts b on b.id = ? and b.site_id = e.site_id
   join sites s on s.id = e.site_id
   where ${WANTING} and b.status = 'sent' and b.sent_at = ?`,
);

/** The deliveries of `broadcast.sent`: the broadcast was marked sent in this write. */
export function broadcastSentStatement(db: AppDb, e: { broadcastId: string; now: number }): AtomicStatement {
  const type = 'broadcast.sent';
  return db.insert(webhookDeliveries).select(BROADCAST_SENT(type, type, new Date(e.now).toISOString(), e.now, e.now, e.broadcastId, type, e.now));
}

const TEST_EVENT = template(
  `select ?, e.id, ?, json_object('type', ?, 'timestamp', ?, 'data', json_object('site', ${SITE}, 'endpoint', json_object('id', e.id, 'url', e.url), 'message', 'This is a test event sent from the Parley dashboard.')), 'queued', 0, ?, 0, null, null, null, null, ?, null
   from webhook_endpoints e join sites s on s.id = e.site_id where e.id = ?`,
);

/** A `webhook.test` delivery to one endpoint, whatever events it wants and even while it is off. */
export function testEventStatement(db: AppDb, e: { id: string; endpointId: string; now: number }): AtomicStatement {
  const type = 'webhook.test';
  return db.insert(webhookDeliveries).select(TEST_EVENT(e.id, type, type, new Date(e.now).toISOString(), e.now, e.now, e.endpointId));
}
