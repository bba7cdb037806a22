import type { AppDb } from '../../../db/client.ts';
import { EMAIL_EVENT_TYPES } from '../../../db/schema.ts';
import type { Site } from '../sites/index.ts';
import { daysInZone, uniformRuns } from '../../calendar-days.ts';
import { broadcastCounters, broadcastsIn, dailyTotals, editorEmails, heldNow, subjectTotals, topPages, topSources, totalsBefore } from './counters.repo.ts';
import { summariseLatency } from './latency.ts';

/** How many stories the overview lists (most discussed, and sign-ups by story). */
const LISTED = 10;

const REFUSED_AT_DOOR = 'comments.refusedAtDoor';
const OUTCOMES = { published: 'comments.published', held: 'comments.held', spam: 'comments.spam', refused: 'comments.refused' } as const;

export interface StatsPeriod {
  /** UTC midnights of the first and last calendar day (inclusive). */
  from: number;
  to: number;
  tz: string;
}

/**
 * The overview of one site over calendar days in an editor's zone (GET …/stats): every number
 * comes from the rollups, summed per day between the zone's midnights.
 */
export async function siteOverview(db: AppDb, site: Site, period: StatsPeriod) {
  const { days, starts } = daysInZone(period.from, period.to, period.tz);
  const start = starts[0]!;
  const end = starts[starts.length - 1]!;
  const zeros = () => days.map(() => 0);

  const seriesMetrics = [...Object.values(OUTCOMES), REFUSED_AT_DOOR, 'newsletter.gained', 'newsletter.lost'];
  const series = new Map(seriesMetrics.map((m) => [m, zeros()]));
  for (const row of await dailyTotals(db, site.id, seriesMetrics, uniformRuns(starts))) {
    const i = Number(row.day);
    if (i >= 0 && i < days.length) series.get(row.metric)![i]! += Number(row.value);
  }

  const before = new Map((await totalsBefore(db, site.id, ['newsletter.gained', 'newsletter.lost'], start)).map((r) => [r.metric, Number(r.value)]));
  let confirmedSoFar = (before.get('newsletter.gained') ?? 0) - (before.get('newsletter.lost') ?? 0);
  const gained = series.get('newsletter.gained')!;
  const lost = series.get('newsletter.lost')!;
  const confirmed = days.map((_, i) => (confirmedSoFar += gained[i]! - lost[i]!));

  const perSubject = await subjectTotals(db, site.id, ['moderation.latency', 'editor.actions', 'signup.requested', 'signup.confirmed'], start, end);
  const ofMetric = (metric: string) => perSubject.filter((r) => r.metric === metric && Number(r.value) !== 0);
  const sumOf = (metric: string) => ofMetric(metric).reduce((n, r) => n + Number(r.value), 0);

  const latency = summariseLatency(ofMetric('moderation.latency').map((r) => ({ lowerSeconds: Number(r.subject), count: Number(r.value) })));
  const actions = ofMetric('editor.actions');
  const emails = new Map((await editorEmails(db, actions.map((r) => r.subject))).map((e) => [e.id, e.email]));
  const byEditor = actions
    .map((r) => ({ editorId: r.subject, email: emails.get(r.subject) ?? '', actions: Number(r.value) }))
    .sort((a, b) => b.actions - a.actions || a.email.localeCompare(b.email));

  const signups = sumOf('signup.requested');
  const signupsConfirmed = sumOf('signup.confirmed');
  const bySource = (await topSources(db, site.id, start, end, LISTED)).map((p) => ({ ...p, commentForm: Number(p.commentForm), articleForm: Number(p.articleForm) }));

  const sent = await broadcastsIn(db, site.id, start, end);
  const mailMetrics = EMAIL_EVENT_TYPES.map((t) => `email.${t}`);
  const mailCounts = new Map<string, number>();
  for (const r of await broadcastCounters(db, site.id, mailMetrics, sent.map((b) => b.id))) mailCounts.set(`${r.subject} ${r.metric}`, Number(r.value));
  const mail = (id: string, type: (typeof EMAIL_EVENT_TYPES)[number]) => mailCounts.get(`${id} email.${type}`) ?? 0;

  return {
    days,
    comments: {
      published: series.get(OUTCOMES.published)!,
      held: series.get(OUTCOMES.held)!,
      spam: series.get(OUTCOMES.spam)!,
      // Rejected by an editor, or refused before being stored (banned words, a banned commenter).
      refused: series.get(OUTCOMES.refused)!.map((n, i) => n + series.get(REFUSED_AT_DOOR)![i]!),
    },
    topStories: (await topPages(db, site.id, 'page.comments', start, end, LISTED)).map((p) => ({ ...p, comments: Number(p.comments) })),
    moderation: {
      // Held comments waiting for a decision (the Pending queue also lists published comments
      // readers flagged past the threshold: those are not held, and counting them would scan).
      queueNow: await heldNow(db, site.id),
      ...latency,
      byEditor,
    },
    newsletter: {
      confirmed,
      gained,
      lost,
      signups,
      signupsConfirmed,
      confirmationRate: signups > 0 ? signupsConfirmed / signups : null,
      bySource,
    },
    email: {
      broadcasts: sent.map((b) => ({
        id: b.id,
        subject: b.subject,
        sentAt: b.sentAt === null ? null : new Date(b.sentAt).toISOString(),
        sent: mail(b.id, 'sent'),
        delivered: mail(b.id, 'delivered'),
        bounced: mail(b.id, 'bounced'),
        complained: mail(b.id, 'complained'),
        opened: mail(b.id, 'opened'),
        clicked: mail(b.id, 'clicked'),
      })),
    },
  };
}
