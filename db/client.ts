import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.ts';

/**
 * The drizzle database the features use. It is either better-sqlite3 (sync) or D1 (async);
 * features always `await` queries so both behave alike, and never learn which one they have.
 */
export type AppDb = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;
