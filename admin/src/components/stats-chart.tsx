import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChartHandle, ChartSpec } from '../charts/chart-spec.ts';

type ChartModule = typeof import('../charts/uplot-chart.ts');

/** The chart chunk, fetched once when the first chart shows. */
let chartModule: Promise<ChartModule> | undefined;
function loadChartModule(): Promise<ChartModule> {
  chartModule ??= import('../charts/uplot-chart.ts').catch((err: unknown) => {
    // A failed fetch (a new release replaced the chunk, the network dropped) may be retried later.
    chartModule = undefined;
    throw err;
  });
  return chartModule;
}

interface Props {
  spec: ChartSpec;
  /** What the chart shows, for screen readers (its table follows it). */
  label: string;
  /** The day under the pointer, to read its numbers out beside the chart. */
  onHover(index: number | null): void;
}

/**
 * A chart drawn by the lazily loaded chart chunk: as wide as its box (redrawn when the box
 * changes), in the theme's colours (redrawn when light and dark switch). `spec` must keep its
 * identity while the data do (useMemo): a new one redraws.
 */
export function StatsChart({ spec, label, onHover }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const hover = useRef(onHover);
  hover.current = onHover;
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let chart: ChartHandle | undefined;
    let module: ChartModule | undefined;
    let gone = false;
    const draw = () => {
      chart?.destroy();
      chart = module?.drawChart(el, spec, el.clientWidth, (index) => hover.current(index));
    };
    loadChartModule().then(
      (loaded) => {
        if (gone) return;
        module = loaded;
        draw();
      },
      () => !gone && setFailed(true),
    );
    let width = el.clientWidth;
    const resized = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      chart?.setWidth(width);
    });
    resized.observe(el);
    const dark = matchMedia('(prefers-color-scheme: dark)');
    dark.addEventListener('change', draw);
    return () => {
      gone = true;
      resized.disconnect();
      dark.removeEventListener('change', draw);
      chart?.destroy();
    };
  }, [spec]);

  if (failed) {
    return <p class="chart-failed muted">The chart could not be loaded. The table below has the same numbers.</p>;
  }
  // Time runs left to right in every language, so the drawing keeps that direction in RTL pages.
  return <div class="chart" dir="ltr" role="img" aria-label={label} ref={box} style={{ height: `${spec.height}px` }} />;
}
