import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * D1 binds at most 100 parameters per statement (SQLite itself allows 32,766), so a long `IN (…)`
 * list or a multi-row insert that works on better-sqlite3 fails on D1. Lists that can grow with
 * the data go through these helpers.
 */
export const D1_MAX_BOUND_PARAMETERS = 100;

/** Items per `IN (…)` list: leaves room for the few other parameters a statement binds. */
export const IN_LIST_CHUNK = 80;

/** Splits a list into consecutive slices of at most `size` items. */
export function chunked<T>(items: readonly T[], size: number = IN_LIST_CHUNK): T[][] {
  if (size < 1) throw new RangeError('chunk size must be at least 1');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs a query once per slice of `items` (one after another, not all at once, so a large list
 * does not flood the database) and concatenates the rows. The query may answer synchronously
 * (better-sqlite3) or with a promise (D1).
 */
export async function queryInChunks<T, R>(items: readonly T[], query: (slice: T[]) => R[] | PromiseLike<R[]>, size: number = IN_LIST_CHUNK): Promise<R[]> {
  const rows: R[] = [];
  for (const slice of chunked(items, size)) rows.push(...(await query(slice)));
  return rows;
}

/**
 * Rows per multi-row INSERT into `table` that stay under D1's limit. Drizzle binds a value for
 * every column of every row (defaults included), so the count is by the table's columns, not by
 * the fields the caller sets.
 */
export function rowsPerInsert(table: Table): number {
  return Math.max(1, Math.floor(D1_MAX_BOUND_PARAMETERS / Object.keys(getTableColumns(table)).length));
}
