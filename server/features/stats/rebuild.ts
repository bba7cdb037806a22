import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { hasCounters } from './counters.repo.ts';
import { rebuildStatements, siteIds } from './rebuild.repo.ts';

/**
 * Recomputes a site's rollups from the base tables in one atomic write (the same numbers the
 * triggers keep), e.g. after restoring a backup, or for history from before the rollups existed.
 */
export async function rebuildStats(db: AppDb, siteId: string): Promise<void> {
  await atomic(db, rebuildStatements(db, siteId));
}

/**
 * The housekeeping job's part: a site with no rollup yet (an installation upgraded with history)
 * gets its rollups built once. A site with rollups is left to its triggers.
 * @returns the sites rebuilt.
 */
export async function backfillStats(db: AppDb): Promise<string[]> {
  const rebuilt: string[] = [];
  for (const id of await siteIds(db)) {
    if (await hasCounters(db, id)) continue;
    await rebuildStats(db, id);
    rebuilt.push(id);
  }
  return rebuilt;
}
