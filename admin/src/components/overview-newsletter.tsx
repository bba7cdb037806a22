import { useMemo } from 'preact/hooks';
import type { ChartSeries } from '../charts/chart-spec.ts';
import { formatCount, formatRate, total } from '../lib/stats-format.ts';
import { ChartFigure } from './chart-figure.tsx';
import { DataTable } from './data-table.tsx';
import type { StatsScope } from './overview-page.tsx';
import { StatTiles } from './stat-tiles.tsx';

/** Subscribers over time, gained and lost per day, confirmation, and the stories that bring them. */
export function OverviewNewsletter({ scope }: { scope: StatsScope }) {
  const { stats } = scope;
  const { newsletter } = stats;
  const confirmed = useMemo<ChartSeries[]>(
    () => [{ label: 'Confirmed subscribers', values: newsletter.confirmed, colorVar: '--chart-line', pattern: 'solid' }],
    [newsletter.confirmed],
  );
  const changes = useMemo<ChartSeries[]>(
    () => [
      { label: 'Gained', values: newsletter.gained, colorVar: '--chart-gained', pattern: 'solid' },
      { label: 'Lost', values: newsletter.lost, colorVar: '--chart-lost', pattern: 'stripes', down: true },
    ],
    [newsletter.gained, newsletter.lost],
  );
  const gained = total(newsletter.gained);
  const lost = total(newsletter.lost);

  return (
    <section class="card overview-section" aria-labelledby="overview-newsletter">
      <h2 id="overview-newsletter">Newsletter</h2>
      <StatTiles
        tiles={[
          { label: 'Confirmed subscribers', value: formatCount(newsletter.confirmed.at(-1) ?? 0), note: 'at the end of the period', testId: 'confirmed-now' },
          { label: 'Gained', value: formatCount(gained), testId: 'gained' },
          { label: 'Lost', value: formatCount(lost), note: 'unsubscribed or blocked', testId: 'lost' },
          {
            label: 'Confirmation rate',
            value: formatRate(newsletter.confirmationRate),
            note: newsletter.signups ? `${formatCount(newsletter.signupsConfirmed)} of ${formatCount(newsletter.signups)} sign-ups confirmed` : 'no sign-ups in this period',
            testId: 'confirmation-rate',
          },
        ]}
      />
      <div class="chart-pair">
        <ChartFigure
          title="Confirmed subscribers"
          description="Line chart of the newsletter's confirmed subscribers at the end of each day."
          kind="line"
          days={stats.days}
          series={confirmed}
          fileParts={scope.fileParts('subscribers')}
        />
        <ChartFigure
          title="Gained and lost per day"
          description="Bar chart of the subscribers gained each day, above the line, and lost, below it."
          kind="bars"
          days={stats.days}
          series={changes}
          fileParts={scope.fileParts('subscriber-changes')}
        />
      </div>
      <h3>Stories that turn readers into subscribers</h3>
      {newsletter.bySource.length ? (
        <DataTable columns={['Story', 'Comment form', 'Article form', 'Total']} caption="Newsletter sign-ups in this period by the story they came from" class="table-numbers">
          {newsletter.bySource.map((story) => (
            <tr key={story.pageId}>
              <td data-label="Story">
                {story.url ? (
                  <a href={story.url} class="break" target="_blank" rel="noopener noreferrer">
                    {story.title || story.key}
                  </a>
                ) : (
                  <span class="break">{story.title || story.key}</span>
                )}
              </td>
              <td data-label="Comment form">{formatCount(story.commentForm)}</td>
              <td data-label="Article form">{formatCount(story.articleForm)}</td>
              <td data-label="Total">{formatCount(story.commentForm + story.articleForm)}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p class="empty">No sign-up came from a story in this period.</p>
      )}
    </section>
  );
}
