/**
 * Everything Parley holds about one email address, on every site: what a privacy request's
 * "find" shows and its "export" hands over.
 */
import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { normaliseEmail } from './erase.ts';

/** Raised when the format of the personal-data file changes meaning. */
export const PERSONAL_DATA_VERSION = 1;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface PersonalComment {
  id: string;
  site: string;
  page: { key: string; url: string | null; title: string | null };
  parentId: string | null;
  authorName: string;
  body: string;
  status: string;
  /** Replies by anyone: a comment with replies is kept as a placeholder when erased. */
  replies: number;
  createdAt: string;
  editedAt: string | null;
}

export interface PersonalData {
  format: 'parley-personal-data';
  version: number;
  email: string;
  exportedAt: string;
  comments: PersonalComment[];
  subscribers: {
    site: string;
    name: string | null;
    status: string;
    createdAt: string;
    subscriptions: { topic: string; target: string; status: string; createdAt: string; confirmedAt: string | null; unsubscribedAt: string | null }[];
  }[];
  /** On the do-not-mail list, and why (bounce, complaint, request). */
  doNotMail: { reason: string; createdAt: string } | null;
  /** Bans naming the address (kept by an erasure). */
  bans: { site: string; reason: string | null; createdAt: string; expiresAt: string | null }[];
  /** Mail sent or queued to the address. */
  emails: { kind: string; subject: string; status: string; createdAt: string; sentAt: string | null }[];
}

export async function findPersonalData(db: AppDb, rawEmail: string, now: number): Promise<PersonalData> {
  const email = normaliseEmail(rawEmail);
  const comments = await db.all<{
    id: string; siteId: string; key: string; url: string | null; title: string | null; parentId: string | null; authorName: string;
    bodySource: string; status: string; replies: number; createdAt: number; editedAt: number | null;
  }>(sql`select c.id, c.site_id as siteId, p.key, p.url, p.title, c.parent_id as parentId, c.author_name as authorName, c.body_source as bodySource,
      c.status, (select count(*) from comments k where k.parent_id = c.id) as replies, c.created_at as createdAt, c.edited_at as editedAt
    from comments c join pages p on p.id = c.page_id where lower(c.author_email) = ${email} order by c.created_at, c.id`);
  const subscribers = await db.all<{ id: string; siteId: string; name: string | null; status: string; createdAt: number }>(
    sql`select id, site_id as siteId, name, status, created_at as createdAt from subscribers where lower(email) = ${email} order by site_id`,
  );
  const subscriptions = subscribers.length
    ? await db.all<{ subscriberId: string; topic: string; target: string; status: string; createdAt: number; confirmedAt: number | null; unsubscribedAt: number | null }>(
        sql`select subscriber_id as subscriberId, topic, target, status, created_at as createdAt, confirmed_at as confirmedAt, unsubscribed_at as unsubscribedAt
          from subscriptions where subscriber_id in (select value from json_each(${JSON.stringify(subscribers.map((s) => s.id))})) order by created_at, id`,
      )
    : [];
  const suppression = await db.get<{ reason: string; createdAt: number }>(sql`select reason, created_at as createdAt from suppressions where lower(email) = ${email}`);
  const bans = await db.all<{ siteId: string; reason: string | null; createdAt: number; expiresAt: number | null }>(
    sql`select site_id as siteId, reason, created_at as createdAt, expires_at as expiresAt from bans where kind = 'email' and lower(value) = ${email} order by created_at`,
  );
  const emails = await db.all<{ kind: string; subject: string; status: string; createdAt: number; sentAt: number | null }>(
    sql`select kind, subject, status, created_at as createdAt, sent_at as sentAt from outbox where lower(to_email) = ${email} order by created_at, id`,
  );
  return {
    format: 'parley-personal-data',
    version: PERSONAL_DATA_VERSION,
    email,
    exportedAt: iso(now)!,
    comments: comments.map((c) => ({
      id: c.id,
      site: c.siteId,
      page: { key: c.key, url: c.url, title: c.title },
      parentId: c.parentId,
      authorName: c.authorName,
      body: c.bodySource,
      status: c.status,
      replies: c.replies,
      createdAt: iso(c.createdAt)!,
      editedAt: iso(c.editedAt),
    })),
    subscribers: subscribers.map((s) => ({
      site: s.siteId,
      name: s.name,
      status: s.status,
      createdAt: iso(s.createdAt)!,
      subscriptions: subscriptions
        .filter((x) => x.subscriberId === s.id)
        .map((x) => ({ topic: x.topic, target: x.target, status: x.status, createdAt: iso(x.createdAt)!, confirmedAt: iso(x.confirmedAt), unsubscribedAt: iso(x.unsubscribedAt) })),
    })),
    doNotMail: suppression ? { reason: suppression.reason, createdAt: iso(suppression.createdAt)! } : null,
    bans: bans.map((b) => ({ site: b.siteId, reason: b.reason, createdAt: iso(b.createdAt)!, expiresAt: iso(b.expiresAt) })),
    emails: emails.map((m) => ({ kind: m.kind, subject: m.subject, status: m.status, createdAt: iso(m.createdAt)!, sentAt: iso(m.sentAt) })),
  };
}
