import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '../../../db/client.ts';
import { comments, subscribers, suppressions } from '../../../db/schema.ts';
import { columnsOf, EXPORT_FORMAT, EXPORT_VERSION, isTimeField, type Section, SECTIONS } from './export-format.ts';

/** Rows read per query: enough to amortise the query, small enough to keep memory flat. */
const PAGE_ROWS = 500;

export interface ExportOptions {
  /** One site's data, or every site's when undefined. */
  siteId?: string | undefined;
  /** Written as exportedAt; the only field that differs between two exports of the same data. */
  now: number;
}

export interface ExportCounts {
  [section: string]: number;
}

function scopeOf(section: Section, columns: Record<string, SQLiteColumn>, siteId: string): SQL | undefined {
  const scope = section.scope;
  switch (scope.by) {
    case 'column':
      return eq(columns[scope.column]!, siteId);
    case 'parent': {
      const parent = scope.parent === 'comments' ? comments : subscribers;
      return sql`${columns[scope.via]!} in (select ${parent.id} from ${parent} where ${parent.siteId} = ${siteId})`;
    }
    case 'everything':
      return undefined;
    case 'emails-of-site':
      // Only the do-not-mail entries of this site's own people, so a site export does not carry
      // other sites' addresses along.
      return sql`${suppressions.email} in (select ${subscribers.email} from ${subscribers} where ${subscribers.siteId} = ${siteId}
        union select ${comments.authorEmail} from ${comments} where ${comments.siteId} = ${siteId} and ${comments.authorEmail} is not null)`;
  }
}

/** A database row as it appears in the file: times as ISO strings, JSON columns as JSON. */
export function toRecord(section: Section, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(columnsOf(section))) {
    const value = row[key];
    if (value !== null && isTimeField(key) && typeof value === 'number') out[key] = new Date(value).toISOString();
    else if (value !== null && section.json?.includes(key) && typeof value === 'string') out[key] = JSON.parse(value);
    else out[key] = value;
  }
  return out;
}

/** Every row of a section in its sort order, read a page at a time by keyset. */
async function* rowsOf(db: AppDb, section: Section, siteId: string | undefined): AsyncGenerator<Record<string, unknown>> {
  const columns = columnsOf(section);
  const order = section.orderBy.map((key) => columns[key]!);
  const scope = siteId === undefined ? undefined : scopeOf(section, columns, siteId);
  let after: unknown[] | undefined;
  for (;;) {
    const keyset = after
      ? sql`(${sql.join(order, sql`, `)}) > (${sql.join(after.map((v) => sql`${v}`), sql`, `)})`
      : undefined;
    const rows = (await db
      .select(columns)
      .from(section.table)
      .where(and(scope, keyset))
      .orderBy(...order.map((c) => asc(c)))
      .limit(PAGE_ROWS)
      .all()) as Record<string, unknown>[];
    for (const row of rows) yield row;
    if (rows.length < PAGE_ROWS) return;
    const last = rows[rows.length - 1]!;
    after = section.orderBy.map((key) => last[key]);
  }
}

/**
 * The export as a stream of text chunks (one record a line), so a large site never sits in
 * memory as one string. `counts` is filled in as sections are written.
 */
export async function* exportChunks(db: AppDb, options: ExportOptions, counts: ExportCounts = {}): AsyncGenerator<string> {
  const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(options.now).toISOString(), site: options.siteId ?? null };
  yield `${JSON.stringify(header).slice(0, -1)},\n`;
  for (const [i, section] of SECTIONS.entries()) {
    yield `${JSON.stringify(section.name)}:[`;
    let n = 0;
    for await (const row of rowsOf(db, section, options.siteId)) {
      yield `${n === 0 ? '\n' : ',\n'}${JSON.stringify(toRecord(section, row))}`;
      n++;
    }
    counts[section.name] = n;
    yield `${n === 0 ? '' : '\n'}]${i === SECTIONS.length - 1 ? '\n}\n' : ',\n'}`;
  }
}
