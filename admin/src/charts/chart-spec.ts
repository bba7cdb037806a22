/**
 * What the Overview asks a chart to draw, free of the charting library, so pages and tests build
 * it without loading uPlot (which only the chart chunk, uplot-chart.ts, imports).
 */

/** How a series' bars are filled besides their colour, so series differ without colour too. */
export type FillPattern = 'solid' | 'stripes' | 'dots' | 'cross';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  /** The CSS custom property with its colour (read when drawn, so light and dark both apply). */
  colorVar: string;
  pattern: FillPattern;
  /** Bars that grow down from the axis (losses), stacked below it. */
  down?: boolean;
}

export interface ChartSpec {
  /** Stacked bars per day, or one line per series. */
  kind: 'bars' | 'line';
  /** One label per point on the x axis (the days). */
  labels: readonly string[];
  series: readonly ChartSeries[];
  /** Height in CSS pixels. */
  height: number;
  /** How axis values are written (whole numbers, read absolute for bars below the axis). */
  formatValue(value: number): string;
}

/** What the chart chunk hands back: resize it to its box, or remove it. */
export interface ChartHandle {
  setWidth(width: number): void;
  destroy(): void;
}
