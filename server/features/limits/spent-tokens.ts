import type { AppDb } from '../../../db/client.ts';
import { spentTokens } from '../../../db/schema.ts';

/**
 * Marks a single-use proof as spent. True the first time, false on every replay: the insert is
 * the check, so two requests racing with the same proof cannot both win.
 */
export async function spendOnce(db: AppDb, key: string, expiresAt: number): Promise<boolean> {
  const rows = await db.insert(spentTokens).values({ key, expiresAt }).onConflictDoNothing().returning({ key: spentTokens.key });
  return rows.length > 0;
}
