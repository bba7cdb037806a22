import type { AppDb } from './client.ts';

/**
 * A write statement built with drizzle but not yet run (insert, update or delete, optionally with
 * `.returning()`). Build every statement of the write first, then hand them all to {@link atomic}.
 */
export type AtomicStatement = PromiseLike<unknown> & { toSQL(): { sql: string; params: unknown[] } };

type SyncRunnable = { run(): unknown; all(): unknown; config?: { returning?: unknown } };
type BatchCapable = { batch(items: readonly unknown[]): Promise<unknown[]> };

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
export async function atomic(db: AppDb, statements: readonly AtomicStatement[]): Promise<unknown[]> {
  if (statements.length === 0) return [];
  const maybeBatch = db as unknown as Partial<BatchCapable>;
  if (typeof maybeBatch.batch === 'function') {
    return maybeBatch.batch(statements);
  }
  // better-sqlite3: the transaction callback must be synchronous, so each builder is run with its
  // synchronous method. Awaiting a builder here would defer its error past the transaction and
  // commit the statements that came before it.
  const sync = db as unknown as { transaction<T>(fn: () => T): T };
  return sync.transaction(() =>
    statements.map((statement) => {
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
