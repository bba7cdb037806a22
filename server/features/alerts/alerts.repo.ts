import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { type AlertDigest, alertDigestComments, comments, editorAlerts, editors, flags, outbox, pages, sites } from '../../../db/schema.ts';

/** One site's alert choices of an editor, as the account page shows them (off where never set). */
export interface SiteAlerts {
  site: { id: string; name: string };
  digest: AlertDigest;
  flagged: boolean;
  lastDigestAt: number | null;
  /** The zone the daily digest keeps time in (UTC until the editor chooses). */
  timeZone: string;
}

/** The editor's choices for every site (each editor may moderate every site), by site name. */
export async function alertSettingsOf(db: AppDb, editorId: string): Promise<SiteAlerts[]> {
  const rows = await db
    .select({ id: sites.id, name: sites.name, digest: editorAlerts.digest, flagged: editorAlerts.flagged, lastDigestAt: editorAlerts.lastDigestAt, timeZone: editorAlerts.timeZone })
    .from(sites)
    .leftJoin(editorAlerts, and(eq(editorAlerts.siteId, sites.id), eq(editorAlerts.editorId, editorId)))
    .orderBy(asc(sites.name), asc(sites.id))
    .all();
  return rows.map((r) => ({ site: { id: r.id, name: r.name }, digest: r.digest ?? 'off', flagged: r.flagged ?? false, lastDigestAt: r.lastDigestAt ?? null, timeZone: r.timeZone ?? 'UTC' }));
}

/** Which of these site ids exist. */
export async function existingSiteIds(db: AppDb, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: sites.id }).from(sites).where(inArray(sites.id, ids)).all();
  return new Set(rows.map((r) => r.id));
}

/**
 * Saves an editor's choices for one site. The next digest's due time changes only with the
 * schedule or the zone, so saving the same choices again neither skips nor repeats a digest.
 */
export function saveAlertsStatement(
  db: AppDb,
  a: { editorId: string; siteId: string; digest: AlertDigest; flagged: boolean; timeZone: string; digestDueAt: number | null; now: number },
): AtomicStatement {
  return db
    .insert(editorAlerts)
    .values({ editorId: a.editorId, siteId: a.siteId, digest: a.digest, flagged: a.flagged, timeZone: a.timeZone, digestDueAt: a.digestDueAt, updatedAt: a.now })
    .onConflictDoUpdate({
      target: [editorAlerts.editorId, editorAlerts.siteId],
      set: {
        flagged: a.flagged,
        updatedAt: a.now,
        digestDueAt: sql`case when ${editorAlerts.digest} = excluded.digest and ${editorAlerts.timeZone} = excluded.time_zone then ${editorAlerts.digestDueAt} else excluded.digest_due_at end`,
        digest: a.digest,
        timeZone: a.timeZone,
      },
    });
}

/** Turns one kind of alert off (the unsubscribe link); nothing happens for an unknown editor or site. */
export function turnOffStatement(db: AppDb, editorId: string, siteId: string, kind: 'digest' | 'flagged', now: number): AtomicStatement {
  const set = kind === 'digest' ? { digest: 'off' as const, digestDueAt: null, updatedAt: now } : { flagged: false, updatedAt: now };
  return db.update(editorAlerts).set(set).where(and(eq(editorAlerts.editorId, editorId), eq(editorAlerts.siteId, siteId)));
}

/** A digest that is due: whom to mail, about which site. */
export interface DueDigest {
  editorId: string;
  email: string;
  siteId: string;
  siteName: string;
  digest: AlertDigest;
  digestDueAt: number;
  timeZone: string;
}

/** The digests due at `now`, longest waiting first (one range read of editor_alerts_due_idx). */
export async function dueDigests(db: AppDb, now: number, limit: number): Promise<DueDigest[]> {
  const rows = await db
    .select({ editorId: editorAlerts.editorId, email: editors.email, siteId: editorAlerts.siteId, siteName: sites.name, digest: editorAlerts.digest, digestDueAt: editorAlerts.digestDueAt, timeZone: editorAlerts.timeZone })
    .from(editorAlerts)
    .innerJoin(editors, eq(editors.id, editorAlerts.editorId))
    .innerJoin(sites, eq(sites.id, editorAlerts.siteId))
    .where(lte(editorAlerts.digestDueAt, now))
    .orderBy(asc(editorAlerts.digestDueAt))
    .limit(limit)
    .all();
  return rows.map((r) => ({ ...r, digestDueAt: r.digestDueAt ?? now }));
}

/**
 * Marks a digest as done for its period: the next one is due at `nextDue`. Only if it is still
 * the digest that was read as due, so a second run that read the same row changes nothing.
 */
export function digestDoneStatement(db: AppDb, d: { editorId: string; siteId: string; dueAt: number; nextDue: number; sentAt: number | null }): AtomicStatement {
  return db
    .update(editorAlerts)
    .set({ digestDueAt: d.nextDue, ...(d.sentAt === null ? {} : { lastDigestAt: d.sentAt }) })
    .where(and(eq(editorAlerts.editorId, d.editorId), eq(editorAlerts.siteId, d.siteId), eq(editorAlerts.digestDueAt, d.dueAt)));
}

