import { type SQL, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type CommentStatus, webhookDeliveries, type WebhookEvent } from '../../../db/schema.ts';

/*
 * The webhook outbox rows an event writes: one INSERT … SELECT per event, run in the same atomic
 * write as its cause. The SELECT picks the site's enabled endpoints that want the event and builds
 * the payload from the rows as the write leaves them, so nothing is read before the write (D1's
 * batch cannot pass one statement's result to the next) and a write that fails, or whose guard
 * finds that another request changed the row first, queues nothing.
 */

/** When the event happened, as the payload's `timestamp` and the ISO form of stored times. */
const iso = (column: SQL) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch')`;

/** The row values of a delivery in the table's column order (drizzle inserts every column). */
function deliveryRow(type: string, payload: SQL, now: number): SQL {
  return sql`'msg_' || lower(hex(randomblob(12))), e.id, ${type}, ${payload}, 'queued', 0, ${now}, 0, null, null, null, null, ${now}, null`;
}

/** Endpoints `e` of the site that are on and want `type`. */
function wanting(type: string): SQL {
  return sql`e.enabled = 1 and exists (select 1 from json_each(e.events) where json_each.value = ${type})`;
}

function envelope(type: string, now: number, data: SQL): SQL {
  return sql`json_object('type', ${type}, 'timestamp', ${new Date(now).toISOString()}, 'data', ${data})`;
}

const SITE = sql`json_object('id', s.id, 'name', s.name)`;
const PAGE = sql`json_object('key', p.key, 'url', p.url, 'title', p.title)`;
// The author's email and IP hash are never sent: a webhook goes to another system, and the
// owner can read them in the dashboard when they must.
const COMMENT = sql`json_object('id', c.id, 'parentId', c.parent_id, 'authorName', c.author_name, 'body', c.body_source, 'status', c.status, 'url', case when p.url is null then null else p.url || '#comment-' || c.id end, 'createdAt', ${iso(sql`c.created_at`)})`;

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

/** The deliveries of a comment event; run it after the statements that cause the event. */
export function commentEventStatement(db: AppDb, e: { siteId: string; type: WebhookEvent; commentId: string; guard: CommentEventGuard; now: number }): AtomicStatement {
  const g = e.guard;
  const flagJoin = g.kind === 'flag' ? sql`join flags f on f.id = ${g.flagId} and f.comment_id = c.id` : sql``;
  const guard =
    g.kind === 'created'
      ? sql`c.created_at = ${e.now}`
      : g.kind === 'status'
        ? sql`c.status = ${g.status} and c.updated_at = ${e.now}`
        : g.kind === 'erased'
          ? sql`c.deleted_at = ${e.now}`
          : sql`1 = 1`;
  const data =
    g.kind === 'flag'
      ? sql`json_object('site', ${SITE}, 'page', ${PAGE}, 'comment', ${COMMENT}, 'flag', json_object('reason', f.reason))`
      : sql`json_object('site', ${SITE}, 'page', ${PAGE}, 'comment', ${COMMENT})`;
  return db.insert(webhookDeliveries).select(
    sql`select ${deliveryRow(e.type, envelope(e.type, e.now, data), e.now)}
        from webhook_endpoints e
        join comments c on c.id = ${e.commentId} and c.site_id = e.site_id
        join pages p on p.id = c.page_id
        join sites s on s.id = e.site_id
        ${flagJoin}
        where e.site_id = ${e.siteId} and ${wanting(e.type)} and ${guard}`,
  );
}

/**
 * The deliveries of a subscriber event: some of the subscriber's subscriptions became `status`
 * in this write. The address is sent: the list is the site owner's own, and knowing who joined or
 * left it is what these events are for (README).
 */
export function subscriberEventStatement(db: AppDb, e: { subscriberId: string; type: 'subscriber.confirmed' | 'subscriber.unsubscribed'; now: number }): AtomicStatement {
  const [status, at] = e.type === 'subscriber.confirmed' ? ['confirmed', sql`x.confirmed_at`] : ['unsubscribed', sql`x.unsubscribed_at`];
  const changed = sql`from subscriptions x where x.subscriber_id = sub.id and x.status = ${status} and ${at} = ${e.now}`;
  const data = sql`json_object('site', ${SITE}, 'subscriber', json_object('id', sub.id, 'email', sub.email, 'name', sub.name, 'subscriptions', json((select json_group_array(json_object('topic', x.topic, 'target', x.target)) ${changed}))))`;
  return db.insert(webhookDeliveries).select(
    sql`select ${deliveryRow(e.type, envelope(e.type, e.now, data), e.now)}
        from webhook_endpoints e
        join subscribers sub on sub.id = ${e.subscriberId} and sub.site_id = e.site_id
        join sites s on s.id = e.site_id
        where ${wanting(e.type)} and exists (select 1 ${changed})`,
  );
}

/** The deliveries of `broadcast.sent`: the broadcast was marked sent in this write. */
export function broadcastSentStatement(db: AppDb, e: { broadcastId: string; now: number }): AtomicStatement {
  const type = 'broadcast.sent';
  const data = sql`json_object('site', ${SITE}, 'broadcast', json_object('id', b.id, 'subject', b.subject, 'recipients', b.recipients, 'sentAt', ${iso(sql`b.sent_at`)}))`;
  return db.insert(webhookDeliveries).select(
    sql`select ${deliveryRow(type, envelope(type, e.now, data), e.now)}
        from webhook_endpoints e
        join broadcasts b on b.id = ${e.broadcastId} and b.site_id = e.site_id
        join sites s on s.id = e.site_id
        where ${wanting(type)} and b.status = 'sent' and b.sent_at = ${e.now}`,
  );
}

/** A `webhook.test` delivery to one endpoint, whatever events it wants and even while it is off. */
export function testEventStatement(db: AppDb, e: { id: string; endpointId: string; now: number }): AtomicStatement {
  const type = 'webhook.test';
  const data = sql`json_object('site', ${SITE}, 'endpoint', json_object('id', e.id, 'url', e.url), 'message', 'This is a test event sent from the Parley dashboard.')`;
  return db.insert(webhookDeliveries).select(
    sql`select ${e.id}, e.id, ${type}, ${envelope(type, e.now, data)}, 'queued', 0, ${e.now}, 0, null, null, null, null, ${e.now}, null
        from webhook_endpoints e join sites s on s.id = e.site_id where e.id = ${e.endpointId}`,
  );
}
