/**
 * The rows about one (normalised) email address on every site, for a privacy request's "find"
 * and "export" (find.ts shapes them).
 */
import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';

export async function commentsByEmail(db: AppDb, email: string) {
  return db.all<{
    id: string; siteId: string; key: string; url: string | null; title: string | null; parentId: string | null; authorName: string;
    bodySource: string; status: string; replies: number; createdAt: number; editedAt: number | null;
  }>(sql`select c.id, c.site_id as siteId, p.key, p.url, p.title, c.parent_id as parentId, c.author_name as authorName, c.body_source as bodySource,
      c.status, (select count(*) from comments k where k.parent_id = c.id) as replies, c.created_at as createdAt, c.edited_at as editedAt
    from comments c join pages p on p.id = c.page_id where lower(c.author_email) = ${email} order by c.created_at, c.id`);
}

export async function subscribersByEmail(db: AppDb, email: string) {
  return db.all<{ id: string; siteId: string; name: string | null; status: string; createdAt: number }>(
    sql`select id, site_id as siteId, name, status, created_at as createdAt from subscribers where lower(email) = ${email} order by site_id`,
  );
}

export async function subscriptionsOfSubscribers(db: AppDb, subscriberIds: string[]) {
  return db.all<{ subscriberId: string; topic: string; target: string; status: string; createdAt: number; confirmedAt: number | null; unsubscribedAt: number | null }>(
    sql`select subscriber_id as subscriberId, topic, target, status, created_at as createdAt, confirmed_at as confirmedAt, unsubscribed_at as unsubscribedAt
          from subscriptions where subscriber_id in (select value from json_each(${JSON.stringify(subscriberIds)})) order by created_at, id`,
  );
}

export async function suppressionOf(db: AppDb, email: string) {
  return db.get<{ reason: string; createdAt: number }>(sql`select reason, created_at as createdAt from suppressions where lower(email) = ${email}`);
}

export async function emailBans(db: AppDb, email: string) {
  return db.all<{ siteId: string; reason: string | null; createdAt: number; expiresAt: number | null }>(
    sql`select site_id as siteId, reason, created_at as createdAt, expires_at as expiresAt from bans where kind = 'email' and lower(value) = ${email} order by created_at`,
  );
}

export async function mailTo(db: AppDb, email: string) {
  return db.all<{ kind: string; subject: string; status: string; createdAt: number; sentAt: number | null }>(
    sql`select kind, subject, status, created_at as createdAt, sent_at as sentAt from outbox where lower(to_email) = ${email} order by created_at, id`,
  );
}
