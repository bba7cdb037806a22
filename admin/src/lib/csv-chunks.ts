/**
 * Splits a CSV file into requests the server accepts (it refuses bodies over 64 KB): each chunk
 * repeats the header row and holds whole records (a quoted field may span lines).
 */

export interface CsvChunk {
  csv: string;
  /** Records before this chunk's first one, so the server's line numbers can be made file-wide. */
  offset: number;
}

/**
 * The records of a CSV text, raw (quotes kept), without the line breaks between them or blank
 * lines. Quoting follows the server's parser: a quote opens only at the start of a field.
 */
export function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  let fieldStart = true;
  const push = (end: number) => {
    const record = text.slice(start, end);
    if (record.trim().replace(/,/g, '') !== '') records.push(record);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"' && fieldStart) quoted = true;
    else if (ch === '\n' || ch === '\r') {
      push(i);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
      fieldStart = true;
      continue;
    }
    fieldStart = !quoted && ch === ',';
  }
  if (start < text.length) push(text.length);
  return records;
}

const bytes = (text: string) => new TextEncoder().encode(text).length;

/** Chunks of at most maxBytes (a record longer than that goes alone; the server will say so). */
export function csvChunks(text: string, maxBytes = 40_000): CsvChunk[] {
  const [header = '', ...rows] = csvRecords(text.replace(/^\uFEFF/, ''));
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
