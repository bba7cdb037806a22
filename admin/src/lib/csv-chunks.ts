/**
 * Splits a CSV file into requests the server accepts (it refuses bodies over 64 KB): each chunk
 * repeats the header row and holds whole records (a quoted field may span lines), found by the
 * server's own parser so both agree on where a record ends.
 */
import { csvRecords } from '../../../server/csv.ts';

export interface CsvChunk {
  csv: string;
  /** Records before this chunk's first one, so the server's line numbers can be made file-wide. */
  offset: number;
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Chunks of at most maxBytes (a record longer than that goes alone; the server will say so). */
export function csvChunks(text: string, maxBytes = 40_000): CsvChunk[] {
  const [header = '', ...rows] = csvRecords(text.replace(/^\uFEFF/, '')).map((r) => r.raw);
  const chunks: CsvChunk[] = [];
  let current: string[] = [];
  let size = bytes(header);
  let offset = 0;
  const flush = () => {
    chunks.push({ csv: [header, ...current].join('\n'), offset });
    offset += current.length;
    current = [];
    size = bytes(header);
  };
  for (const row of rows) {
    // JSON escaping can double quotes and backslashes; count generously.
    const rowSize = bytes(row) + (row.match(/["\\]/g)?.length ?? 0) + 2;
    if (current.length > 0 && size + rowSize > maxBytes) flush();
    current.push(row);
    size += rowSize;
  }
  if (current.length > 0 || chunks.length === 0) flush();
  return chunks;
}
