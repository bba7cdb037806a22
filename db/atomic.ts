import type { AppDb } from './client.ts';

/**
 * A write statement built with drizzle but not yet run (insert, update or delete, optionally with
 * `.returning()`). Build every statement of the write first, then hand them all to {@link atomic}.
 */
export type AtomicStatement = PromiseLike<unknown> & { toSQL(): { sql: string; params: unknown[] } };

type SyncRunnable = { run(): unknown; all(): unknown; config?: { returning?: unknown } };
type BatchCapable = { batch(items: readonly unknown[]): Promise<unknown[]> };

/**
 * A statement prepared once with placeholders (drizzle's `.prepare()` on better-sqlite3) and the
 * values of this run. Building the SQL and having SQLite compile it cost more than running it, so
 * hot writes keep their statements; see {@link preparesWrites}.
 */
export interface PreparedWrite {
  prepared: { run(values?: Record<string, unknown>): unknown; all(values?: Record<string, unknown>): unknown };
  values: Record<string, unknown>;
  /** Whether the statement has `.returning()`: its rows are the result. */
  returning: boolean;
}

/**
 * Whether writes on `db` may be {@link PreparedWrite}s: better-sqlite3, whose transaction runs
 * prepared statements as they are. D1's `batch()` takes only freshly built statements, so there
 * each write is built with its values (the Worker's cost is the round trip to D1 anyway).
 */
export function preparesWrites(db: AppDb): boolean {
  return typeof (db as unknown as Partial<BatchCapable>).batch !== 'function';
}

function isPrepared(statement: AtomicStatement | PreparedWrite): statement is PreparedWrite {
  return 'prepared' in statement;
}

/**
 * Runs several statements so that either all of them take effect or none does.
 *
 * On D1 that is `batch()`, the only atomic multi-statement write it offers; on better-sqlite3 it is
 * a transaction. Because D1 cannot pass one statement's result to the next, statements must be
 * complete before they run: ids come from the application and dependent values from subqueries.
 *
 * @returns one result per statement: rows for statements with `.returning()`, else a run result
 *   (see {@link changesOf}).
 * @example
 *   const [rows] = await atomic(db, [db.insert(comments).values(row).returning(), db.update(pages)...]);
 */
export async function atomic(db: AppDb, statements: readonly (AtomicStatement | PreparedWrite)[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  const maybeBatch = db as unknown as Partial<BatchCapable>;
  if (typeof maybeBatch.batch === 'function') {
    if (statements.some(isPrepared)) throw new Error('prepared writes are for better-sqlite3 only (see preparesWrites)');
    return maybeBatch.batch(statements);
  }
  // better-sqlite3: the transaction callback must be synchronous, so each builder is run with its
  // synchronous method. Awaiting a builder here would defer its error past the transaction and
  // commit the statements that came before it.
  const sync = db as unknown as { transaction<T>(fn: () => T): T };
  return sync.transaction(() =>
    statements.map((statement) => {
      if (isPrepared(statement)) return statement.returning ? statement.prepared.all(statement.values) : statement.prepared.run(statement.values);
      const runnable = statement as unknown as SyncRunnable;
      const returning = runnable.config !== undefined && 'returning' in runnable.config && runnable.config.returning;
      return returning ? runnable.all() : runnable.run();
    }),
  );
}

/** Rows changed by a statement run through {@link atomic} or awaited directly, on either driver. */
export function changesOf(result: unknown): number {
  const r = result as { changes?: number; meta?: { changes?: number } } | undefined;
  return r?.changes ?? r?.meta?.changes ?? 0;
}
