import type { AppDb } from './client.ts';

/**
 * Statements built once per database and kept: `build` makes them with `sql.placeholder`s and
 * drizzle's `.prepare()` (which both better-sqlite3 and D1 offer), and each request passes its
 * values. On the hot paths, building the SQL and having SQLite compile it cost more than running it.
 * Keyed by the database object, so a closed database takes its statements with it.
 *
 * @example
 *   const queries = preparedPer((db) => ({ one: db.select().from(t).where(eq(t.id, sql.placeholder('id'))).prepare() }));
 *   await queries(db).one.get({ id });
 */
export function preparedPer<T>(build: (db: AppDb) => T): (db: AppDb) => T {
  const cache = new WeakMap<AppDb, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = build(db)));
    return statements;
  };
}
