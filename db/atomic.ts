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
  return groupCommit(db as unknown as SyncDb, statements);
}

type SyncDb = { transaction<T>(fn: (tx: SyncDb) => T, config?: { behavior?: 'deferred' | 'immediate' | 'exclusive' }): T };

/** Runs one write's statements. Synchronous: see {@link groupCommit}. */
function runStatements(statements: readonly (AtomicStatement | PreparedWrite)[]): unknown[] {
  // Each builder is run with its synchronous method: awaiting one would defer its error past the
  // transaction and commit the statements that came before it.
  return statements.map((statement) => {
    if (isPrepared(statement)) return statement.returning ? statement.prepared.all(statement.values) : statement.prepared.run(statement.values);
    const runnable = statement as unknown as SyncRunnable;
    const returning = runnable.config !== undefined && 'returning' in runnable.config && runnable.config.returning;
    return returning ? runnable.all() : runnable.run();
  });
}

interface QueuedWrite {
  statements: readonly (AtomicStatement | PreparedWrite)[];
  resolve(results: unknown[]): void;
  reject(error: unknown): void;
}

/** The writes waiting for the next commit, per database. */
const queuedWrites = new WeakMap<object, QueuedWrite[]>();

// Taken at load, so that a test's fake timers cannot stop commits.
const soon: (run: () => void) => void = typeof setImmediate === 'function' ? setImmediate : (run) => setTimeout(run, 0);

/**
 * Group commit on better-sqlite3: the writes that reach here while the event loop is busy (the
 * posts of one burst) are committed together, each inside its own savepoint. A commit costs more
 * than the statements (locks, the WAL append: profiled, most of a post's write), so one commit
 * for several writes is where posting gets its throughput; each write still takes effect entirely
 * or not at all, and its caller hears of it only once it is committed.
 *
 * The queue is flushed after the I/O of the current loop turn (setImmediate), so a write waits at
 * most for the requests already being handled. A failed write is rolled back to its savepoint and
 * rejected alone; a commit that fails (the database locked by another process past the busy
 * timeout) rejects every write of the batch, none of which took effect.
 */
function groupCommit(db: SyncDb, statements: readonly (AtomicStatement | PreparedWrite)[]): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let queue = queuedWrites.get(db);
    if (!queue) {
      queue = [];
      queuedWrites.set(db, queue);
      soon(() => flush(db));
    }
    queue.push({ statements, resolve, reject });
  });
}

function flush(db: SyncDb): void {
  const queue = queuedWrites.get(db) ?? [];
  queuedWrites.delete(db);
  if (queue.length === 1) {
    // Alone: a plain transaction, no savepoint.
    const [write] = queue as [QueuedWrite];
    try {
      write.resolve(db.transaction(() => runStatements(write.statements)));
    } catch (error) {
      write.reject(error);
    }
    return;
  }
  const outcomes: ({ ok: true; results: unknown[] } | { ok: false; error: unknown })[] = [];
  try {
    // IMMEDIATE: the write lock is taken once, up front, instead of by the first statement.
    db.transaction(
      (tx) => {
        for (const write of queue) {
          try {
            outcomes.push({ ok: true, results: tx.transaction(() => runStatements(write.statements)) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      },
      { behavior: 'immediate' },
    );
  } catch (error) {
    for (const write of queue) write.reject(error);
    return;
  }
  queue.forEach((write, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) write.resolve(outcome.results);
    else write.reject(outcome.error);
  });
}

/**
 * Runs one prepared write with `.returning()` and answers its rows. On better-sqlite3 it joins
 * the next group commit ({@link groupCommit}), so the counters every post bumps share a commit with
 * the other writes of the moment instead of each paying for its own.
 */
export async function runPreparedWrite(db: AppDb, prepared: PreparedWrite['prepared'], values: Record<string, unknown>): Promise<unknown[]> {
  if (!preparesWrites(db)) return (await prepared.all(values)) as unknown[];
  const [rows] = await atomic(db, [{ prepared, values, returning: true }]);
  return rows as unknown[];
}

/** Rows changed by a statement run through {@link atomic} or awaited directly, on either driver. */
export function changesOf(result: unknown): number {
  const r = result as { changes?: number; meta?: { changes?: number } } | undefined;
  return r?.changes ?? r?.meta?.changes ?? 0;
}
