import { useMemo } from 'preact/hooks';
import type { ChartSeries } from '../charts/chart-spec.ts';
import { queueHref } from '../lib/routes.ts';
import { formatCount, total } from '../lib/stats-format.ts';
import { ChartFigure } from './chart-figure.tsx';
import { DataTable } from './data-table.tsx';
import type { StatsScope } from './overview-page.tsx';
import { StatTiles } from './stat-tiles.tsx';

/** Comments per day by outcome, and the stories that drew the most. */
export function OverviewComments({ scope }: { scope: StatsScope }) {
  const { stats } = scope;
  const { comments } = stats;
  const series = useMemo<ChartSeries[]>(
    () => [
      { label: 'Published', values: comments.published, colorVar: '--chart-published', pattern: 'solid' },
      { label: 'Held', values: comments.held, colorVar: '--chart-held', pattern: 'stripes' },
      { label: 'Spam', values: comments.spam, colorVar: '--chart-spam', pattern: 'dots' },
      { label: 'Refused', values: comments.refused, colorVar: '--chart-refused', pattern: 'cross' },
    ],
    [comments],
  );
  const totals = series.map((s) => ({ label: s.label, sum: total(s.values) }));
  const any = totals.some((t) => t.sum > 0);

  return (
    <>
      <section class="card overview-section" aria-labelledby="overview-comments">
        <h2 id="overview-comments">Comments</h2>
        <StatTiles tiles={totals.map((t) => ({ label: t.label, value: formatCount(t.sum), testId: `total-${t.label.toLowerCase()}` }))} />
        {any ? (
          <ChartFigure
            title="Comments per day"
            description="Stacked bar chart of the comments posted each day, by outcome: published, held, spam and refused."
            kind="bars"
            days={stats.days}
            series={series}
            fileParts={scope.fileParts('comments')}
          />
        ) : (
          <p class="empty">No comments were posted in this period.</p>
        )}
      </section>
      <section class="card overview-section" aria-labelledby="overview-stories">
        <h2 id="overview-stories">Most discussed stories</h2>
        {stats.topStories.length ? (
          <DataTable columns={['Story', 'Comments']} caption="Stories with the most comments posted in this period" class="table-numbers">
            {stats.topStories.map((story) => (
              <tr key={story.pageId}>
                <td data-label="Story">
                  <a href={queueHref('all', { page: story.key })} class="break">
                    {story.title || story.key}
                    <span class="visually-hidden">: its comments in the queue</span>
                  </a>
                </td>
                <td data-label="Comments">{formatCount(story.comments)}</td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p class="empty">No story drew comments in this period.</p>
        )}
      </section>
    </>
  );
}
