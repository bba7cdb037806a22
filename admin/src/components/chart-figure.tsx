import { useMemo, useState } from 'preact/hooks';
import type { ChartSeries, ChartSpec } from '../charts/chart-spec.ts';
import { csvFileName, csvOf, downloadCsv } from '../lib/csv-download.ts';
import { formatCount, formatDay, formatShortDay } from '../lib/stats-format.ts';
import { StatsChart } from './stats-chart.tsx';

interface Props {
  /** The figure's heading. */
  title: string;
  /** What the chart shows, said to screen readers in place of the drawing. */
  description: string;
  kind: ChartSpec['kind'];
  days: readonly string[];
  series: readonly ChartSeries[];
  /** The CSV's name parts after "parley": site, what, period. */
  fileParts: string[];
  height?: number;
}

/**
 * A chart of series per day with its legend, the same numbers as a table (for screen readers,
 * keyboards and anyone who wants the figures) and a CSV download of them.
 */
export function ChartFigure({ title, description, kind, days, series, fileParts, height = 220 }: Props) {
  const [hovered, setHovered] = useState<number | null>(null);
  const spec = useMemo<ChartSpec>(
    () => ({ kind, labels: days.map(formatShortDay), series, height, formatValue: formatCount }),
    [kind, days, series, height],
  );
  const download = () => {
    const text = csvOf(
      ['day', ...series.map((s) => s.label)],
      days.map((day, i) => [day, ...series.map((s) => s.values[i] ?? 0)]),
    );
    downloadCsv(csvFileName(...fileParts), text);
  };
  const day = hovered === null ? undefined : days[hovered];

  return (
    <figure class="chart-figure">
      <figcaption class="chart-head">
        <h3>{title}</h3>
        <button type="button" class="button button-small" onClick={download}>
          Download CSV<span class="visually-hidden"> of {title.toLowerCase()}</span>
        </button>
        <ul class="chart-legend">
          {series.map((s) => (
            <li key={s.label}>
              <span class={`swatch swatch-${s.pattern}`} style={{ '--swatch': `var(${s.colorVar})` }} aria-hidden="true" />
              {s.label}
              {s.down ? <span class="muted"> (below the line)</span> : null}
            </li>
          ))}
        </ul>
      </figcaption>
      <StatsChart spec={spec} label={`${description} The table below lists the same numbers.`} onHover={setHovered} />
      {/* What is under the pointer, in words; screen readers have the table instead. */}
      <p class="chart-readout muted" aria-hidden="true">
        {day ? (
          <>
            <strong>{formatDay(day)}</strong>
            {series.map((s) => (
              <span key={s.label}>
                {s.label} {formatCount(s.values[hovered!] ?? 0)}
              </span>
            ))}
          </>
        ) : (
          ' '
        )}
      </p>
      <details class="chart-table">
        <summary>Show as table</summary>
        <div class="table-scroll">
          <table class="table table-numbers">
            <caption class="visually-hidden">{title}, per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d, i) => (
                <tr key={d}>
                  <th scope="row">
                    <time dateTime={d}>{formatDay(d)}</time>
                  </th>
                  {series.map((s) => (
                    <td key={s.label}>{formatCount(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
