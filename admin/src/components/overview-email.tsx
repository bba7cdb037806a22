import type { SiteStats } from '../api/models.ts';
import { csvFileName, csvOf, downloadCsv } from '../lib/csv-download.ts';
import { useDashboard } from '../lib/dashboard-context.ts';
import { broadcastHref } from '../lib/routes.ts';
import { formatCount, formatRate, rate } from '../lib/stats-format.ts';
import { absoluteTime } from '../lib/time.ts';
import { DataTable } from './data-table.tsx';
import type { StatsScope } from './overview-page.tsx';

type Broadcast = SiteStats['email']['broadcasts'][number];

/**
 * Each count and what its rate is of: delivery and bounces of the mail sent, complaints, opens
 * and clicks of the mail that arrived (mail that bounced could not be opened).
 */
const COLUMNS: { label: string; count: (b: Broadcast) => number; of: ((b: Broadcast) => number) | null }[] = [
  { label: 'Sent', count: (b) => b.sent, of: null },
  { label: 'Delivered', count: (b) => b.delivered, of: (b) => b.sent },
  { label: 'Bounced', count: (b) => b.bounced, of: (b) => b.sent },
  { label: 'Complained', count: (b) => b.complained, of: (b) => b.delivered },
  { label: 'Opened', count: (b) => b.opened, of: (b) => b.delivered },
  { label: 'Clicked', count: (b) => b.clicked, of: (b) => b.delivered },
];

/** Per broadcast sent in the period: how its mail landed and was read. */
export function OverviewEmail({ scope }: { scope: StatsScope }) {
  const { isOwner } = useDashboard();
  const { broadcasts } = scope.stats.email;
  const download = () => {
    const header = ['subject', 'sent at', ...COLUMNS.flatMap((c) => (c.of ? [c.label.toLowerCase(), `${c.label.toLowerCase()} rate`] : [c.label.toLowerCase()]))];
    const rows = broadcasts.map((b) => [
      b.subject,
      b.sentAt,
      ...COLUMNS.flatMap((c) => (c.of ? [c.count(b), rate(c.count(b), c.of(b))] : [c.count(b)])),
    ]);
    downloadCsv(csvFileName(...scope.fileParts('email')), csvOf(header, rows));
  };

  return (
    <section class="card overview-section" aria-labelledby="overview-email">
      <div class="section-head">
        <h2 id="overview-email">Email</h2>
        {broadcasts.length ? (
          <button type="button" class="button button-small" onClick={download}>
            Download CSV<span class="visually-hidden"> of the broadcasts</span>
          </button>
        ) : null}
      </div>
      {broadcasts.length ? (
        <>
          <DataTable columns={['Broadcast', 'Sent at', ...COLUMNS.map((c) => c.label)]} caption="Newsletters sent in this period and how their mail landed" class="table-numbers table-email">
            {broadcasts.map((b) => (
              <tr key={b.id}>
                <td data-label="Broadcast" class="break">
                  {isOwner ? <a href={broadcastHref(b.id)}>{b.subject}</a> : b.subject}
                </td>
                <td data-label="Sent at">{b.sentAt ? <time dateTime={b.sentAt}>{absoluteTime(b.sentAt)}</time> : '–'}</td>
                {COLUMNS.map((c) => (
                  <td data-label={c.label} key={c.label}>
                    {formatCount(c.count(b))}
                    {c.of ? <span class="rate muted"> {formatRate(rate(c.count(b), c.of(b)))}</span> : null}
                  </td>
                ))}
              </tr>
            ))}
          </DataTable>
          <p class="muted help">Delivered and bounced are shares of the mail sent; complaints, opens and clicks of the mail delivered. Opens are approximate: some mail apps block the pixel that counts them, others fetch it for every message.</p>
        </>
      ) : (
        <p class="empty">No newsletter was sent in this period.</p>
      )}
    </section>
  );
}