/**
 * Records which comments a digest quotes. Two runs at once may each record their own list for
 * the one email that is kept (its key is the period's): recording both lists can only make an
 * erasure empty a digest that did not quote the person, never miss one that did.
 */
export function digestQuotesStatement(db: AppDb, outboxKey: string, commentIds: string[]): AtomicStatement {
  return db
    .insert(alertDigestComments)
    .values(commentIds.map((commentId) => ({ commentId, outboxKey })))
    .onConflictDoNothing();
}

/**
 * Withdraws a queued digest (and what it recorded) if any comment it quotes has been emptied
 * (`deleted_at`: an erasure, or its author deleting it) since the digest's list was read.
 */
export function withdrawIfQuotedErasedStatements(db: AppDb, outboxKey: string, commentIds: string[]): AtomicStatement[] {
  const emptied = sql`exists (select 1 from ${comments} where ${comments.id} in (select value from json_each(${JSON.stringify(commentIds)})) and ${comments.deletedAt} is not null)`;
  return [
    db.delete(outbox).where(and(eq(outbox.idempotencyKey, outboxKey), eq(outbox.status, 'queued'), emptied)),
    // What it recorded goes with it; a digest of this period already sent keeps its record.
    db.delete(alertDigestComments).where(and(eq(alertDigestComments.outboxKey, outboxKey), sql`not exists (select 1 from ${outbox} where ${outbox.idempotencyKey} = ${outboxKey})`)),
  ];
}

/** A comment waiting in a site's queue, as a digest lists it. */
export interface WaitingComment {
  id: string;
  siteId: string;
  authorName: string;
  bodySource: string;
  createdAt: number;
  pageTitle: string | null;
  pageKey: string;
  /** How many comments wait on the site in all. */
  waiting: number;
}

/**
 * The oldest `perSite` comments waiting for review (held, status pending) on each of the sites,
 * oldest first, each with the site's total: one query over comments_site_status_idx.
 */
export async function oldestWaiting(db: AppDb, siteIds: string[], perSite: number): Promise<WaitingComment[]> {
  if (siteIds.length === 0) return [];
  const ranked = db
    .select({
      id: comments.id,
      siteId: comments.siteId,
      authorName: comments.authorName,
      bodySource: comments.bodySource,
      createdAt: comments.createdAt,
      pageTitle: sql<string | null>`${pages.title}`.as('page_title'),
      pageKey: sql<string>`${pages.key}`.as('page_key'),
      rank: sql<number>`row_number() over (partition by ${comments.siteId} order by ${comments.createdAt}, ${comments.id})`.as('rank'),
      waiting: sql<number>`count(*) over (partition by ${comments.siteId})`.as('waiting'),
    })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(and(inArray(comments.siteId, siteIds), eq(comments.status, 'pending')))
    .as('ranked');
  return db
    .select({ id: ranked.id, siteId: ranked.siteId, authorName: ranked.authorName, bodySource: ranked.bodySource, createdAt: ranked.createdAt, pageTitle: ranked.pageTitle, pageKey: ranked.pageKey, waiting: ranked.waiting })
    .from(ranked)
    .where(lte(ranked.rank, perSite))
    .orderBy(asc(ranked.siteId), asc(ranked.rank))
    .all();
}

/** The editors who asked to hear at once of a reported comment on the site. */
export async function flaggedAlertRecipients(db: AppDb, siteId: string): Promise<{ editorId: string; email: string }[]> {
  return db
    .select({ editorId: editorAlerts.editorId, email: editors.email })
    .from(editorAlerts)
    .innerJoin(editors, eq(editors.id, editorAlerts.editorId))
    .where(and(eq(editorAlerts.siteId, siteId), eq(editorAlerts.flagged, true)))
    .all();
}

/** A reported comment as the alert shows it. */
export async function reportedComment(db: AppDb, commentId: string) {
  return db
    .select({ authorName: comments.authorName, bodySource: comments.bodySource, pageTitle: pages.title, pageKey: pages.key })
    .from(comments)
    .innerJoin(pages, eq(pages.id, comments.pageId))
    .where(eq(comments.id, commentId))
    .get();
}

/**
 * Takes back a queued alert, in the same write that queued it, unless that write's report is new
 * and brought the comment to the threshold. Which report crosses it is known only when the write
 * runs (reports arrive concurrently), so the alert is queued and kept or dropped by this check;
 * the alert's idempotency key then lets only the first crossing through.
 */
export function dropUnlessCrossedStatement(db: AppDb, a: { outboxId: string; flagId: string; commentId: string; threshold: number }): AtomicStatement {
  const reached = sql`exists (select 1 from ${flags} where ${flags.id} = ${a.flagId}) and coalesce((select ${comments.flagCount} from ${comments} where ${comments.id} = ${a.commentId}), 0) >= ${a.threshold}`;
  return db.delete(outbox).where(and(eq(outbox.id, a.outboxId), sql`not (${reached})`));
}
