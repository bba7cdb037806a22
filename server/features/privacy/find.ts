/**
 * Everything Parley holds about one email address, on every site: what a privacy request's
 * "find" shows and its "export" hands over.
 */
import type { AppDb } from '../../../db/client.ts';
import { normaliseEmail } from './erase.ts';
import { commentsByEmail, emailBans, mailTo, subscribersByEmail, subscriptionsOfSubscribers, suppressionOf } from './personal-data.repo.ts';

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
  const comments = await commentsByEmail(db, email);
  const subscribers = await subscribersByEmail(db, email);
  const subscriptions = subscribers.length ? await subscriptionsOfSubscribers(db, subscribers.map((s) => s.id)) : [];
  const suppression = await suppressionOf(db, email);
  const bans = await emailBans(db, email);
  const emails = await mailTo(db, email);
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
