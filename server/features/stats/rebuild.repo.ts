import { and, eq, like, ne, sql } from 'drizzle-orm';
import type { AtomicStatement } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { emailEvents, instance, sites, statsCounters } from '../../../db/schema.ts';

/*
 * The rollups computed from scratch: the same functions of the base tables' rows that the
 * triggers of migration `stats_counter_triggers` keep up to date, written as GROUP BY queries.
 * Any change here must be made there too (test/api/stats/rebuild.test.ts compares the two).
 */

/** The 15-minute UTC slot (ms) of a time column. */
const slot = (at: string) => `${at} - ${at} % 900000`;

/** The latency histogram's bin (lower edge, seconds, as text) of a wait `s` in whole seconds. */
const latencyBin = (s: string) =>
  `CAST(CASE WHEN ${s} < 120 THEN ${s} WHEN ${s} < 3600 THEN ${s} - ${s} % 30 WHEN ${s} < 86400 THEN ${s} - ${s} % 300 WHEN ${s} < 604800 THEN ${s} - ${s} % 3600 WHEN ${s} < 31536000 THEN ${s} - ${s} % 86400 ELSE 31536000 END AS TEXT)`;

const OUTCOME = `CASE status WHEN 'approved' THEN 'comments.published' WHEN 'pending' THEN 'comments.held' WHEN 'spam' THEN 'comments.spam' WHEN 'rejected' THEN 'comments.refused' END`;

/** A decision on a held comment: it leaves the queue (pending → anything else). */
const DECISION = `before_status = 'pending' AND after_status IS NOT NULL AND after_status != 'pending'`;

/** What each subscription row adds (x: the subscription), one query each (D1 allows few UNION terms). */
const SUBSCRIPTION_CONTRIBUTIONS = [
  { metric: `'newsletter.gained'`, at: 'x.confirmed_at', subject: `''`, when: `x.topic = 'newsletter' AND x.confirmed_at IS NOT NULL AND x.status != 'unconfirmed'` },
  {
    metric: `'newsletter.lost'`,
    at: 'x.unsubscribed_at',
    subject: `''`,
    when: `x.topic = 'newsletter' AND x.status = 'unsubscribed' AND x.confirmed_at IS NOT NULL AND x.unsubscribed_at IS NOT NULL`,
  },
  { metric: `'signup.requested'`, at: 'x.created_at', subject: `''`, when: 'x.source IS NOT NULL' },
  { metric: `'signup.confirmed'`, at: 'x.created_at', subject: `''`, when: 'x.source IS NOT NULL AND x.confirmed_at IS NOT NULL' },
  { metric: `'signup.' || x.source`, at: 'x.created_at', subject: 'x.source_page_id', when: 'x.source IS NOT NULL AND x.source_page_id IS NOT NULL' },
];

/** Counters that only their event writes (no base row to recompute them from): a rebuild keeps them. */
export const EVENT_ONLY_METRICS = ['comments.refusedAtDoor'] as const;

/** The statements that recompute one site's rollups, to run as one atomic write. */
export function rebuildStatements(db: AppDb, siteId: string): AtomicStatement[] {
  const into = () => db.insert(statsCounters);
  const site = sql`${siteId}`;
  return [
    // Mail handed over or delivered before the events were recorded (an installation upgraded
    // with history): their events, once. New events add to the counters deleted just below.
    db
      .insert(emailEvents)
      .select(sql`SELECT id, 'sent', site_id, broadcast_id, sent_at FROM outbox WHERE site_id = ${site} AND broadcast_id IS NOT NULL AND sent_at IS NOT NULL`)
      .onConflictDoNothing(),
    db
      .insert(emailEvents)
      .select(sql`SELECT id, 'delivered', site_id, broadcast_id, delivered_at FROM outbox WHERE site_id = ${site} AND broadcast_id IS NOT NULL AND status = 'delivered' AND delivered_at IS NOT NULL`)
      .onConflictDoNothing(),
    db.delete(statsCounters).where(and(eq(statsCounters.siteId, siteId), ...EVENT_ONLY_METRICS.map((m) => ne(statsCounters.metric, m)))),
    into().select(
      sql`SELECT site_id, ${sql.raw(OUTCOME)}, ${sql.raw(slot('created_at'))}, '', count(*) FROM comments
          WHERE site_id = ${site} AND status IN ('approved', 'pending', 'spam', 'rejected') GROUP BY 2, 3`,
    ),
    into().select(
      sql`SELECT site_id, 'page.comments', ${sql.raw(slot('created_at'))}, page_id, count(*) FROM comments
          WHERE site_id = ${site} AND status IN ('approved', 'pending', 'rejected') GROUP BY 3, 4`,
    ),
    into().select(
      sql`SELECT site_id, 'editor.actions', ${sql.raw(slot('created_at'))}, editor_id, count(*) FROM audit_log
          WHERE site_id = ${site} AND editor_id IS NOT NULL GROUP BY 3, 4`,
    ),
    into().select(
      sql`SELECT ${site}, 'moderation.latency', ${sql.raw(slot('d.at'))}, ${sql.raw(latencyBin('d.s'))}, count(*) FROM (
            SELECT f.at AS at, max(0, (f.at - c.created_at) / 1000) AS s
            FROM (SELECT comment_id, min(created_at) AS at FROM audit_log WHERE site_id = ${site} AND comment_id IS NOT NULL AND ${sql.raw(DECISION)} GROUP BY comment_id) f
            JOIN comments c ON c.id = f.comment_id AND c.site_id = ${site}
          ) d GROUP BY 3, 4`,
    ),
    ...SUBSCRIPTION_CONTRIBUTIONS.map((c) =>
      into().select(
        sql`SELECT s.site_id, ${sql.raw(c.metric)}, ${sql.raw(slot(c.at))}, ${sql.raw(c.subject)}, count(*) FROM subscriptions x JOIN subscribers s ON s.id = x.subscriber_id
            WHERE s.site_id = ${site} AND ${sql.raw(c.when)} GROUP BY 3, 4`,
      ),
    ),
    into().select(
      sql`SELECT site_id, 'email.' || type, 0, broadcast_id, count(*) FROM email_events
          WHERE site_id = ${site} AND broadcast_id IS NOT NULL GROUP BY type, broadcast_id`,
    ),
  ];
}

/** Every site's id. */
export async function siteIds(db: AppDb): Promise<string[]> {
  return (await db.select({ id: sites.id }).from(sites).all()).map((s) => s.id);
}

/** The installation's note that a site's rollups exist (built by a rebuild, or kept by the triggers since its start). */
const BACKFILLED = 'stats.backfilled:';

/** The sites the housekeeping job has already seen to. */
export async function backfilledSiteIds(db: AppDb): Promise<Set<string>> {
  const rows = await db.select({ key: instance.key }).from(instance).where(like(instance.key, `${BACKFILLED}%`)).all();
  return new Set(rows.map((r) => r.key.slice(BACKFILLED.length)));
}

/** Notes that a site's rollups are in place, so the housekeeping job looks at it no more. */
export function markBackfilledStatement(db: AppDb, siteId: string, at: number) {
  return db.insert(instance).values({ key: `${BACKFILLED}${siteId}`, value: new Date(at).toISOString() }).onConflictDoNothing();
}
