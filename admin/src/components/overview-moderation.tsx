import { queueHref } from '../lib/routes.ts';
import { formatCount, formatWait } from '../lib/stats-format.ts';
import { DataTable } from './data-table.tsx';
import type { StatsScope } from './overview-page.tsx';
import { StatTiles } from './stat-tiles.tsx';

/** The queue now, how long readers waited for a decision, and who decided. */
export function OverviewModeration({ scope }: { scope: StatsScope }) {
  const { moderation } = scope.stats;
  return (
    <section class="card overview-section" aria-labelledby="overview-moderation">
      <h2 id="overview-moderation">Moderation</h2>
      <StatTiles
        tiles={[
          { label: 'Waiting now', value: formatCount(moderation.queueNow), note: <a href={queueHref('pending')}>Open the queue</a>, testId: 'queue-now' },
          { label: 'Decisions', value: formatCount(moderation.decisions), note: 'first decisions on comments', testId: 'decisions' },
          { label: 'Median wait', value: formatWait(moderation.medianSeconds), note: 'from post to decision', testId: 'median-wait' },
          { label: '90th percentile', value: formatWait(moderation.p90Seconds), note: '9 in 10 were decided within this', testId: 'p90-wait' },
        ]}
      />
      <h3>Actions per editor</h3>
      {moderation.byEditor.length ? (
        <DataTable columns={['Editor', 'Actions']} caption="Moderation actions per editor in this period" class="table-numbers">
          {moderation.byEditor.map((row) => (
            <tr key={row.editorId}>
              <td data-label="Editor" class="break">
                {row.email}
              </td>
              <td data-label="Actions">{formatCount(row.actions)}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <p class="empty">No editor acted in this period.</p>
      )}
    </section>
  );
}
