/**
 * Draws an Overview chart with uPlot. This module is the dashboard's only import of uPlot and is
 * loaded with import() when a chart first shows, so esbuild puts both in a chunk of their own and
 * the other pages never download them.
 */
import uPlot from 'uplot';
import type { ChartHandle, ChartSeries, ChartSpec, FillPattern } from './chart-spec.ts';

/** The colours of the dashboard's theme, read from its custom properties at drawing time. */
function themeColour(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || 'currentColor';
}

/**
 * A fill of the series' colour with a pattern in the card's colour over it: the patterns tell
 * the series apart for readers who cannot tell the colours apart, and match the legend's swatches.
 */
function patternFill(ctx: CanvasRenderingContext2D, pattern: FillPattern, colour: string, over: string): CanvasRenderingContext2D['fillStyle'] {
  if (pattern === 'solid') return colour;
  const size = Math.round(8 * uPlot.pxRatio);
  const tile = document.createElement('canvas');
  tile.width = tile.height = size;
  const t = tile.getContext('2d');
  if (!t) return colour;
  t.fillStyle = colour;
  t.fillRect(0, 0, size, size);
  t.strokeStyle = over;
  t.fillStyle = over;
  t.lineWidth = Math.max(1, uPlot.pxRatio * 1.5);
  if (pattern === 'dots') {
    t.beginPath();
    t.arc(size / 2, size / 2, size / 5, 0, Math.PI * 2);
    t.fill();
  } else {
    t.beginPath();
    // Diagonals drawn past the tile's corners so neighbouring tiles join into unbroken lines.
    t.moveTo(-1, size + 1);
    t.lineTo(size + 1, -1);
    if (pattern === 'cross') {
      t.moveTo(-1, -1);
      t.lineTo(size + 1, size + 1);
    }
    t.stroke();
  }
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

/**
 * Bars stack by drawing running totals from the tallest down: each series' bar covers the part of
 * the one drawn before it that is its own. Series below the axis stack the same way, negated.
 */
function stackedData(series: readonly ChartSeries[], length: number): { order: ChartSeries[]; rows: number[][] } {
  const order: ChartSeries[] = [];
  const rows: number[][] = [];
  for (const down of [false, true]) {
    const group = series.filter((s) => Boolean(s.down) === down);
    const totals: number[][] = [];
    let running = new Array<number>(length).fill(0);
    for (const s of group) {
      running = running.map((sum, i) => sum + (s.values[i] ?? 0) * (down ? -1 : 1));
      totals.push(running);
    }
    for (let i = group.length - 1; i >= 0; i--) {
      order.push(group[i]!);
      rows.push(totals[i]!);
    }
  }
  return { order, rows };
}

/** As many day labels as fit without overlapping, on whole days. */
function daySplits(count: number, width: number): number[] {
  const fit = Math.max(2, Math.floor(width / 64));
  const step = Math.max(1, Math.ceil(count / fit));
  const splits: number[] = [];
  for (let i = 0; i < count; i += step) splits.push(i);
  return splits;
}

/** Draws `spec` into `target` at `width`; `onHover` gets the index of the day under the pointer. */
export function drawChart(target: HTMLElement, spec: ChartSpec, width: number, onHover: (index: number | null) => void): ChartHandle {
  const count = spec.labels.length;
  const xs = spec.labels.map((_, i) => i);
  const text = themeColour(target, '--chart-text');
  const grid = themeColour(target, '--chart-grid');
  const surface = themeColour(target, '--surface');
  const font = `12px ${themeColour(target, '--font')}`;
  const bars = spec.kind === 'bars';
  const { order, rows } = bars ? stackedData(spec.series, count) : { order: [...spec.series], rows: spec.series.map((s) => [...s.values]) };
  const drawBars = uPlot.paths.bars!({ size: [0.72, 48], gap: 1 });

  const options: uPlot.Options = {
    width,
    height: spec.height,
    legend: { show: false },
    // No drag-to-zoom: a period is chosen with the picker above, and a drag would hide days.
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: !bars } },
    scales: {
      x: { time: false, range: () => (bars ? [-0.5, count - 0.5] : [0, Math.max(1, count - 1)]) },
      y: { range: (_u, min, max) => uPlot.rangeNum(Math.min(0, min), Math.max(1, max), 0.1, true) },
    },
    axes: [
      {
        stroke: text,
        font,
        grid: { show: false },
        ticks: { stroke: grid },
        splits: (u) => daySplits(count, u.bbox.width / uPlot.pxRatio),
        values: (_u, splits) => splits.map((i) => spec.labels[i] ?? ''),
      },
      {
        stroke: text,
        font,
        // As wide as its longest label (a count in the hundred thousands needs more than a dozen).
        size: (_u, values) => Math.max(32, Math.max(0, ...(values ?? []).map((v) => String(v).length)) * 7 + 18),
        grid: { stroke: grid, width: 1 },
        ticks: { show: false },
        // Only whole numbers: these are counts.
        splits: (u, _axis, min, max) => {
          const ticks: number[] = [];
          const span = max - min || 1;
          const step = niceStep(span / Math.max(2, Math.floor(u.bbox.height / uPlot.pxRatio / 40)));
          for (let v = Math.ceil(min / step) * step; v <= max; v += step) ticks.push(v);
          return ticks;
        },
        values: (_u, splits) => splits.map((v) => spec.formatValue(Math.abs(v))),
      },
    ],
    series: [
      {},
      ...order.map<uPlot.Series>((s) => {
        const colour = themeColour(target, s.colorVar);
        return bars
          ? { label: s.label, paths: drawBars, stroke: colour, width: 0, fill: (u) => patternFill(u.ctx, s.pattern, colour, surface), points: { show: false } }
          : { label: s.label, stroke: colour, width: 2, points: { show: count <= 31, size: 6, fill: surface } };
      }),
    ],
    hooks: {
      setCursor: [(u) => onHover(u.cursor.idx ?? null)],
    },
  };
  const chart = new uPlot(options, [xs, ...rows], target);
  return {
    setWidth: (w) => chart.setSize({ width: w, height: spec.height }),
    destroy: () => chart.destroy(),
  };
}

/** 1, 2 or 5 times a power of ten, at least `rough` and never below 1. */
function niceStep(rough: number): number {
  if (rough <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return m * power;
  return 10 * power;
}
