import { useMemo } from 'preact/hooks';
import { getStats } from '../api/endpoints.ts';
import type { SiteStats } from '../api/models.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { overviewHref } from '../lib/routes.ts';
import { formatDay } from '../lib/stats-format.ts';
import { browserTimeZone, PERIOD_LABELS, PERIODS, type Period, periodName, periodRange } from '../lib/stats-period.ts';
import { useResource } from '../lib/use-resource.ts';
import { Loadable } from './loadable.tsx';
import { OverviewComments } from './overview-comments.tsx';
import { OverviewEmail } from './overview-email.tsx';
import { OverviewModeration } from './overview-moderation.tsx';
import { OverviewNewsletter } from './overview-newsletter.tsx';

/** The periods as links: the choice lives in the URL, so a reload or a shared link keeps it. */
function PeriodPicker({ current }: { current: Period }) {
  return (
    <nav class="tabs period-picker" aria-label="Period">
      <ul>
        {PERIODS.map((period) => (
          <li key={period}>
            <a href={overviewHref(period)} aria-current={period === current ? 'page' : undefined} title={periodName(period)} data-period={period}>
              <bdi aria-hidden="true">{PERIOD_LABELS[period]}</bdi>
              <span class="visually-hidden">{periodName(period)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What the numbers below cover, for the CSV file names: site, then first and last day. */
export interface StatsScope {
  stats: SiteStats;
  fileParts: (what: string) => string[];
}

/**
 * The dashboard's first page: for the chosen site and period, comments by outcome and the stories
 * that drew them, how the queue is kept, how the newsletter grows and how its mail lands.
 */
export function OverviewPage({ period }: { period: Period }) {
  const { site } = useDashboard();
  // Days in the editor's zone, worked out once per period (not on every render near midnight).
  const range = useMemo(() => periodRange(period, new Date(), browserTimeZone()), [period]);
  const stats = useResource((signal) => getStats({ site: site.id, ...range }, signal), [site.id, range.from, range.to, range.tz]);

  return (
    <div class="page page-overview" aria-busy={stats.loading ? 'true' : undefined}>
      <div class="page-head">
        <h1 tabIndex={-1}>Overview</h1>
        <p class="page-sub muted">
          {site.name}: {periodName(period).toLowerCase()}, {formatDay(range.from)} to {formatDay(range.to)} ({range.tz} time)
        </p>
      </div>
      <PeriodPicker current={period} />
      <Loadable resource={stats} what="the overview">
        {(data) => {
          const scope: StatsScope = { stats: data, fileParts: (what) => [data.site, what, data.from, data.to] };
          return (
            <div class="overview">
              <OverviewComments scope={scope} />
              <OverviewModeration scope={scope} />
              <OverviewNewsletter scope={scope} />
              <OverviewEmail scope={scope} />
            </div>
          );
        }}
      </Loadable>
    </div>
  );
}
