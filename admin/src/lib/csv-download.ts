/** CSV files the dashboard builds itself (the Overview's series) and hands to the browser as downloads. */
import { toCsv } from '../../../server/csv.ts';

export type CsvCell = string | number | null;

/** A CSV text (RFC 4180 quoting, formulas neutralised) of a header row and rows; null is an empty field. */
export function csvOf(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return toCsv([[...header], ...rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))]);
}

/** A file name of its parts, e.g. parley-demo-comments-2026-11-01-2026-11-30.csv, safe on every system. */
export function csvFileName(...parts: string[]): string {
  return `${['parley', ...parts].map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-')}.csv`;
}

/** Saves `text` as a file named `fileName`, built in the page: no request, nothing stored on the server. */
export function downloadCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next task; until then the URL must stay valid.
  setTimeout(() => URL.revokeObjectURL(url));
}
