import { atomic } from '../../../db/atomic.ts';
import type { AppDb } from '../../../db/client.ts';
import { hasCounters } from './counters.repo.ts';
import { backfilledSiteIds, markBackfilledStatement, rebuildStatements, siteIds } from './rebuild.repo.ts';

/**
 * Recomputes a site's rollups from the base tables in one atomic write (the same numbers the
 * triggers keep), e.g. after restoring a backup, or for history from before the rollups existed.
 */
export async function rebuildStats(db: AppDb, siteId: string): Promise<void> {
  await atomic(db, rebuildStatements(db, siteId));
}

/**
 * The housekeeping job's part: a site with no rollup yet (an installation upgraded with history)
 * gets its rollups built once, in the same write as the note that it was done; a site that has
 * rollups already (kept by the triggers) only gets the note. Noted sites are not looked at again,
 * so each run costs one read.
 * @returns the sites rebuilt.
 */
export async function backfillStats(db: AppDb, now: number): Promise<string[]> {
  const done = await backfilledSiteIds(db);
  const rebuilt: string[] = [];
  for (const id of await siteIds(db)) {
    if (done.has(id)) continue;
    if (await hasCounters(db, id)) {
      await atomic(db, [markBackfilledStatement(db, id, now)]);
      continue;
    }
    await atomic(db, [...rebuildStatements(db, id), markBackfilledStatement(db, id, now)]);
    rebuilt.push(id);
  }
  return rebuilt;
}
