import { sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { runPreparedWrite } from '../../../db/atomic.ts';
import { preparedPer } from '../../../db/prepared.ts';
import { spentTokens } from '../../../db/schema.ts';

const p = sql.placeholder;

// Run by every protected form's submission: prepared once per database.
const spendQueries = preparedPer((db) => ({
  spend: db.insert(spentTokens).values({ key: p('key'), expiresAt: p('expiresAt') }).onConflictDoNothing().returning({ key: spentTokens.key }).prepare(),
}));

/**
 * Marks a single-use proof as spent. True the first time, false on every replay: the insert is
 * the check, so two requests racing with the same proof cannot both win.
 */
export async function spendOnce(db: AppDb, key: string, expiresAt: number): Promise<boolean> {
  const rows = (await runPreparedWrite(db, spendQueries(db).spend, { key, expiresAt })) as unknown[];
  return rows.length > 0;
}
