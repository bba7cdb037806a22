/**
 * CSV (RFC 4180 quoting) for the subscriber export and import. The one parser: the server reads
 * uploads with it, and the dashboard splits large files into requests with it, so both agree on
 * where a record ends (a quoted field may hold commas, quotes and line breaks).
 */

/** Quotes a field when needed, and neutralises spreadsheet formulas (CSV injection). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One record of a CSV text: its fields, and its text as written (quotes kept, no line break). */
export interface CsvRecord {
  fields: string[];
  raw: string;
}

/** The records of a CSV text, without blank ones (every field empty or white space). */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let start = 0;
  const endRecord = (end: number) => {
    row.push(field);
    if (row.some((f) => f.trim() !== '')) records.push({ fields: row, raw: text.slice(start, end) });
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      endRecord(i);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) endRecord(text.length);
  return records;
}

/** Parses CSV text into rows of fields, blank rows left out. */
export function parseCsv(text: string): string[][] {
  return csvRecords(text).map((r) => r.fields);
}
